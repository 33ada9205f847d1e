/// One action of a UI-TARS answer as written, `name(argument='value', …)`, before its arguments are
/// checked against the function.
struct UITARSCall {
    struct Argument {
        /// The name as written (`point`, `start_box`, …).
        var name: String
        var nameRange: Range<Int>
        /// The value with escapes resolved (`\n` is a line break), or a bare number as written.
        var value: String
        /// Where the value is written, quotes included.
        var valueRange: Range<Int>
    }

    var name: String
    var nameRange: Range<Int>
    /// The whole call, from its name to the closing parenthesis (or the end of the answer, for a
    /// call the model did not close).
    var range: Range<Int>
    var arguments: [Argument]
}
