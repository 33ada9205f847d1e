/// The compatibility check over a folder of task files: one entry per `*.json` file (found
/// recursively, hidden files skipped, sorted by path) and a ``summary``. This is what
/// `deskgym tasks check DIR` prints:
///
/// ```swift
/// let report = try CorpusReport.build(folder: URL(fileURLWithPath: "tasks"))
/// print(report.render(verbose: false))
/// ```
public struct CorpusReport: Sendable, Hashable {
    /// What became of one file.
    public enum Outcome: Sendable, Hashable {
        /// The file is a task; the report says whether it can run.
        case task(TaskReport)
        /// The file looks like a task (or is not JSON) but does not load.
        case failed(TaskLoadError)
        /// The file is JSON but not a task object, such as OSWorld's `test_all.json` index of task
        /// ids; the reason says what it is.
        case skipped(reason: String)
    }

    /// One file of the folder.
    public struct Entry: Sendable, Hashable {
        /// The file's path relative to the folder (`examples/os/x.json`).
        public var path: String
        /// What became of it.
        public var outcome: Outcome

        /// Creates an entry.
        public init(path: String, outcome: Outcome) {
            self.path = path
            self.outcome = outcome
        }

        /// The task report, if the file is a task that loaded.
        public var taskReport: TaskReport? {
            if case .task(let report) = outcome { report } else { nil }
        }

        /// The load error, if the file failed to load.
        public var loadError: TaskLoadError? {
            if case .failed(let error) = outcome { error } else { nil }
        }

        /// Why the file was skipped, if it was.
        public var skipReason: String? {
            if case .skipped(let reason) = outcome { reason } else { nil }
        }
    }

    /// The folder as given (used as the prefix of every file shown).
    public var folder: String
    /// The registry the tasks were checked against.
    public var support: TaskSupport
    /// The files, sorted by path.
    public var entries: [Entry]

    /// Creates a report from entries already examined.
    public init(folder: String, support: TaskSupport, entries: [Entry]) {
        self.folder = folder
        self.support = support
        self.entries = entries
    }

    /// The counts: files, loaded, runnable, and per registry the names used and supported.
    public var summary: CorpusSummary {
        CorpusSummary(entries: entries, support: support)
    }

    /// A file's path as shown to the user: the folder as given, then the path inside it.
    public func displayPath(of path: String) -> String {
        Self.join(folder, path)
    }

    static func join(_ folder: String, _ path: String) -> String {
        var prefix = folder
        while prefix.count > 1, prefix.hasSuffix("/") { prefix.removeLast() }
        if prefix.isEmpty || prefix == "." { return path }
        return prefix == "/" ? "/" + path : prefix + "/" + path
    }
}
