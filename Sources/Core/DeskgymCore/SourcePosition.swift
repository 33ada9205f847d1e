/// A place in a text file: 1-based line and column. Columns count Unicode code points, so a
/// non-ASCII character counts once.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in Unicode code points.
    public var column: Int

    /// Creates a position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of byte `offset` in UTF-8 `bytes` (an offset at the end is allowed).
    public init(offset: Int, in bytes: some Collection<UInt8>) {
        var line = 1, column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0b1100_0000 != 0b1000_0000 {
                column += 1  // UTF-8 continuation bytes do not start a new code point
            }
        }
        self.init(line: line, column: column)
    }

    /// `line 3, column 7`.
    public var description: String { "line \(line), column \(column)" }

    /// Orders positions by line, then column.
    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
