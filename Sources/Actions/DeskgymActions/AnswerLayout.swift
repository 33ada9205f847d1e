/// A model's answer cut into the parts a grammar reads: the contents of its fenced code blocks
/// (or the whole text when it has none) and the bare words `WAIT`, `DONE`, `FAIL` on lines of
/// their own between the blocks.
///
/// Prose between blocks is skipped, as OSWorld's agents skip it; the bare words there are kept
/// because a model that writes `DONE` under its last block means it.
struct AnswerLayout {
    enum Segment {
        /// Text to read with the grammar, as offsets into the answer.
        case code(Range<Int>)
        case bareWord(BareWord, Range<Int>)
    }

    let segments: [Segment]
    /// Whether the answer had at least one fenced block, so that prose outside was skipped.
    let isFenced: Bool

    init(_ source: SourceText) {
        var segments: [Segment] = []
        var proseStart = 0
        var searchFrom = 0
        var isFenced = false
        while let open = source.find(Self.fence, from: searchFrom) {
            isFenced = true
            segments += Self.bareWords(in: proseStart..<open, of: source)
            var contentStart = source.skipBackticks(from: open)
            // The opening line is looked at only as far as the next fence: a fence on the same line
            // means no language tag, and a line of thousands of fences stays linear to read.
            let nextFence = source.find(Self.fence, from: contentStart)
            let lineEnd = source.endOfLine(from: contentStart, before: nextFence)
            if lineEnd != nextFence, Self.isInfoString(source.text(contentStart..<lineEnd).trimmingSpaces()) {
                // The opening line names the language (```python); the code starts below it.
                contentStart = min(lineEnd + 1, source.count)
            }
            let close = source.find(Self.fence, from: contentStart) ?? source.count
            segments.append(.code(contentStart..<close))
            searchFrom = close < source.count ? source.skipBackticks(from: close) : source.count
            proseStart = searchFrom
        }
        if isFenced {
            segments += Self.bareWords(in: proseStart..<source.count, of: source)
        } else {
            segments = [.code(0..<source.count)]
        }
        self.segments = segments
        self.isFenced = isFenced
    }

    private static let fence: [Unicode.Scalar] = ["`", "`", "`"]

    /// Whether the rest of an opening fence line is a language tag rather than code: one word, and
    /// not a bare `DONE` (which a model may write as "```DONE```" or "```DONE").
    private static func isInfoString(_ text: String) -> Bool {
        guard BareWord(text) == nil else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_+-.#".unicodeScalars.contains($0)
        }
    }

    private static func bareWords(in range: Range<Int>, of source: SourceText) -> [Segment] {
        var result: [Segment] = []
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            let lineEnd = source.endOfLine(from: lineStart, before: range.upperBound)
            let line = lineStart..<lineEnd
            if let word = BareWord(source.text(line).trimmingSpaces()) {
                result.append(.bareWord(word, source.trimmed(line)))
            }
            lineStart = lineEnd + 1
        }
        return result
    }
}
