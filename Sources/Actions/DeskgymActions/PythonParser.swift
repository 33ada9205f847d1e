import DeskgymCore

/// Reads the statements of the Python subset from ``PythonToken``s, refusing everything else.
///
/// The subset: `import pyautogui`, `import time` (each optionally `as` an alias), calls
/// `module.function(...)` whose arguments are literals, `terminal.run(...)` (Deskgym's shell
/// command), and the bare words `WAIT`, `DONE`, `FAIL`.
/// Any other statement is refused as a whole, naming its line, because code the grammar cannot
/// run faithfully (a loop, a variable) must not run in part.
struct PythonParser {
    private let source: SourceText
    private let tokens: [PythonToken]
    private var index = 0
    /// How many brackets enclose the value being read; ``value()`` recurses once a level.
    private var depth = 0
    /// Added to the message about a statement that reads like prose; says why it was read as code.
    private let hint: String
    /// The names pyautogui and time are known by: OSWorld runs agent code with both imported, so
    /// they need no import; aliases need one.
    private(set) var pyautoguiNames: Set<String> = ["pyautogui"]
    private(set) var timeNames: Set<String> = ["time"]

    init(source: SourceText, range: Range<Int>, hint: String) {
        self.source = source
        tokens = PythonLexer.tokens(of: source, in: range)
        self.hint = hint
    }

    static let allowedStatements = "only pyautogui calls, time.sleep, terminal.run, and imports are allowed"

    private var current: PythonToken { tokens[index] }

    private func token(_ ahead: Int) -> PythonToken {
        tokens[min(index + ahead, tokens.count - 1)]
    }

    private mutating func advance() -> PythonToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// The next statement that does something, or nil at the end; imports are taken in on the way.
    mutating func nextStatement() throws(ActionParseError) -> PythonStatement? {
        while true {
            while current.kind == .newline || current.isOp(";") { _ = advance() }
            if current.kind == .end { return nil }
            if let statement = try statement() {
                try expectStatementEnd()
                return statement
            }
            try expectStatementEnd()
        }
    }

    private mutating func statement() throws(ActionParseError) -> PythonStatement? {
        let first = current
        if case .invalid(let message) = first.kind {
            throw source.error(first.range, message)
        }
        guard case .name(let name) = first.kind else { throw unsupportedStatement() }
        if name == "import" {
            try importStatement()
            return nil
        }
        if name == "from" {
            throw source.error(
                first.range.lowerBound..<lineEnd(first),
                "unsupported import '\(snippet(from: first))' — write 'import pyautogui' "
                    + "(or 'import pyautogui as pg') and call pyautogui.function(...)")
        }
        if let word = BareWord(name), token(1).isStatementEnd {
            _ = advance()
            return .bareWord(word, first.range)
        }
        guard token(1).isOp("."), case .name(let function) = token(2).kind, token(3).isOp("(") else {
            throw unsupportedStatement()
        }
        let nameRange = first.range.lowerBound..<token(2).range.upperBound
        let qualified = "\(name.excerpt).\(function.excerpt)"
        let isPyautogui = pyautoguiNames.contains(name)
        let isTime = timeNames.contains(name)
        let isTerminal = name == "terminal" && !isPyautogui && !isTime
        if !isPyautogui && !isTime && !isTerminal {
            var message = "unsupported call '\(qualified)' — \(Self.allowedStatements)"
            if PyAutoGUIFunction(rawValue: function) != nil {
                message +=
                    " (to call pyautogui by another name, import it first: "
                    + "'import pyautogui as \(name.excerpt)')"
            }
            throw source.error(nameRange, message)
        }
        index += 3
        let call = try callArguments(module: name, function: function, nameRange: nameRange)
        if isTerminal {
            guard function == "run" else {
                throw source.error(
                    nameRange,
                    "unsupported function '\(qualified)'; "
                        + "a shell command is written terminal.run(\"command\", timeout=seconds)")
            }
            return .terminal(call)
        }
        if isTime && !isPyautogui {
            guard function == "sleep" else {
                throw source.error(
                    nameRange,
                    "unsupported function '\(qualified)'; "
                        + "of the time module only time.sleep is supported")
            }
            return .sleep(call)
        }
        return .pyautogui(call)
    }

