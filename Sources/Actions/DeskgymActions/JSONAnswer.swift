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
    private static func items(in range: Range<Int>, of source: SourceText,
                              strict: Bool) throws(ActionParseError) -> [Item] {
        var reader = JSONReader(source: source, range: range)
        var items: [Item] = []
        let firstOffset = source.trimmed(range).lowerBound
        while true {
            reader.skipWhitespace()
            let offset = reader.offset
            guard offset < range.upperBound else { return items }
            let scalar = source.scalars[offset]
            let lineStart = max(range.lowerBound, source.lineStarts[source.location(of: offset).line - 1])
            let lineEnd = min(range.upperBound, source.endOfLine(from: offset))
            if scalar == "{" || scalar == "[" || (scalar == "\"" && (strict || offset == firstOffset)) {
                items.append(.value(try reader.value()))
            } else if source.trimmed(lineStart..<offset).isEmpty,
                      let word = BareWord(source.text(offset..<lineEnd).trimmingSpaces()) {
                items.append(.bareWord(word, source.trimmed(offset..<lineEnd)))
                reader.move(to: lineEnd)
            } else if strict {
                throw source.error(offset..<lineEnd, "expected JSON (an object or an array) or WAIT, DONE or "
                                       + "FAIL, found '\(source.snippet(offset..<lineEnd))'")
            } else {
                // Prose: skip to the next bracket or line, whichever comes first.
                var next = offset + 1
                while next < lineEnd, source.scalars[next] != "{", source.scalars[next] != "[" { next += 1 }
                reader.move(to: next)
            }
        }
    }
}
