/// The JSON values and bare words of a model's answer, in order, for the grammars whose actions are
/// JSON produced by an API (the Anthropic and OpenAI computer-use grammars).
///
/// The answer is cut by ``AnswerLayout``: with fenced blocks, each block holds JSON values and bare
/// words only; without a fence, prose before a `{` or `[` and after the JSON is skipped, as
/// `computer_13` does. Several values in a row (one JSON document a line, or blocks one after
/// another) are all read.
struct JSONAnswer {
    enum Item {
        case value(JSONValue)
        case bareWord(BareWord, Range<Int>)
    }

    let items: [Item]

    init(_ source: SourceText) throws(ActionParseError) {
        let layout = AnswerLayout(source)
        var items: [Item] = []
        for segment in layout.segments {
            switch segment {
            case .bareWord(let word, let range):
                items.append(.bareWord(word, range))
            case .code(let range):
                items += try Self.items(in: range, of: source, strict: layout.isFenced)
            }
        }
        self.items = items
    }

    /// Reads the JSON values and bare words of one region. In a fenced block (`strict`) nothing
    /// else may appear; without fences, prose around the JSON is skipped.
    private static func items(
        in range: Range<Int>, of source: SourceText,
        strict: Bool
    ) throws(ActionParseError) -> [Item] {
        var reader = JSONReader(source: source, range: range)
        var items: [Item] = []
        let firstOffset = source.trimmed(range).lowerBound
        while true {
            reader.skipWhitespace()
            let offset = reader.offset
            guard offset < range.upperBound else { return items }
            let scalar = source.scalars[offset]
            if scalar == "{" || scalar == "[" || (scalar == "\"" && (strict || offset == firstOffset)) {
                items.append(.value(try reader.value()))
                continue
            }
            // The end of the line is measured only where it is needed, as computer_13 does.
            if source.startsLine(at: offset, notBefore: range.lowerBound) {
                let lineEnd = min(range.upperBound, source.endOfLine(from: offset))
                if let word = BareWord(source.text(offset..<lineEnd).trimmingSpaces()) {
                    items.append(.bareWord(word, source.trimmed(offset..<lineEnd)))
                    reader.move(to: lineEnd)
                    continue
                }
            }
            if strict {
                let lineEnd = min(range.upperBound, source.endOfLine(from: offset))
                throw source.error(
                    offset..<lineEnd,
                    "expected JSON (an object or an array) or WAIT, DONE or "
                        + "FAIL, found '\(source.snippet(offset..<lineEnd))'")
            }
            reader.move(to: source.proseEnd(from: offset + 1, before: range.upperBound))
        }
    }
}