    private mutating func importStatement() throws(ActionParseError) {
        let start = advance()
        while true {
            let moduleToken = current
            guard case .name(let module) = moduleToken.kind else {
                throw source.error(
                    start.range.lowerBound..<lineEnd(start),
                    "unsupported import '\(snippet(from: start))'")
            }
            _ = advance()
            var dotted = module
            var end = moduleToken.range.upperBound
            while current.isOp("."), case .name(let part) = token(1).kind {
                dotted += "." + part
                _ = advance()
                end = advance().range.upperBound
            }
            if dotted != "pyautogui" && dotted != "time" {
                throw source.error(
                    moduleToken.range.lowerBound..<end,
                    "unsupported import '\(dotted.excerpt)' — "
                        + "only pyautogui and time can be imported")
            }
            var alias = module
            if case .name("as") = current.kind {
                _ = advance()
                guard case .name(let name) = current.kind else {
                    throw source.error(
                        start.range.lowerBound..<lineEnd(start),
                        "unsupported import '\(snippet(from: start))'")
                }
                alias = name
                _ = advance()
            }
            if module == "pyautogui" { pyautoguiNames.insert(alias) } else { timeNames.insert(alias) }
            guard current.isOp(",") else { return }
            _ = advance()
        }
    }

    private mutating func expectStatementEnd() throws(ActionParseError) {
        guard current.isStatementEnd else {
            if case .invalid(let message) = current.kind { throw source.error(current.range, message) }
            let statementStart = statementStartOffset()
            throw source.error(
                statementStart..<lineEnd(current),
                "unsupported statement '\(source.snippet(statementStart..<lineEnd(current)))' "
                    + "— \(Self.allowedStatements)")
        }
    }

    /// The start of the statement holding the current token: after the last `;` or line end.
    private func statementStartOffset() -> Int {
        var back = index
        while back > 0, !tokens[back - 1].isStatementEnd { back -= 1 }
        return tokens[back].range.lowerBound
    }

    private func unsupportedStatement() -> ActionParseError {
        let start = current.range.lowerBound
        return source.error(
            start..<lineEnd(current),
            "unsupported statement '\(snippet(from: current))' — "
                + "\(Self.allowedStatements)\(looksLikeProse ? hint : "")")
    }

    /// Whether the statement at the current token reads like a sentence rather than code: two
    /// words in a row that Python would not start a statement with ("Let me", "I will").
    private var looksLikeProse: Bool {
        guard case .name(let first) = current.kind, !Self.keywords.contains(first) else { return false }
        if case .name = token(1).kind { return true }
        return token(1).isOp(",") || token(1).isOp("'") || token(1).isOp(":")
    }

    private static let keywords: Set<String> = [
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
        "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case", "print",
    ]

    private func lineEnd(_ token: PythonToken) -> Int {
        source.endOfLine(from: token.range.lowerBound)
    }

    private func snippet(from token: PythonToken) -> String {
        source.snippet(token.range.lowerBound..<lineEnd(token))
    }

    // MARK: Arguments

