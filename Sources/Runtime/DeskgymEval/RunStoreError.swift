/// Why the run store refused or failed an operation. The description names the store's path.
public struct RunStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The file exists but is not a SQLite database.
        case notADatabase(underlying: String)
        /// The file could not be opened or created (a folder in the way, no permission, …).
        case cannotOpen(underlying: String)
        /// Opening an existing store was asked for, and there is none at the path.
        case missing
        /// The store was written by a newer Deskgym: it has migrations this one does not know.
        case newerSchema(unknownMigrations: [String])
        /// A run of this name exists with other settings; each difference as `field: stored → given`.
        case runMismatch(run: String, differences: [String])
        /// No run of this name in the store.
        case unknownRun(name: String, known: [String])
        /// A write through an attempt that is no longer the episode's running attempt.
        case staleAttempt(task: String, attempt: Int, latestAttempt: Int, status: String)
        /// A write for an episode that is not in the store.
        case unknownEpisode(task: String, episodeID: Int64)
        /// SQLite failed during `operation`.
        case database(operation: String, underlying: String)
    }

    /// The store's path.
    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .notADatabase(let underlying):
            "run store \(path): the file is not a SQLite database (\(underlying)); give another path or move the file away"
        case .cannotOpen(let underlying):
            "run store \(path): cannot open or create it: \(underlying)"
        case .missing:
            "run store \(path): no such file (is this an eval run folder? `deskgym eval` writes deskgym.sqlite there)"
        case .newerSchema(let unknown):
            "run store \(path): written by a newer Deskgym (unknown migrations: \(unknown.joined(separator: ", ")))"
        case .runMismatch(let run, let differences):
            "run store \(path): run '\(run)' exists with other settings, so it cannot be resumed with these "
                + "(\(differences.joined(separator: "; "))); give the run another name, or the settings it was started with"
        case .unknownRun(let name, let known):
            "run store \(path): no run named '\(name)' (runs: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .staleAttempt(let task, let attempt, let latest, let status):
            "run store \(path): task \(task): attempt \(attempt) is no longer running (latest attempt \(latest), status \(status))"
        case .unknownEpisode(let task, let id):
            "run store \(path): task \(task): episode \(id) is not in the store"
        case .database(let operation, let underlying):
            "run store \(path): \(operation): \(underlying)"
        }
    }
}
