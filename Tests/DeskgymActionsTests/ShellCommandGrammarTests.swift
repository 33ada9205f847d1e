import DeskgymActions
import DeskgymCore
import Foundation
import Testing

private let screen = Size(width: 1920, height: 1080)
private let claude = AnthropicComputerGrammar(screen: screen, imageSize: Size(width: 1366, height: 768))
private let cua = OpenAIComputerUseGrammar(screen: screen)
private let qwen = QwenComputerUseGrammar(screen: screen, coordinates: .relative999)
private let uitars = UITARSGrammar(screen: screen, coordinates: .relative1000)

private func shell(_ command: String, timeout: Double? = nil) -> Action {
    .runCommand(ShellCommand(command, timeoutSeconds: timeout))
}

/// The error `grammar` throws for `text` as a whole line, or a note that it parsed.
private func failure(_ grammar: some ActionGrammar, _ text: String) -> String {
    parseError(grammar, text)?.description ?? "(parsed)"
}

@Suite("shell commands: anthropic_computer reads the bash tool")
struct AnthropicBashToolTests {
    @Test("a Messages response with a bash tool_use beside computer tool_use blocks keeps their order")
    func messagesResponse() throws {
        let response = """
            {
              "id": "msg_01Aq9w938a90dw8q",
              "type": "message",
              "role": "assistant",
              "model": "claude-sonnet-4-5-20250929",
              "content": [
                {"type": "text", "text": "I'll open a terminal-free check of the file first, then click Save."},
                {"type": "tool_use", "id": "toolu_01", "name": "bash", "input": {"command": "ls -la ~/Documents | head -20"}},
                {"type": "tool_use", "id": "toolu_02", "name": "computer", "input": {"action": "left_click", "coordinate": [683, 384]}},
                {"type": "tool_use", "id": "toolu_03", "name": "bash", "input": {"command": "grep -c 'total' ~/report.csv", "restart": false}}
              ],
              "stop_reason": "tool_use",
              "usage": {"input_tokens": 2095, "output_tokens": 503}
            }
            """
        #expect(
            try claude.parse(response) == [
                shell("ls -la ~/Documents | head -20"),
                .click(button: .left, at: point(960, 540), count: 1),
                shell("grep -c 'total' ~/report.csv"),
            ])
    }

    @Test("a response of only a bash call is a step, not the end of the turn")
    func bashOnly() throws {
        let response =
            #"{"type": "message", "role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "bash", "#
            + #""input": {"command": "python3 -c 'print(1+1)'"}}], "stop_reason": "tool_use"}"#
        #expect(try claude.parse(response) == [shell("python3 -c 'print(1+1)'")])
        // Deskgym's time-out, and a block in a fenced answer.
        let fenced =
            "Checking the log.\n```json\n"
            + #"{"type": "tool_use", "name": "bash", "input": {"command": "tail -n 5 /var/log/syslog", "timeout": 12.5}}"#
            + "\n```"
        #expect(try claude.parse(fenced) == [shell("tail -n 5 /var/log/syslog", timeout: 12.5)])
    }

    @Test(
        "bash input errors name the field",
        arguments: [
            (#"{"command": ""}"#, "bash: field 'command' must not be empty"),
            (#"{"command": "  \n"}"#, "bash: field 'command' must not be empty"),
            (#"{"command": ["ls", "-la"]}"#, "bash: field 'command' must be a string, got an array [\"ls\", \"-la\"]"),
            (#"{}"#, "bash: missing field 'command'"),
            (#"{"restart": true}"#, "bash: field 'restart' cannot be honoured: every command runs in a new shell"),
            (#"{"command": "ls", "restart": "yes"}"#, "bash: field 'restart' must be true or false, got a string \"yes\""),
            (
                #"{"command": "ls", "timeout": 0}"#,
                "bash: field 'timeout' must be a number of seconds above 0 and at most 3600, got a number 0"
            ),
            (#"{"command": "ls", "timeout": 4000}"#, "bash: field 'timeout' must be a number of seconds above 0 and at most 3600"),
            (
                #"{"command": "ls", "timeout": "30"}"#,
                "bash: field 'timeout' must be a number of seconds above 0 and at most 3600, got a string \"30\""
            ),
            (#"{"command": "ls", "cwd": "/tmp"}"#, "bash: unknown field 'cwd'"),
            (#"{"command": "ls", "comand": "ls"}"#, "bash: unknown field 'comand'; did you mean 'command'?"),
        ])
    func inputErrors(input: String, expected: String) {
        let text = #"{"type": "tool_use", "id": "toolu_1", "name": "bash", "input": "# + input + "}"
        #expect(failure(claude, text).contains(expected), "\(failure(claude, text))")
    }

    @Test("the bash input alone is pointed to a tool_use block; the error says where")
    func inputAlone() throws {
        #expect(
            failure(claude, #"{"command": "ls"}"#).hasSuffix(
                #"a shell command goes in a bash tool_use block: {"type": "tool_use", "name": "bash", "input": {"command": "ls -la"}}"#))
        let error = try #require(parseError(claude, "{\"type\": \"tool_use\", \"name\": \"bash\",\n \"input\": {\"command\": 5}}"))
        #expect(error.line == 2)
        #expect(error.column == 23)
        #expect(error.snippet == "5")
    }

    @Test("format writes a bash tool_use block in the array of computer inputs")
    func format() throws {
        let actions = [Action.click(button: .left, at: point(960, 540), count: 1), shell("make -C ~/proj test", timeout: 120)]
        let text = claude.format(actions)
        #expect(
            text == """
                [
                  {"action": "left_click", "coordinate": [683, 384]},
                  {"type": "tool_use", "name": "bash", "input": {"command": "make -C ~/proj test", "timeout": 120}}
                ]
                """)
        #expect(try claude.parse(text) == actions)
        #expect(claude.format([shell("ls")]) == #"[{"type": "tool_use", "name": "bash", "input": {"command": "ls"}}]"#)
    }
}

@Suite("shell commands: openai_computer_use reads local_shell_call")
struct OpenAILocalShellTests {
    @Test("a Responses output with a local_shell_call beside a computer_call")
    func responsesOutput() throws {
        let response = """
            {
              "id": "resp_68a1c2d3e4f5",
              "object": "response",
              "status": "completed",
              "model": "codex-mini-latest",
              "output": [
                {"type": "reasoning", "id": "rs_1", "summary": []},
                {
                  "type": "local_shell_call",
                  "id": "lsh_68a1c2d3e4f6",
                  "call_id": "call_9XkTz1",
                  "status": "in_progress",
                  "action": {"type": "exec", "command": ["ls", "-la", "/home/user/My Documents"], "timeout_ms": 5000,
                             "working_directory": null, "env": {}, "user": null}
                },
                {"type": "computer_call", "id": "cu_1", "call_id": "call_2", "status": "completed", "pending_safety_checks": [],
                 "action": {"type": "keypress", "keys": ["CTRL", "S"]}},
                {
                  "type": "local_shell_call",
                  "id": "lsh_68a1c2d3e4f7",
                  "call_id": "call_9XkTz2",
                  "status": "in_progress",
                  "action": {"type": "exec", "command": ["bash", "-lc", "cd ~/proj && make test 2>&1 | tail -n 20"],
                             "env": {}, "user": null, "working_directory": null, "timeout_ms": null}
                }
              ]
            }
            """
        #expect(
            try cua.parse(response) == [
                shell("ls -la '/home/user/My Documents'", timeout: 5),
                .hotkey([key("ctrl"), key("s")]),
                shell("cd ~/proj && make test 2>&1 | tail -n 20"),
            ])
    }

    @Test(
        "an argv is quoted so that bash runs that argv",
        arguments: [
            (#"["ls", "-la"]"#, "ls -la"),
            (#"["grep", "-rn", "it's", "."]"#, #"grep -rn 'it'\''s' ."#),
            (#"["echo", "", "$HOME", "a b"]"#, #"echo '' '$HOME' 'a b'"#),
            (#"["/usr/bin/env", "FOO=1", "printenv"]"#, "/usr/bin/env FOO=1 printenv"),
            (#"["if"]"#, "'if'"),
            (#"["A=1", "x"]"#, "'A=1' x"),
            (#"["sh", "-c", "echo hi"]"#, "sh -c 'echo hi'"),
            (#"["bash", "-c", "echo $HOME"]"#, "echo $HOME"),
            (#"["/bin/bash", "-lc", "ls | wc -l"]"#, "ls | wc -l"),
            (#"["bash", "-lc", "echo", "extra"]"#, "bash -lc echo extra"),
        ])
    func argvQuoting(argv: String, expected: String) throws {
        let item = #"{"type": "local_shell_call", "call_id": "call_1", "action": {"type": "exec", "command": "# + argv + "}}"
        #expect(try cua.parse(item) == [shell(expected)])
    }

    /// The words are printed by the real bash the session runs commands with, one per line in
    /// brackets, so any splitting, expansion or lost quote would show.
    @Test("bash gives back exactly the argv's words, however awkward")
    func argvUnderBash() throws {
        let words = [
            "it's", "a b", "", "$HOME", "`id`", "*", "~", "\\", "\"q\"", "é中", "!", "a\nb", "-n", ";", "&&",
            "#c", "{a,b}", "x=1", "'", "$(echo no)", "\t", "%1", "@:,./-_+=",
        ]
        let argv = ["printf", "[%s]\\n"] + words
        let json = "[" + argv.map(jsonString).joined(separator: ", ") + "]"
        let actions = try cua.parse(#"{"type": "local_shell_call", "action": {"type": "exec", "command": "# + json + "}}")
        guard case .runCommand(let command)? = actions.first else {
            Issue.record("not a shell command: \(actions)")
            return
        }
        let result = try runBash(command.command)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == words.map { "[\($0)]\n" }.joined())
        // A first word with '=' is a program's name, as execvp would take it, not an assignment.
        let assignment = try cua.parse(#"{"type": "local_shell_call", "action": {"type": "exec", "command": ["A=1"]}}"#)
        guard case .runCommand(let quoted)? = assignment.first else { return }
        #expect(try runBash(quoted.command).status == 127)
    }

    @Test("working_directory becomes a cd before the command; a command line is grouped")
    func workingDirectory() throws {
        let item = #"{"type": "local_shell_call", "action": {"type": "exec", "command": ["ls"], "working_directory": "/tmp/my dir"}}"#
        #expect(try cua.parse(item) == [shell("cd '/tmp/my dir' && ls")])
        let script =
            #"{"type": "local_shell_call", "action": {"type": "exec", "command": ["bash", "-lc", "pwd; ls"], "#
            + #""working_directory": "/"}}"#
        #expect(try cua.parse(script) == [shell("cd / && {\npwd; ls\n}")])
        let result = try runBash("cd / && {\npwd; echo done\n}")
        #expect(result.stdout == "/\ndone\n")
        let dashed = #"{"type": "local_shell_call", "action": {"type": "exec", "command": ["ls"], "working_directory": "-x"}}"#
        #expect(try cua.parse(dashed) == [shell("cd -- -x && ls")])
    }

    @Test("the exec action alone reads too; a local_shell_call_output is refused")
    func shapes() throws {
        #expect(try cua.parse(#"{"type": "exec", "command": ["pwd"]}"#) == [shell("pwd")])
        #expect(
            failure(cua, #"{"type": "local_shell_call_output", "call_id": "call_1", "output": "ok"}"#).hasSuffix(
                "a local_shell_call_output is what the agent sends back with a command's output, not an action; give the model's local_shell_call"
            ))
        #expect(failure(cua, #"{"type": "local_shell_call", "call_id": "call_1"}"#).hasSuffix("the local_shell_call has no 'action'"))
    }

    @Test(
        "exec errors name the field",
        arguments: [
            (#"{"type": "exec", "command": []}"#, "local_shell_call: field 'command' must name the program to run"),
            (
                #"{"type": "exec", "command": "ls -la"}"#,
                #"local_shell_call: field 'command' must be an array of strings, the program and its arguments such as ["ls", "-la"], got a string "ls -la"; for a command line write ["bash", "-lc", "ls -la"]"#
            ),
            (#"{"type": "exec", "command": ["ls", 5]}"#, "local_shell_call: field 'command' must hold strings, got a number 5 at index 1"),
            (#"{"type": "exec", "command": ["", "x"]}"#, "local_shell_call: field 'command' names an empty program"),
            (#"{"type": "exec", "command": ["bash", "-lc", " "]}"#, "local_shell_call: field 'command' holds an empty command line"),
            (#"{"type": "exec"}"#, "local_shell_call: missing field 'command'"),
            (
                #"{"type": "exec", "command": ["ls"], "timeout_ms": 0}"#,
                "local_shell_call: field 'timeout_ms' must be a number of milliseconds above 0 and at most 3600000, got a number 0"
            ),
            (#"{"type": "exec", "command": ["ls"], "timeout_ms": 3600001}"#, "field 'timeout_ms' must be a number of milliseconds"),
            (#"{"type": "exec", "command": ["ls"], "timeout_ms": "5000"}"#, "field 'timeout_ms' must be a number of milliseconds"),
            (#"{"type": "exec", "command": ["ls"], "env": {"LANG": "C"}}"#, "local_shell_call: field 'env' is not supported"),
            (#"{"type": "exec", "command": ["ls"], "env": ["LANG=C"]}"#, "local_shell_call: field 'env' must be an object"),
            (
                #"{"type": "exec", "command": ["ls"], "user": "root"}"#,
                "local_shell_call: field 'user' is not supported: commands run as the session's user, got a string \"root\""
            ),
            (
                #"{"type": "exec", "command": ["ls"], "working_directory": ""}"#,
                "local_shell_call: field 'working_directory' must not be empty"
            ),
            (
                #"{"type": "exec", "command": ["ls"], "working_directory": 5}"#,
                "local_shell_call: field 'working_directory' must be a string"
            ),
            (#"{"type": "exec", "command": ["ls"], "cwd": "/"}"#, "local_shell_call: unknown field 'cwd'"),
            (#"{"type": "run", "command": ["ls"]}"#, "local_shell_call: field 'type' must be \"exec\""),
            (#""ls""#, "the local_shell_call's 'action' must be an exec action object, got a string \"ls\""),
        ])
    func execErrors(action: String, expected: String) {
        let text = #"{"type": "local_shell_call", "id": "lsh_1", "call_id": "call_1", "status": "completed", "action": "# + action + "}"
        #expect(failure(cua, text).contains(expected), "\(failure(cua, text))")
    }

    @Test("format writes a local_shell_call item running bash -lc, with the time-out in milliseconds")
    func format() throws {
        let actions = [shell("ls -la ~", timeout: 30), .typing("x")]
        let text = cua.format(actions)
        #expect(
            text == """
                [
                  {"type": "local_shell_call", "action": {"type": "exec", "command": ["bash", "-lc", "ls -la ~"], "timeout_ms": 30000}},
                  {"type": "type", "text": "x"}
                ]
                """)
        #expect(try cua.parse(text) == actions)
        for seconds in [0.001, 0.1, 0.3, 1.7, 2.675, 1e-6, 3599.9999] {
            #expect(try cua.parse(cua.format([shell("true", timeout: seconds)])) == [shell("true", timeout: seconds)])
        }
    }
}

@Suite("shell commands: qwen_computer_use reads the bash tool")
struct QwenBashToolTests {
    @Test("Qwen text with a bash call and a computer_use call")
    func twoToolCalls() throws {
        let answer = """
            <think>
            The file list will tell me whether the export exists; then I close the dialog.
            </think>
            Action: List the exported files, then close the dialog.
            <tool_call>
            {"name": "bash", "arguments": {"command": "ls -la ~/exports", "timeout": 30}}
            </tool_call>
            <tool_call>
            {"name": "computer_use", "arguments": {"action": "key", "keys": ["esc"]}}
            </tool_call>
            """
        #expect(try qwen.parse(answer) == [shell("ls -la ~/exports", timeout: 30), .hotkey([key("esc")])])
        #expect(try qwen.parse(#"{"name": "bash", "arguments": {"command": "df -h"}}"#) == [shell("df -h")])
    }

    @Test(
        "bash argument errors name the argument",
        arguments: [
            (#"{"name": "bash", "arguments": {"command": ""}}"#, "line 2, column 43: bash: field 'command' must not be empty"),
            (#"{"name": "bash", "arguments": {"command": 42}}"#, "bash: field 'command' must be a string, got a number 42"),
            (#"{"name": "bash", "arguments": {}}"#, "bash: missing field 'command'"),
            (
                #"{"name": "bash", "arguments": {"command": "ls", "timeout": -1}}"#,
                "bash: field 'timeout' must be a number of seconds above 0 and at most 3600, got a number -1"
            ),
            (#"{"name": "bash", "arguments": {"command": "ls", "timeout": 3601}}"#, "bash: field 'timeout' must be a number of seconds"),
            (#"{"name": "bash", "arguments": {"command": "ls", "action": "run"}}"#, "bash: unknown field 'action'"),
            (#"{"name": "bash", "arguments": "{\"command\": \"ls\"}"}"#, "'arguments' must be a JSON object, got a string"),
            (
                #"{"name": "shell", "arguments": {"command": "ls"}}"#,
                "unknown tool 'shell'; this grammar reads calls of the tools 'computer_use' and 'bash'"
            ),
            (#"{"command": "ls"}"#, #"a shell command is a call of the bash tool: {"name": "bash", "arguments": {"command": "ls -la"}}"#),
        ])
    func argumentErrors(body: String, expected: String) {
        let text = "<tool_call>\n\(body)\n</tool_call>"
        #expect(failure(qwen, text).contains(expected), "\(failure(qwen, text))")
    }

    @Test("format writes a bash tool call")
    func format() {
        #expect(
            qwen.format([shell("echo \"hi\"", timeout: 2.5), .done]) == """
                <tool_call>
                {"name": "bash", "arguments": {"command": "echo \\"hi\\"", "timeout": 2.5}}
                </tool_call>
                <tool_call>
                {"name": "computer_use", "arguments": {"action": "terminate", "status": "success"}}
                </tool_call>
                """)
    }
}

@Suite("shell commands: uitars reads run_command")
struct UITARSRunCommandTests {
    @Test("a Thought/Action answer with run_command between GUI actions")
    func thoughtAndAction() throws {
        let answer = """
            Thought: The spreadsheet is saved, but I should check that the CSV file exists before I close \
            the window. I'll list the folder, then close LibreOffice with ctrl q.
            Action: run_command(command='ls -la ~/Documents/*.csv', timeout='20')

            hotkey(key='ctrl q')
            """
        #expect(
            try uitars.parse(answer) == [
                shell("ls -la ~/Documents/*.csv", timeout: 20),
                .hotkey([key("ctrl"), key("q")]),
            ])
    }

    @Test(
        "quoting as for type(content=…): escapes, an unescaped apostrophe, a bare time-out",
        arguments: [
            (#"run_command(command='echo \'hi\' > ~/a.txt')"#, "echo 'hi' > ~/a.txt"),
            (#"run_command(command='grep -c 'total' report.csv')"#, "grep -c 'total' report.csv"),
            (#"run_command(command="cat a.txt\nwc -l a.txt")"#, "cat a.txt\nwc -l a.txt"),
            (#"run_command(command='printf "%s\\n" é中')"#, #"printf "%s\n" é中"#),
        ])
    func quoting(call: String, expected: String) throws {
        #expect(try uitars.parse("Action: " + call) == [shell(expected)])
        #expect(try uitars.parse("Action: run_command(command='sleep 1', timeout=90)") == [shell("sleep 1", timeout: 90)])
    }

    @Test(
        "run_command errors name the argument",
        arguments: [
            ("run_command(command='')", "uitars: line 1, column 29: run_command: command must not be empty, got ''"),
            ("run_command(command='   ')", "run_command: command must not be empty"),
            ("run_command(timeout='5')", "uitars: line 1, column 9: run_command: missing argument 'command'"),
            (
                "run_command(command='ls', timeout='0')",
                "uitars: line 1, column 43: run_command: timeout must be a number of seconds above 0 and at most 3600, got '0'"
            ),
            (
                "run_command(command='ls', timeout='soon')",
                "run_command: timeout must be a number of seconds above 0 and at most 3600, got 'soon'"
            ),
            (
                "run_command(command='ls', timeout=7200)",
                "run_command: timeout must be a number of seconds above 0 and at most 3600, got 7200"
            ),
            ("run_command(command='ls', cwd='/')", "run_command: unknown argument 'cwd'"),
            ("run_command('ls')", "run_command: arguments are written name='value'"),
            ("run_comand(command='ls')", "unknown action 'run_comand'; did you mean 'run_command'?"),
        ])
    func errors(call: String, expected: String) {
        #expect(failure(uitars, "Action: " + call).contains(expected), "\(failure(uitars, "Action: " + call))")
    }

    @Test("format writes run_command with the time-out quoted")
    func format() {
        #expect(
            uitars.format([shell("echo 'it\\'s'\nls", timeout: 7.5), .done])
                == #"Action: run_command(command='echo \'it\\\'s\'\nls', timeout='7.5')"# + "\n\nfinished()")
    }
}

/// `value` as a JSON string.
private func jsonString(_ value: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [value], options: [.withoutEscapingSlashes])
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}

/// Runs `command` with `bash -c`, as the session does, and returns its exit status and output.
private func runBash(_ command: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", command]
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}