    /// Reads `(arguments)`; the current token is the opening parenthesis.
    private mutating func callArguments(
        module: String, function: String,
        nameRange: Range<Int>
    ) throws(ActionParseError) -> PythonCall {
        _ = advance()
        var call = PythonCall(
            module: module, function: function, nameRange: nameRange,
            range: nameRange, positional: [], keywords: [])
        while !current.isOp(")") {
            if current.kind == .end {
                throw source.error(nameRange, "missing ')': the call \(module.excerpt).\(function.excerpt)(...) is not closed")
            }
            if current.isOp("*") {
                throw expressionError(from: index, "argument unpacking with * or ** is not supported")
            }
            if case .name(let name) = current.kind, token(1).isOp("="), !token(2).isOp("=") {
                let nameToken = advance()
                _ = advance()
                let value = try value()
                try expectArgumentEnd(after: value, closing: ")", opening: nameRange)
                if call.keywords.contains(where: { $0.name == name }) {
                    throw source.error(
                        nameToken.range.lowerBound..<value.range.upperBound,
                        "\(module.excerpt).\(function.excerpt): keyword argument '\(name.excerpt)' is repeated")
                }
                call.keywords.append(.init(name: name, nameRange: nameToken.range, value: value))
            } else {
                let start = index
                let value = try value()
                try expectArgumentEnd(after: value, closing: ")", opening: nameRange)
                if !call.keywords.isEmpty {
                    throw source.error(
                        value.range,
                        "\(module.excerpt).\(function.excerpt): positional argument "
                            + "'\(source.snippet(tokens[start].range.lowerBound..<value.range.upperBound))' "
                            + "follows a keyword argument")
                }
                call.positional.append(value)
            }
            if current.isOp(",") { _ = advance() }
        }
        call.range = nameRange.lowerBound..<advance().range.upperBound
        return call
    }

    /// After a value inside brackets only `,` or the closing bracket may follow; anything else means
    /// the value is the start of an expression (`100 + 20`, `'a' * 3`), which the subset refuses.
    private mutating func expectArgumentEnd(
        after value: PythonValue, closing: Unicode.Scalar,
        opening: Range<Int>
    ) throws(ActionParseError) {
        if current.isOp(",") || current.isOp(closing) { return }
        if case .invalid(let message) = current.kind { throw source.error(current.range, message) }
        if current.kind == .end {
            throw source.error(opening, "missing '\(closing)': '\(source.snippet(opening))' is not closed")
        }
        let start = tokens.firstIndex { $0.range.lowerBound == value.range.lowerBound } ?? index
        throw expressionError(from: start, nil)
    }

    /// An error for the expression starting at token `start`, reaching to the next `,` or closing
    /// bracket at the same depth.
    private func expressionError(from start: Int, _ message: String?) -> ActionParseError {
        var depth = 0
        var last = start
        var position = start
        while position < tokens.count {
            let token = tokens[position]
            if token.kind == .end || token.kind == .newline { break }
            if case .op(let op) = token.kind {
                if "([{".unicodeScalars.contains(op) { depth += 1 }
                if ")]}".unicodeScalars.contains(op) {
                    if depth == 0 { break }
                    depth -= 1
                }
                if op == ",", depth == 0 { break }
            }
            last = position
            position += 1
        }
        let range = tokens[start].range.lowerBound..<tokens[last].range.upperBound
        let text = source.snippet(range)
        return source.error(
            range,
            message.map { "\($0): '\(text)'" }
                ?? "unsupported expression '\(text)' — arguments must be literal numbers, "
                + "strings, True/False/None, or tuples and lists of them")
    }

