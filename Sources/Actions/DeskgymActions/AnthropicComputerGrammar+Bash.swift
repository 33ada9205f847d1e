import DeskgymCore

extension AnthropicComputerGrammar {
    /// The shell command of one `input` object of Anthropic's bash tool (`bash_20250124`):
    /// `command`, and Deskgym's `timeout` in seconds.
    ///
    /// `restart` is refused when true: every command runs in a new `bash -c` in the session, so
    /// there is no shell to restart, and the model should learn that nothing (a `cd`, a variable)
    /// carries over from one command to the next. `restart: false` asks for nothing and is allowed.
    func action(
        fromBashInput members: [JSONValue.Member], range: Range<Int>,
        source: SourceText
    ) throws(ActionParseError) -> Action {
        let fields = try JSONFields(
            members, objectRange: range, source: source, context: Self.bashTool,
            allowed: ["command", "restart", "timeout"])
        if let restart = fields["restart"] {
            guard case .bool(let value) = restart.kind else {
                throw fields.error(restart, "restart", "must be true or false, got \(fields.written(restart))")
            }
            if value {
                throw fields.error(
                    restart, "restart",
                    "cannot be honoured: every command runs in a new shell "
                        + "(bash -c in the home directory), so there is no shell to restart and "
                        + "nothing carries over between commands; send the command alone")
            }
        }
        let command = try fields.shellCommand("command")
        return .runCommand(ShellCommand(command, timeoutSeconds: try fields.shellTimeout("timeout")))
    }
}
