internal import CZlibSystem

/// zlib's compression strategy (`deflateInit2`'s `strategy` argument).
public enum DeflateStrategy: Sendable, Hashable, CaseIterable {
    /// Normal LZ77 matching with hash chains (`Z_DEFAULT_STRATEGY`).
    case `default`
    /// Matches of distance 1 only (`Z_RLE`). After the SUB filter, flat areas are zero runs, which it
    /// captures, but it misses repeated text and widgets: on a 1080p desktop it was only 10 % faster
    /// than `.default`, for a file 21 % larger. Useless with the NONE filter (3-byte periods).
    case rle
    /// Favours Huffman coding over short matches (`Z_FILTERED`).
    case filtered
    /// No matching at all (`Z_HUFFMAN_ONLY`).
    case huffmanOnly
    /// Fixed Huffman codes (`Z_FIXED`).
    case fixed

    var zlibValue: Int32 {
        switch self {
        case .default: Z_DEFAULT_STRATEGY
        case .rle: Z_RLE
        case .filtered: Z_FILTERED
        case .huffmanOnly: Z_HUFFMAN_ONLY
        case .fixed: Z_FIXED
        }
    }
}
