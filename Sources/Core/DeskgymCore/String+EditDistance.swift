extension String {
    /// The longest name, in Unicode code points, that a "did you mean" suggestion is looked up for.
    ///
    /// Every name a grammar, a task file or the HTTP API knows is far shorter, so a longer one is no
    /// typo of it; and the edit distance costs time in proportion to the product of the lengths, which
    /// a name of megabytes from untrusted input would turn into seconds.
    public static let longestSuggestibleName = 64

    /// Whether a "did you mean" suggestion is looked up for this name: whether it is at most
    /// ``longestSuggestibleName`` code points long. Looks at no more than that many.
    public var isSuggestible: Bool {
        unicodeScalars.dropFirst(Self.longestSuggestibleName).isEmpty
    }

    /// The edit distance to `other` (optimal string alignment: insertions, deletions, substitutions
    /// and swaps of two neighbours, each counting one), in Unicode code points. Used to suggest the
    /// name a typo meant.
    ///
    /// Memory grows with the shorter string only: a swap looks two rows back, so three rows are kept
    /// rather than the whole matrix.
    public func editDistance(to other: String) -> Int {
        var a = Array(unicodeScalars), b = Array(other.unicodeScalars)
        // The distance is symmetric; the shorter string indexes the rows' columns.
        if b.count > a.count { swap(&a, &b) }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(
                    previous[j] + 1, current[j - 1] + 1,
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
