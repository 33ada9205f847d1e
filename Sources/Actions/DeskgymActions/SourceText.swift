/// A model's answer as Unicode code points, with the means to name a position in it.
///
/// The grammars work on code points rather than `Character`s because a combining mark after a
/// quote would otherwise merge with the quote into one grapheme and hide the end of a string
/// literal; Python counts columns in code points too.
struct SourceText {
    let grammar: String
    let scalars: [Unicode.Scalar]
    /// The offset at which each line begins; `lineStarts[0] == 0`.
    let lineStarts: [Int]

    init(_ text: String, grammar: String) {
        self.grammar = grammar
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    var count: Int { scalars.count }

    subscript(offset: Int) -> Unicode.Scalar? {
        offset >= 0 && offset < scalars.count ? scalars[offset] : nil
    }

    /// The 1-based line and column of `offset`.
    func location(of offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    func text(_ range: Range<Int>) -> String {
        let clamped = range.clamped(to: 0..<scalars.count)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[clamped])
        return String(view)
    }

    /// The text of `range` as an error shows it: its first line, at most 80 code points.
    func snippet(_ range: Range<Int>) -> String {
        let lines = text(range).split(separator: "\n", omittingEmptySubsequences: false)
        var shown = Array(String(lines.first ?? "").trimmingSpaces().unicodeScalars)
        var shortened = lines.dropFirst().contains { !String($0).trimmingSpaces().isEmpty }
        if shown.count > 80 {
            shown = Array(shown.prefix(79))
            shortened = true
        }
        return String(String.UnicodeScalarView(shown)) + (shortened ? "…" : "")
    }

    /// The offset range of the line holding `offset`, without its line break.
    func lineRange(containing offset: Int) -> Range<Int> {
        let line = location(of: offset).line
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] - 1 : scalars.count
        return start..<max(start, end)
    }

    /// An error about the text in `range`.
    func error(_ range: Range<Int>, _ message: String) -> ActionParseError {
        let (line, column) = location(of: range.lowerBound)
        return ActionParseError(
            grammar: grammar, line: line, column: column, snippet: snippet(range),
            message: message)
    }

    /// An error about the whole text.
    func wholeTextError(_ message: String) -> ActionParseError {
        ActionParseError(grammar: grammar, line: 0, column: 0, snippet: "", message: message)
    }
}
