/// The PNG scanline filter applied to every row (PNG spec, section 9).
///
/// Only filters that look at the current row are offered: UP, AVERAGE and PAETH read the row above,
/// which would make a band's bytes depend on the band before it and complicate reuse, for little gain
/// on screen content.
public enum PNGRowFilter: UInt8, Sendable, Hashable, CaseIterable {
    /// Raw bytes. Fastest to produce, but flat areas repeat with period 3 (R, G, B), which run-length
    /// matching cannot exploit.
    case none = 0
    /// Each byte minus the same channel of the pixel to the left. Flat areas become runs of zero bytes,
    /// which compress very well, especially with ``DeflateStrategy/rle``.
    case sub = 1
}
