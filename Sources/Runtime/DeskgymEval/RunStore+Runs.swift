import Foundation
import GRDB

extension RunStore {
    /// Starts the run `configuration.name`, or resumes it when the store already has it.
    ///
    /// A resume keeps the run's start time and episodes and clears its finish time; episodes that
    /// are not finished are then given back by ``pendingTasks(_:in:retryEnvironmentErrors:)``.
    /// - Throws: ``RunStoreError`` with ``RunStoreError/Kind/runMismatch(run:differences:)`` when
    ///   the stored run has another agent, grammar, model or options, listing each difference.
    public func startRun(_ configuration: RunConfiguration) async throws(RunStoreError) -> RunRecord {
        let path = path.path
        let options = try encodeJSON(configuration.options, what: "options")
        let (run, resumed) = try await write("start run \(configuration.name)") { db -> (RunRecord, Bool) in
            if let existing = try Self.fetchRun(named: configuration.name, db) {
                let differences = existing.configuration.differences(from: configuration)
                guard differences.isEmpty else {
                    throw RunStoreError(path: path, kind: .runMismatch(run: configuration.name, differences: differences))
                }
                try db.execute(sql: "UPDATE runs SET finished_at = NULL WHERE id = ?", arguments: [existing.id])
                return (
                    RunRecord(
                        id: existing.id, configuration: existing.configuration, startedAt: existing.startedAt,
                        finishedAt: nil), true
                )
            }
            let now = Date()
            try db.execute(
                sql: """
                    INSERT INTO runs (name, agent, grammar, model, options, started_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [configuration.name, configuration.agent, configuration.grammar, configuration.model, options, now])
            return (RunRecord(id: db.lastInsertedRowID, configuration: configuration, startedAt: now, finishedAt: nil), false)
        }
        logger.info(resumed ? "resuming run" : "starting run", metadata: ["run.name": "\(run.name)", "store.path": "\(path)"])
        return run
    }

    /// Records that the run ended (every task was attempted). A run that is stopped early is left
    /// unfinished, which is how a resume finds it.
    public func finishRun(_ run: RunRecord) async throws(RunStoreError) {
        try await write("finish run \(run.name)") { db in
            try db.execute(sql: "UPDATE runs SET finished_at = ? WHERE id = ?", arguments: [Date(), run.id])
        }
    }

    /// The run named `name`.
    /// - Throws: ``RunStoreError`` with ``RunStoreError/Kind/unknownRun(name:known:)`` listing the runs there are.
    public func run(named name: String) async throws(RunStoreError) -> RunRecord {
        let path = path.path
        return try await read("read run \(name)") { db in
            guard let run = try Self.fetchRun(named: name, db) else {
                let known = try String.fetchAll(db, sql: "SELECT name FROM runs ORDER BY id")
                throw RunStoreError(path: path, kind: .unknownRun(name: name, known: known))
            }
            return run
        }
    }

    /// Every run in the store, oldest first.
    public func runs() async throws(RunStoreError) -> [RunRecord] {
        try await read("list runs") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id").map(Self.runRecord)
        }
    }

    static func fetchRun(named name: String, _ db: Database) throws -> RunRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE name = ?", arguments: [name]).map(runRecord)
    }

    static func runRecord(_ row: Row) throws -> RunRecord {
        let optionsText: String = row["options"]
        let options = try JSONDecoder().decode([String: String].self, from: Data(optionsText.utf8))
        return RunRecord(
            id: row["id"],
            configuration: RunConfiguration(
                name: row["name"], agent: row["agent"], grammar: row["grammar"],
                model: row["model"], options: options),
            startedAt: row["started_at"], finishedAt: row["finished_at"])
    }
}
