/// `rapidfuzz.fuzz.ratio(a, b) / 100`, which `fuzzy_match` and `sheet_fuzzy` use: the normalised
/// Indel similarity, `1 - (len(a) + len(b) - 2·LCS) / (len(a) + len(b))`, over code points (two
/// empty strings are identical: 1). Unlike difflib's ratio this is a true longest common
/// subsequence, so the two can differ on the same pair ("abcd" / "bcda" is 0.75 in both, but
/// "ab" × 100 / "ba" × 100 is 0.995 here and 0 in difflib, whose autojunk drops both letters).
enum FuzzyRatio {
    /// The ratio in 0…1, as OSWorld's `fuzz.ratio(a, b) / 100`.
    static func ratio(_ a: String, _ b: String) -> Double {
        percent(a, b) / 100
    }

    static func ratio<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Double {
        percent(a, b) / 100
    }

    /// `fuzz.ratio(a, b)` itself, 0…100, which `sheet_fuzzy` compares with its threshold.
    static func percent(_ a: String, _ b: String) -> Double {
        percent(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    static func percent<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Double {
        let total = a.count + b.count
        guard total > 0 else { return 100 }
        let distance = total - 2 * longestCommonSubsequence(a, b)
        // The same steps as rapidfuzz: normalised distance, then similarity, then percent.
        let normalizedDistance = Double(distance) / Double(total)
        return (1.0 - normalizedDistance) * 100
    }

    /// The length of the longest common subsequence (dynamic programming over two rows).
    static func longestCommonSubsequence<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : Swift.max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
