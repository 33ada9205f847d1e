import Foundation
import GRDB
import Logging

/// The results of eval runs, in one SQLite file (`runs/NAME/deskgym.sqlite`).
///
/// Tables: `runs` (one per run name), `episodes` (one per task of a run, with its latest
/// attempt's outcome), `steps` (the latest attempt's steps), `attempts` (every attempt's start,
/// end and environment error). `docs/eval.md` has the schema.
///
/// The file is in WAL mode: a report can read while a run writes, and every write is one
/// transaction, so a run killed at any point leaves the store as it was after its last completed
/// write. Several episodes may write at once from concurrent tasks; SQLite serialises the writes.
public struct RunStore: Sendable {
    /// The store's file.
    public let path: URL
    let pool: DatabasePool
    let logger: Logger

    /// The file name `deskgym eval` gives the store inside a run folder.
    public static let fileName = "deskgym.sqlite"

    /// Opens the store at `path`, creating it (and its folder) when `create` is true and it does
    /// not exist, and brings its schema up to date.
    /// - Throws: ``RunStoreError`` naming the path: not a SQLite file, cannot be created, missing
    ///   (with `create: false`), or written by a newer Deskgym.
    public init(path: URL, create: Bool = true, logger: Logger) throws(RunStoreError) {
        self.path = path
        self.logger = logger
        let exists = FileManager.default.fileExists(atPath: path.path)
        if !exists {
            guard create else { throw RunStoreError(path: path.path, kind: .missing) }
            do {
                try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw RunStoreError(path: path.path, kind: .cannotOpen(underlying: error.localizedDescription))
            }
        }
        var configuration = Configuration()
        // A report reading while a run checkpoints the WAL may meet a short lock.
        configuration.busyMode = .timeout(10)
        configuration.label = "deskgym.runstore"
        do {
            pool = try DatabasePool(path: path.path, configuration: configuration)
            let migrator = Self.migrator
            let unknown = try pool.read { db in try migrator.appliedIdentifiers(db).subtracting(migrator.migrations) }
            guard unknown.isEmpty else {
                throw RunStoreError(path: path.path, kind: .newerSchema(unknownMigrations: unknown.sorted()))
            }
            try migrator.migrate(pool)
        } catch let error as RunStoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw RunStoreError(path: path.path, kind: .notADatabase(underlying: error.message ?? "\(error)"))
        } catch {
            throw RunStoreError(path: path.path, kind: .cannotOpen(underlying: "\(error)"))
        }
        logger.debug("run store opened", metadata: ["store.path": "\(path.path)", "store.created": "\(!exists)"])
    }

    /// Opens the store of a run folder: `runFolder/deskgym.sqlite`.
    public init(runFolder: URL, create: Bool = true, logger: Logger) throws(RunStoreError) {
        try self.init(path: runFolder.appendingPathComponent(Self.fileName), create: create, logger: logger)
    }

    /// Runs `body` in one write transaction; errors become ``RunStoreError``.
    func write<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T) async throws(RunStoreError) -> T {
        try await transaction(operation) { try await pool.write(body) }
    }

    /// Runs `body` in one read transaction (a consistent snapshot); errors become ``RunStoreError``.
    func read<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T) async throws(RunStoreError) -> T {
        try await transaction(operation) { try await pool.read(body) }
    }

    /// Runs `access` (a transaction of `operation`); an error that is not a ``RunStoreError``
    /// becomes one of kind `database`.
    private func transaction<T: Sendable>(_ operation: String, _ access: () async throws -> T) async throws(RunStoreError) -> T {
        do {
            return try await access()
        } catch let error as RunStoreError {
            throw error
        } catch {
            throw RunStoreError(path: path.path, kind: .database(operation: operation, underlying: "\(error)"))
        }
    }

    /// `value` as the JSON text a column holds: keys sorted, slashes as they are. A failure is an
    /// error of kind `database` for "encode `what`".
    func encodeJSON(_ value: some Encodable, what: String) throws(RunStoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw RunStoreError(path: path.path, kind: .database(operation: "encode \(what)", underlying: "\(error)"))
        }
    }

    /// An episode folder as the store keeps it: relative to the store's folder when inside it, so
    /// that a run folder can be moved or copied whole.
    func storedFolder(_ folder: URL) -> String {
        let base = path.deletingLastPathComponent().standardizedFileURL.path
        let target = folder.standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return target.hasPrefix(prefix) ? String(target.dropFirst(prefix.count)) : target
    }

    /// An episode's trajectory folder, nil when it never started.
    public func folderURL(of episode: EpisodeRecord) -> URL? {
        guard let folder = episode.folder else { return nil }
        if folder.hasPrefix("/") { return URL(fileURLWithPath: folder, isDirectory: true) }
        return path.deletingLastPathComponent().appendingPathComponent(folder, isDirectory: true)
    }
}
