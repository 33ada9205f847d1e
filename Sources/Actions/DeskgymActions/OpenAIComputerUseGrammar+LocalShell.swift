import DeskgymCore

extension OpenAIComputerUseGrammar {
    /// The output item of OpenAI's `local_shell` tool, and the type of its action.
    static let localShellCall = "local_shell_call"
    static let execAction = "exec"

    /// A `local_shell_call` output item: its `exec` action is one shell command. The wrapper fields
    /// (`id`, `call_id`, `status`) are not the grammar's business, as for `computer_call`.
    func readLocalShellCall(
        _ members: [JSONValue.Member], range: Range<Int>, source: SourceText,
        into reading: inout ToolCallReading
    ) throws(ActionParseError) {
        guard let action = members.first(where: { $0.key == "action" }) else {
            throw source.error(range, "the local_shell_call has no 'action'")
        }
        guard case .object(let actionMembers) = action.value.kind else {
            throw source.error(
                action.value.range,
                "the local_shell_call's 'action' must be an exec action object, "
                    + "got \(action.value.typeName) \(source.snippet(action.value.range))")
        }
        reading.calls += 1
        reading.actions.append(try self.action(fromExec: actionMembers, range: action.value.range, source: source))
    }

    /// An `exec` action: `command` is an argv, run as `bash -c` of its words quoted
    /// (``ShellWords``), or the command line itself when the argv is `bash -lc <line>`;
    /// `timeout_ms` is the time-out; `working_directory` becomes a `cd` before the command.
    /// A non-empty `env` and a `user` are refused: the session's commands run as its user with its
    /// environment, and a variable can be set in the command line.
    func action(
        fromExec members: [JSONValue.Member], range: Range<Int>,
        source: SourceText
    ) throws(ActionParseError) -> Action {
        let fields = try JSONFields(
            members, objectRange: range, source: source, context: Self.localShellCall,
            allowed: ["type", "command", "timeout_ms", "working_directory", "env", "user"])
        if let type = fields["type"] {
            guard case .string(let name) = type.kind, name == Self.execAction else {
                throw fields.error(
                    type, "type",
                    "must be \"exec\", the local shell's only action, got "
                        + fields.written(type))
            }
        }
        let argv = try self.argv(fields)
        var command = ShellWords.script(of: argv) ?? ShellWords.commandLine(argv)
        guard !command.allSatisfy(\.isWhitespace) else {
            throw fields.error(fields["command"]!, "command", "holds an empty command line")
        }
        if let directory = try fields.optionalString("working_directory") {
            guard !directory.isEmpty else {
                throw fields.error(fields["working_directory"]!, "working_directory", "must not be empty")
            }
            let cd = "cd " + (directory.hasPrefix("-") ? "-- " : "") + ShellWords.quoted(directory) + " && "
            // A command line of its own may be a list (`a; b`): group it so all of it runs there.
            command = ShellWords.script(of: argv) == nil ? cd + command : cd + "{\n" + command + "\n}"
        }
        if let env = fields["env"] {
            guard case .object(let variables) = env.kind else {
                throw fields.error(env, "env", "must be an object of variable names and values, got \(fields.written(env))")
            }
            if !variables.isEmpty {
                throw fields.error(
                    env, "env",
                    "is not supported: commands run with the session's environment; "
                        + "set a variable in the command line instead (VAR=value program)")
            }
        }
        if let user = fields["user"] {
            throw fields.error(
                user, "user",
                "is not supported: commands run as the session's user, got "
                    + fields.written(user))
        }
        let timeout = try fields.shellTimeout("timeout_ms", unitsPerSecond: 1000, unit: "milliseconds")
        return .runCommand(ShellCommand(command, timeoutSeconds: timeout))
    }

    /// The `command` argv: a non-empty array of strings whose first, the program, is not empty.
    private func argv(_ fields: JSONFields) throws(ActionParseError) -> [String] {
        let value = try fields.required("command")
        guard case .array(let items) = value.kind else {
            var message =
                "must be an array of strings, the program and its arguments such as [\"ls\", \"-la\"], got "
                + fields.written(value)
            if case .string(let line) = value.kind {
                message += "; for a command line write [\"bash\", \"-lc\", \(Computer13Grammar.json(line.excerpt))]"
            }
            throw fields.error(value, "command", message)
        }
        guard !items.isEmpty else {
            throw fields.error(value, "command", "must name the program to run, such as [\"ls\", \"-la\"]")
        }
        var argv: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let word) = item.kind else {
                throw fields.error(item, "command", "must hold strings, got \(fields.written(item)) at index \(index)")
            }
            argv.append(word)
        }
        guard !argv[0].isEmpty else {
            throw fields.error(items[0], "command", "names an empty program (its first string)")
        }
        return argv
    }
}
