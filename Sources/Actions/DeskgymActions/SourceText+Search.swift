extension SourceText {
    /// The first offset at or after `start` where `needle` occurs, ending at or before `limit` (the
    /// end of the text when nil).
    func find(_ needle: [Unicode.Scalar], from start: Int, before limit: Int? = nil) -> Int? {
        let end = min(limit ?? count, count)
        guard !needle.isEmpty, start + needle.count <= end else { return nil }
        var offset = max(start, 0)
        while offset + needle.count <= end {
            if matches(needle, at: offset) { return offset }
            offset += 1
        }
        return nil
    }

    /// Whether `needle` is written at `offset`.
    func matches(_ needle: [Unicode.Scalar], at offset: Int) -> Bool {
        guard offset >= 0, offset + needle.count <= count else { return false }
        return scalars[offset..<offset + needle.count].elementsEqual(needle)
    }

    /// Whether only white space stands between the start of the line holding `offset` (or
    /// `lowerBound`, if that is later) and `offset`.
    ///
    /// It looks back over that white space only, not to the start of the line: a reader that asks
    /// at every value of a long line would otherwise take time growing with the square of its length.
    func startsLine(at offset: Int, notBefore lowerBound: Int) -> Bool {
        var back = offset
        while back > lowerBound, scalars[back - 1] != "\n", scalars[back - 1].properties.isWhitespace { back -= 1 }
        return back <= lowerBound || scalars[back - 1] == "\n"
    }

    /// The offset of the line break ending the line at `offset`, or the end of the text; looking no
    /// further than `limit` (returned when the line goes on past it).
    func endOfLine(from offset: Int, before limit: Int? = nil) -> Int {
        let stop = min(limit ?? count, count)
        var end = offset
        while end < stop, scalars[end] != "\n" { end += 1 }
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

    /// Where prose that a JSON grammar skips ends: at the next `{` or `[`, or the next line,
    /// whichever comes first, and at `limit` at the latest.
    func proseEnd(from start: Int, before limit: Int) -> Int {
        var next = start
        while next < limit, scalars[next] != "{", scalars[next] != "[", scalars[next] != "\n" { next += 1 }
        return next
    }
}
