/// The JSON values and bare words of a model's answer, in order, for the grammars whose actions are
/// JSON (`computer_13`, and the Anthropic and OpenAI computer-use grammars).
///
/// The answer is cut by ``AnswerLayout``: with fenced blocks, each block holds JSON values and bare
/// words only; without a fence, prose before a `{` or `[` and after the JSON is skipped. Several
/// values in a row (one JSON document a line, or blocks one after another) are all read.
struct JSONAnswer {
    enum Item {
        case value(JSONValue)
        case bareWord(BareWord, Range<Int>)
    }

    let items: [Item]

    init(_ source: SourceText) throws(ActionParseError) {
        var items: [Item] = []
        try Self.read(source, expected: "JSON (an object or an array)") { item in items.append(item) }
        self.items = items
    }

    /// Reads the items of the answer in order and hands each to `visit` as soon as it is read, so
    /// that a grammar reading the values as it goes reports the first wrong one before anything
    /// after it. `expected` says what a fenced block may hold besides bare words, for its errors.
    static func read(
        _ source: SourceText, expected: String,
        _ visit: (Item) throws(ActionParseError) -> Void
    ) throws(ActionParseError) {
        let layout = AnswerLayout(source)
        for segment in layout.segments {
            switch segment {
            case .bareWord(let word, let range):
                try visit(.bareWord(word, range))
            case .code(let range):
                try read(range, of: source, strict: layout.isFenced, expected: expected, visit)
            }
        }
    }

    /// Reads the JSON values and bare words of one region. In a fenced block (`strict`) nothing
    /// else may appear; without fences, prose around the JSON is skipped.
    private static func read(
        _ range: Range<Int>, of source: SourceText, strict: Bool, expected: String,
        _ visit: (Item) throws(ActionParseError) -> Void
    ) throws(ActionParseError) {
        var reader = JSONReader(source: source, range: range)
        let firstOffset = source.trimmed(range).lowerBound
        while true {
            reader.skipWhitespace()
            let offset = reader.offset
            guard offset < range.upperBound else { return }
            let scalar = source.scalars[offset]
            if scalar == "{" || scalar == "[" || (scalar == "\"" && (strict || offset == firstOffset)) {
                try visit(.value(try reader.value()))
                continue
            }
            // The end of the line is measured only where it is needed, so that a long line of values
            // and prose is read in time proportional to its length.
            if source.startsLine(at: offset, notBefore: range.lowerBound) {
                let lineEnd = min(range.upperBound, source.endOfLine(from: offset))
                if let word = BareWord(source.text(offset..<lineEnd).trimmingSpaces()) {
                    try visit(.bareWord(word, source.trimmed(offset..<lineEnd)))
                    reader.move(to: lineEnd)
                    continue
                }
            }
            if strict {
                let lineEnd = min(range.upperBound, source.endOfLine(from: offset))
                throw source.error(
                    offset..<lineEnd,
                    "expected \(expected) or WAIT, DONE or FAIL, found '\(source.snippet(offset..<lineEnd))'")
            }
            reader.move(to: source.proseEnd(from: offset + 1, before: range.upperBound))
        }
    }
}