    private mutating func value() throws(ActionParseError) -> PythonValue {
        let start = index
        let first = advance()
        switch first.kind {
        case .invalid(let message):
            throw source.error(first.range, message)
        case .number(let text):
            return try number(text, range: first.range, negative: false)
        case .op("-"), .op("+"):
            guard case .number(let text) = current.kind else {
                throw expressionError(from: start, nil)
            }
            let digits = advance()
            return try number(
                text, range: first.range.lowerBound..<digits.range.upperBound,
                negative: first.isOp("-"))
        case .string(var text):
            var range = first.range
            // Adjacent literals are one string, as in Python ('abc' 'def' is 'abcdef').
            while true {
                if case .string(let more) = current.kind {
                    text += more
                    range = range.lowerBound..<advance().range.upperBound
                } else if case .invalid(let message) = current.kind {
                    throw source.error(current.range, message)
                } else {
                    break
                }
            }
            return PythonValue(kind: .string(text), range: range)
        case .op("("), .op("["):
            depth += 1
            guard depth <= ActionLimits.maximumNestingDepth else {
                throw source.error(
                    first.range,
                    "brackets nested deeper than \(ActionLimits.maximumNestingDepth) "
                        + "levels; arguments are numbers, strings, and tuples and lists of them")
            }
            defer { depth -= 1 }
            let closing: Unicode.Scalar = first.isOp("(") ? ")" : "]"
            var items: [PythonValue] = []
            var sawComma = false
            while !current.isOp(closing) {
                if current.kind == .end {
                    throw source.error(first.range, "missing '\(closing)': the bracket is not closed")
                }
                let item = try value()
                try expectArgumentEnd(after: item, closing: closing, opening: first.range)
                items.append(item)
                if current.isOp(",") {
                    sawComma = true
                    _ = advance()
                }
            }
            let range = first.range.lowerBound..<advance().range.upperBound
            if closing == ")" && items.count == 1 && !sawComma {
                // (5) is just 5 in Python; only a comma makes a tuple.
                return PythonValue(kind: items[0].kind, range: range)
            }
            return PythonValue(kind: closing == ")" ? .tuple(items) : .list(items), range: range)
        case .name("True"):
            return PythonValue(kind: .bool(true), range: first.range)
        case .name("False"):
            return PythonValue(kind: .bool(false), range: first.range)
        case .name("None"):
            return PythonValue(kind: .none, range: first.range)
        case .name(let module) where current.isOp(".") && !token(2).isOp("("):
            if case .name(let name) = token(1).kind {
                _ = advance()
                let nameToken = advance()
                return PythonValue(
                    kind: .reference(module: module, name: name),
                    range: first.range.lowerBound..<nameToken.range.upperBound)
            }
            throw expressionError(from: start, nil)
        default:
            throw expressionError(from: start, nil)
        }
    }

    /// Converts a number literal as Python reads it: decimal, hexadecimal, octal and binary
    /// integers, and floats, all with `_` between digits.
    private func number(
        _ text: String, range: Range<Int>,
        negative: Bool
    ) throws(ActionParseError) -> PythonValue {
        let plain = text.replacingUnderscores()
        let lowered = plain.lowercased()
        let sign = negative ? "-" : ""
        if lowered.hasSuffix("j") {
            throw source.error(range, "complex number '\(text.excerpt)' is not supported")
        }
        let radix: Int? =
            lowered.hasPrefix("0x")
            ? 16
            : lowered.hasPrefix("0o")
                ? 8
                : lowered.hasPrefix("0b") ? 2 : nil
        if let radix {
            guard let value = Int(sign + String(lowered.dropFirst(2)), radix: radix) else {
                throw source.error(range, "invalid number '\(text.excerpt)'")
            }
            return PythonValue(kind: .int(value), range: range)
        }
        if lowered.allSatisfy(\.isASCIIDigit) {
            if lowered.count > 1 && lowered.hasPrefix("0") && lowered.contains(where: { $0 != "0" }) {
                throw source.error(
                    range,
                    "invalid number '\(text.excerpt)': leading zeros are not allowed "
                        + "(write 0o\(String(lowered.drop { $0 == "0" }).excerpt) for octal)")
            }
            guard let value = Int(sign + lowered) else {
                throw source.error(range, "number '\(text.excerpt)' is too large")
            }
            return PythonValue(kind: .int(value), range: range)
        }
        guard Self.isFloatLiteral(lowered), let value = Double(sign + lowered) else {
            throw source.error(range, "invalid number '\(text.excerpt)'")
        }
        return PythonValue(kind: .float(value), range: range)
    }

    /// Whether `text` is a Python float literal: digits with a point, an exponent or both.
    private static func isFloatLiteral(_ text: String) -> Bool {
        var mantissa = Substring(text)
        if let e = text.firstIndex(of: "e") {
            mantissa = text[..<e]
            var exponent = text[text.index(after: e)...]
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy(\.isASCIIDigit) else { return false }
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            parts.contains(where: { !$0.isEmpty })
        else { return false }
        return true
    }
}

extension String {
    /// The literal without the `_` Python allows between digits.
    fileprivate func replacingUnderscores() -> String {
        String(filter { $0 != "_" })
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
