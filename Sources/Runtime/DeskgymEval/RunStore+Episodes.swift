import Foundation
import GRDB

extension RunStore {
    /// Registers `tasks` as the run's tasks (new ones as pending) and returns those still to run,
    /// in the order given: pending ones, ones left `running` by a run that was killed, and — when
    /// `retryEnvironmentErrors` — ones whose last attempt ended in an environment error.
    ///
    /// A task is known by its domain and id; a second task with the same pair is dropped (with a
    /// warning). Tasks the store has but `tasks` lacks are kept, and not returned.
    public func pendingTasks(
        _ tasks: [EvalTask], in run: RunRecord,
        retryEnvironmentErrors: Bool = true
    ) async throws(RunStoreError) -> [EvalTask] {
        var seen = Set<TaskKey>()
        var unique: [EvalTask] = []
        for task in tasks {
            if seen.insert(TaskKey(task)).inserted {
                unique.append(task)
            } else {
                logger.warning(
                    "task listed twice; the second is ignored",
                    metadata: ["task.id": "\(task.id)", "task.domain": "\(task.domain)", "task.file": "\(task.file)"])
            }
        }
        let given = unique
        let statuses = try await write("register tasks of run \(run.name)") { db -> [TaskKey: EpisodeStatus] in
            for task in given {
                try Self.register(task, in: run, db)
            }
            var statuses: [TaskKey: EpisodeStatus] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT domain, task_id, status FROM episodes WHERE run_id = ?",
                arguments: [run.id])
            {
                statuses[TaskKey(domain: row["domain"], id: row["task_id"])] = EpisodeStatus(rawValue: row["status"])
            }
            return statuses
        }
        return given.filter { statuses[TaskKey($0)]?.isPending(retryEnvironmentErrors: retryEnvironmentErrors) ?? true }
    }

    /// Starts an attempt at `task`: the episode becomes `running`, its attempt count goes up, and
    /// the steps of any earlier attempt are deleted (the runner starts the trajectory folder
    /// afresh too). The task is registered if ``pendingTasks(_:in:retryEnvironmentErrors:)`` did not.
    public func markRunning(_ task: EvalTask, in run: RunRecord, folder: URL) async throws(RunStoreError) -> EpisodeAttempt {
        let stored = storedFolder(folder)
        let now = Date()
        return try await write("start task \(task.id)") { db in
            try Self.register(task, in: run, db)
            let row = try Row.fetchOne(
                db, sql: "SELECT id, attempts FROM episodes WHERE run_id = ? AND domain = ? AND task_id = ?",
                arguments: [run.id, task.domain, task.id])
            guard let row else { throw DatabaseError(message: "the episode row vanished after its insert") }
            let id: Int64 = row["id"]
            let number = (row["attempts"] as Int) + 1
            try db.execute(
                sql: """
                    UPDATE episodes SET status = 'running', attempts = ?, started_at = ?, finished_at = NULL, score = NULL,
                    steps = NULL, environment_error = NULL, error_kind = NULL, metrics = NULL, decided_by = NULL,
                    wall_ms = NULL, folder = ? WHERE id = ?
                    """, arguments: [number, now, stored, id])
            try db.execute(sql: "DELETE FROM steps WHERE episode_id = ?", arguments: [id])
            try db.execute(
                sql: "INSERT INTO attempts (episode_id, attempt, started_at, status) VALUES (?, ?, ?, 'running')",
                arguments: [id, number, now])
            return EpisodeAttempt(episodeID: id, runID: run.id, task: task, number: number, folder: folder, startedAt: now)
        }
    }

    /// Records one step of a running attempt (a step recorded twice keeps the second).
    /// - Throws: ``RunStoreError`` with ``RunStoreError/Kind/staleAttempt(task:attempt:latestAttempt:status:)``
    ///   when the attempt has ended or a newer one started.
    public func recordStep(_ step: StepRecord, for attempt: EpisodeAttempt) async throws(RunStoreError) {
        try await write("record step \(step.step) of task \(attempt.task.id)") { db in
            try checkCurrent(attempt, db)
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO steps (episode_id, step, action_text, grammar, thought, actions, screenshot,
                    env_ms, settle_ms, model_ms, prompt_tokens, completion_tokens, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    attempt.episodeID, step.step, step.actionText, step.grammar, step.thought, step.actionsJSON,
                    step.screenshot, step.envMilliseconds, step.settleMilliseconds, step.modelMilliseconds,
                    step.promptTokens, step.completionTokens, step.error,
                ])
        }
    }

    /// Ends an attempt with its outcome: `finished`, or `environment_error` when
    /// ``EpisodeOutcome/environmentError`` is set.
    public func finishEpisode(_ attempt: EpisodeAttempt, outcome: EpisodeOutcome) async throws(RunStoreError) {
        let metrics = try encodeJSON(outcome.metrics, what: "metrics")
        let status: EpisodeStatus = outcome.environmentError == nil ? .finished : .environmentError
        try await endAttempt(
            attempt, operation: "finish task \(attempt.task.id)", status: status,
            environmentError: outcome.environmentError, errorKind: outcome.errorKind
        ) { db, now, wall in
            try db.execute(
                sql: """
                    UPDATE episodes SET status = ?, score = ?, steps = ?, environment_error = ?, error_kind = ?, metrics = ?,
                    decided_by = ?, instruction = COALESCE(?, instruction), finished_at = ?, wall_ms = ? WHERE id = ?
                    """,
                arguments: [
                    status.rawValue, outcome.score, outcome.steps, outcome.environmentError, outcome.errorKind,
                    metrics, outcome.decidedBy, outcome.instruction, now, wall, attempt.episodeID,
                ])
        }
    }

    /// Ends an attempt that the environment broke before it produced an outcome (a session that
    /// would not start, an endpoint that kept failing). The runner may start another attempt.
    public func recordEnvironmentError(_ attempt: EpisodeAttempt, message: String, kind: String? = nil) async throws(RunStoreError) {
        try await endAttempt(
            attempt, operation: "record environment error of task \(attempt.task.id)", status: .environmentError,
            environmentError: message, errorKind: kind
        ) { db, now, wall in
            try db.execute(
                sql: """
                    UPDATE episodes SET status = 'environment_error', environment_error = ?, error_kind = ?, finished_at = ?,
                    wall_ms = ? WHERE id = ?
                    """, arguments: [message, kind, now, wall, attempt.episodeID])
        }
    }

    /// Ends `attempt` in one write transaction of `operation`, if it is the episode's running
    /// attempt: `updateEpisode` writes the episode's row (given the time and the milliseconds since
    /// the attempt started), then the attempt's row is marked ended with `status`.
    private func endAttempt(
        _ attempt: EpisodeAttempt, operation: String, status: EpisodeStatus, environmentError: String?, errorKind: String?,
        updateEpisode: @Sendable (Database, Date, Double) throws -> Void
    ) async throws(RunStoreError) {
        let now = Date()
        let wall = now.timeIntervalSince(attempt.startedAt) * 1000
        try await write(operation) { db in
            try checkCurrent(attempt, db)
            try updateEpisode(db, now, wall)
            try db.execute(
                sql: """
                    UPDATE attempts SET finished_at = ?, status = ?, environment_error = ?, error_kind = ?
                    WHERE episode_id = ? AND attempt = ?
                    """,
                arguments: [now, status.rawValue, environmentError, errorKind, attempt.episodeID, attempt.number])
        }
    }

    /// Refuses writes through an attempt that is not the episode's running one.
    private func checkCurrent(_ attempt: EpisodeAttempt, _ db: Database) throws {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT attempts, status FROM episodes WHERE id = ?",
                arguments: [attempt.episodeID])
        else {
            throw RunStoreError(path: path.path, kind: .unknownEpisode(task: attempt.task.id, episodeID: attempt.episodeID))
        }
        let latest: Int = row["attempts"]
        let status: String = row["status"]
        guard latest == attempt.number, status == EpisodeStatus.running.rawValue else {
            throw RunStoreError(
                path: path.path,
                kind: .staleAttempt(
                    task: attempt.task.id, attempt: attempt.number,
                    latestAttempt: latest, status: status))
        }
    }

    /// Registers `task` as a pending episode of `run`, or, when it is registered, updates its file
    /// and instruction (keeping the stored instruction when the task has none).
    private static func register(_ task: EvalTask, in run: RunRecord, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO episodes (run_id, task_id, domain, task_file, instruction, status)
                VALUES (?, ?, ?, ?, ?, 'pending')
                ON CONFLICT (run_id, domain, task_id) DO UPDATE
                SET task_file = excluded.task_file, instruction = COALESCE(excluded.instruction, instruction)
                """, arguments: [run.id, task.id, task.domain, task.file, task.instruction])
    }
}
