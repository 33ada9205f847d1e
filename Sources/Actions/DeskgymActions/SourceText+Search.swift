extension SourceText {
    /// The first offset at or after `start` where `needle` occurs.
    func find(_ needle: [Unicode.Scalar], from start: Int) -> Int? {
        guard !needle.isEmpty, start + needle.count <= count else { return nil }
        var offset = max(start, 0)
        while offset + needle.count <= count {
            if scalars[offset] == needle[0], Array(scalars[offset..<offset + needle.count]) == needle {
                return offset
            }
            offset += 1
        }
        return nil
    }

    /// The offset of the line break ending the line at `offset`, or the end of the text.
    func endOfLine(from offset: Int) -> Int {
        var end = offset
        while end < count, scalars[end] != "\n" { end += 1 }
        return end
    }

    /// `range` without leading and trailing white space.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end, scalars[start].properties.isWhitespace { start += 1 }
        while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
        return start..<end
    }

    /// The offset after a run of backticks starting at `offset`.
    func skipBackticks(from offset: Int) -> Int {
        var end = offset
        while end < count, scalars[end] == "`" { end += 1 }
        return end
    }
}
