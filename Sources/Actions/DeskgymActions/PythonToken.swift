/// One token of the Python subset the pyautogui grammar reads.
struct PythonToken {
    enum Kind: Equatable {
        case name(String)
        /// A number literal as written; ``PythonParser`` converts it.
        case number(String)
        /// A string literal, escapes already resolved.
        case string(String)
        /// Any punctuation, one code point each (`==` is two tokens): the subset needs none of
        /// Python's compound operators, and everything it does not need is refused as a whole.
        case op(Unicode.Scalar)
        /// The end of a logical line.
        case newline
        case end
        /// Text the lexer could not read; parsing fails with `message` if it gets this far.
        case invalid(String)
    }

    var kind: Kind
    /// Offsets into the whole answer.
    var range: Range<Int>

    func isOp(_ scalar: Unicode.Scalar) -> Bool { kind == .op(scalar) }

    var isStatementEnd: Bool {
        switch kind {
        case .newline, .end: true
        case .op(let scalar): scalar == ";"
        default: false
        }
    }
}
