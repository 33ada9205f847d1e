import Foundation

/// What a `launch` step of OSWorld's does when the session runs on this machine. OSWorld's tasks
/// were written for a VM of their own: they start `google-chrome --remote-debugging-port=1337`,
/// forward port 9222 to it with `socat`, and end programs with `pkill chrome`. Run as written here,
/// where sessions share the machine, the second session could not take port 1337 or 9222 and a
/// `pkill` would end every session's browser; and Debian has Chromium, not Chrome.
enum OSWorldLaunch: Equatable, Sendable {
    /// Start this program instead (or the same one, when nothing needs mapping).
    case start(program: String, arguments: [String])
    /// Do nothing, for this reason.
    case skip(reason: String)
    /// End the session's own programs whose name matches `pattern` (an extended regular
    /// expression, as `pkill` takes it), or whose whole command line does when `fullCommandLine`;
    /// `exactName` wants the whole name to match (`pkill -x`, `killall`).
    case end(pattern: String, fullCommandLine: Bool, exactName: Bool)

    /// The arguments the session's Chromium gets before the task's own: the flags of
    /// `vm-configs/browser.yaml` (no sandbox under root, no first-run questions, software
    /// rendering, one device pixel per CSS pixel, the page's content in the accessibility tree).
    static let chromiumArguments = [
        "--no-sandbox", "--test-type", "--no-first-run", "--no-default-browser-check", "--password-store=basic",
        "--disable-sync", "--disable-features=Translate,MediaRouter,OptimizationHints", "--hide-crash-restore-bubble",
        "--noerrdialogs", "--deny-permission-prompts", "--disable-component-update", "--disable-gpu",
        "--force-device-scale-factor=1", "--lang=en-US", "--start-maximized", "--force-renderer-accessibility",
    ]

    /// The names under which OSWorld starts Chrome.
    static let chromeNames: Set = ["google-chrome", "google-chrome-stable"]

    /// Maps `program` with `arguments`; `installed` says whether a program is on the session's PATH.
    static func map(program: String, arguments: [String], installed: (String) -> Bool) -> OSWorldLaunch {
        let name = URL(fileURLWithPath: program).lastPathComponent
        if chromeNames.contains(name), !installed(program), installed("chromium") {
            // Port 0: Chromium picks a free one and writes it to DevToolsActivePort in the profile,
            // where the getters look, so parallel sessions never fight over 1337.
            var rest = arguments.filter { !$0.hasPrefix("--remote-debugging-port") }
            rest.insert("--remote-debugging-port=0", at: 0)
            return .start(program: "chromium", arguments: chromiumArguments + rest)
        }
        if name == "socat", arguments.contains(where: { $0.lowercased().hasPrefix("tcp-listen:9222") }) {
            return .skip(reason: "the getters find Chromium's DevTools port in its profile; no forward to port 9222 is needed")
        }
        if name == "pkill" || name == "killall" {
            return killing(arguments, exactByDefault: name == "killall") ?? .start(program: program, arguments: arguments)
        }
        return .start(program: program, arguments: arguments)
    }

    /// `pkill [-f] [-x] [-SIGNAL] PATTERN` or `killall [-SIGNAL] NAME`; nil for any other option,
    /// so that the command runs as written.
    private static func killing(_ arguments: [String], exactByDefault: Bool) -> OSWorldLaunch? {
        var full = false
        var exact = exactByDefault
        var patterns: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            switch argument {
            case "-f", "--full": full = true
            case "-x", "--exact", "-e", "--exact-name": exact = true
            case "-s", "--signal":
                index += 1  // the signal: ended programs get SIGTERM, then SIGKILL
            case _ where argument.hasPrefix("-") && argument.count > 1:
                let signal = argument.dropFirst()
                guard signal.allSatisfy(\.isNumber) || signal.allSatisfy(\.isUppercase) else { return nil }
            default: patterns.append(argument)
            }
            index += 1
        }
        guard patterns.count == 1, let pattern = patterns.first else { return nil }
        return .end(pattern: pattern, fullCommandLine: full, exactName: exact)
    }

    /// Whether a program with `name` and `commandLine` matches an ``end(pattern:fullCommandLine:exactName:)``.
    /// A pattern that matches "chrome" also matches Chromium, which stands in for Chrome here.
    static func matches(
        pattern: String, fullCommandLine: Bool, exactName: Bool, name: String,
        commandLine: [String]
    ) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        let subject = fullCommandLine ? commandLine.joined(separator: " ") : name
        let found = exactName ? subject.wholeMatch(of: regex) != nil : subject.contains(regex)
        if found { return true }
        let meansChrome =
            exactName
            ? "chrome".wholeMatch(of: regex) != nil || "google-chrome".wholeMatch(of: regex) != nil
            : "chrome".contains(regex)
        return meansChrome && (name == "chromium" || commandLine.first.map { $0.hasSuffix("/chromium") || $0 == "chromium" } == true)
    }
}
