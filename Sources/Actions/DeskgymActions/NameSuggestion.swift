/// The candidate closest to `name` by case-insensitive edit distance, if within half its length.
func nearest(to name: String, among candidates: [String]) -> String? {
    let lowered = name.lowercased()
    let scored = candidates.map { ($0, levenshtein(lowered, $0.lowercased())) }
        .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
    if let best = scored.first, best.1 <= max(2, lowered.count / 2) {
        return best.0
    }
    // A name that is part of another (`clicks` for `num_clicks`) is far by edit distance but
    // plainly meant.
    return candidates.first { lowered.count >= 3 && $0.lowercased().contains(lowered) }
}

/// Edit distance between two strings, by Unicode code point.
func levenshtein(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
