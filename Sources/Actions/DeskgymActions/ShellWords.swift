/// Command lines for `bash -c` built from argument vectors, and the `bash -c` vectors read back.
///
/// OpenAI's `local_shell_call` gives a command as an argv (`["ls", "-la"]`), which its client runs
/// with `execvp`; the session runs a command line with `bash -c`. ``commandLine(_:)`` quotes each
/// word so that bash's word splitting gives back exactly that argv, and ``script(of:)`` recognises
/// the `["bash", "-lc", "<command line>"]` form models (and ``OpenAIComputerUseGrammar``) write.
enum ShellWords {
    /// The characters a word may hold and still stand unquoted: none is special to bash.
    private static let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_".unicodeScalars)

    /// Bash's reserved words, which are keywords only unquoted and in command position.
    private static let reservedWords: Set<String> = [
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done",
        "in", "function", "time", "coproc",
    ]

    /// `word` as bash reads it back unchanged: as it is when every character is plain, otherwise in
    /// single quotes, a single quote inside written `'\''`.
    static func quoted(_ word: String) -> String {
        if !word.isEmpty, word.unicodeScalars.allSatisfy(plain.contains) { return word }
        return singleQuoted(word)
    }

    private static func singleQuoted(_ word: String) -> String {
        "'" + word.replacing("'", with: #"'\''"#) + "'"
    }

    /// The command line that makes bash run `argv`: each word quoted as needed. The first word is
    /// quoted also when bash would otherwise take it for a keyword (`if`) or an assignment
    /// (`A=1`), since `execvp` would run a program of that name.
    static func commandLine(_ argv: [String]) -> String {
        argv.enumerated().map { index, word in
            if index == 0, reservedWords.contains(word) || word.contains("=") {
                return singleQuoted(word)
            }
            return quoted(word)
        }.joined(separator: " ")
    }

    /// The command line of `["bash", "-c" or "-lc", line]` (bash by name or by path), or nil for
    /// any other argv. The `-l` of a login shell is dropped: the session's shell already has its
    /// environment.
    static func script(of argv: [String]) -> String? {
        guard argv.count == 3, ["bash", "/bin/bash", "/usr/bin/bash"].contains(argv[0]),
            ["-c", "-lc", "-cl"].contains(argv[1])
        else { return nil }
        return argv[2]
    }

    /// The argv ``OpenAIComputerUseGrammar`` writes for a command line: `bash -lc`, as OpenAI's
    /// Codex models write their commands.
    static func argv(of commandLine: String) -> [String] {
        ["bash", "-lc", commandLine]
    }
}
