/// A call `module.function(arguments)` as written, before its arguments are matched to a signature.
struct PythonCall {
    struct Keyword {
        var name: String
        var nameRange: Range<Int>
        var value: PythonValue
    }

    /// The module name as written (`pyautogui`, or an alias such as `pg`).
    var module: String
    var function: String
    /// Where `module.function` is written.
    var nameRange: Range<Int>
    /// The whole call, from the module name to the closing parenthesis.
    var range: Range<Int>
    var positional: [PythonValue]
    var keywords: [Keyword]
}
