import DeskgymCore

extension JSONFields {
    /// A shell command line: a string that is not only white space.
    func shellCommand(_ name: String) throws(ActionParseError) -> String {
        let command = try string(name)
        guard !command.allSatisfy(\.isWhitespace) else {
            throw error(self[name]!, name, "must not be empty (give the command line to run, such as \"ls -la\")")
        }
        return command
    }

    /// A shell command's time-out in seconds, or nil when the field is absent. The field counts
    /// `unitsPerSecond` units a second (1000 for OpenAI's `timeout_ms`); the result must lie in the
    /// core's range, above 0 and at most ``ShellCommand/maximumTimeoutSeconds``.
    func shellTimeout(
        _ name: String, unitsPerSecond: Double = 1,
        unit: String = "seconds"
    ) throws(ActionParseError) -> Double? {
        guard let value = self[name] else { return nil }
        let maximum = ShellCommand.maximumTimeoutSeconds * unitsPerSecond
        guard case .number(let amount) = value.kind, amount > 0, amount <= maximum else {
            throw error(
                value, name,
                "must be a number of \(unit) above 0 and at most "
                    + "\(PythonLiteral.number(maximum)), got \(written(value))")
        }
        return amount / unitsPerSecond
    }
}
