import DeskgymCore

/// The candidate closest to `name` by case-insensitive edit distance, if within half its length;
/// nil for a name too long to be a typo of any (``Swift/String/isSuggestible``).
func nearest(to name: String, among candidates: [String]) -> String? {
    guard name.isSuggestible else { return nil }
    let lowered = name.lowercased()
    let scored = candidates.map { ($0, lowered.editDistance(to: $0.lowercased())) }
        .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
    if let best = scored.first, best.1 <= max(2, lowered.count / 2) {
        return best.0
    }
    // A name that is part of another (`clicks` for `num_clicks`) is far by edit distance but
    // plainly meant.
    return candidates.first { lowered.count >= 3 && $0.lowercased().contains(lowered) }
}
