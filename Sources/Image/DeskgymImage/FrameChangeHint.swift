/// What the caller knows about which rows changed since the previous `encode` on the same encoder.
///
/// Without a hint the encoder compares every band with its copy of the previous frame, which costs a
/// `memcmp` of the frame (well under a millisecond at 1080p) and is always correct.
public enum FrameChangeHint: Sendable, Hashable {
    /// Nothing is known: every band is compared with the previous frame.
    case unknown

    /// The caller **promises** that no pixel outside these rows changed since the previous `encode`
    /// on this encoder (for example, from XDamage reports that were all drained, with none lost).
    ///
    /// Bands that no range touches are reused without reading their pixels, so an incomplete list
    /// yields a PNG that shows stale rows. Bands that a range touches are still compared, so reporting
    /// rows that did not really change only costs time. Ranges are clipped to the frame. A band the
    /// encoder holds no valid copy of (first frame, new geometry, earlier failure, `reset()`) is always
    /// encoded, whatever the hint says.
    case onlyRowsChanged([Range<Int>])
}

extension FrameChangeHint {
    /// Whether the hint allows `rows` to be reused unread.
    func vouchesUnchanged(_ rows: Range<Int>) -> Bool {
        switch self {
        case .unknown:
            return false
        case .onlyRowsChanged(let changed):
            return !changed.contains { $0.overlaps(rows) }
        }
    }
}
