import Foundation
import GRDB

extension RunStore {
    /// The run's episodes, by domain then task id.
    public func episodes(of run: RunRecord) async throws(RunStoreError) -> [EpisodeRecord] {
        try await read("read episodes of run \(run.name)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM episodes WHERE run_id = ? ORDER BY domain, task_id",
                arguments: [run.id]
            ).map(Self.episodeRecord)
        }
    }

    /// The steps of an episode's latest attempt, by step.
    public func steps(of episode: EpisodeRecord) async throws(RunStoreError) -> [StepRecord] {
        try await read("read steps of task \(episode.task.id)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM steps WHERE episode_id = ? ORDER BY step", arguments: [episode.id]).map { row in
                StepRecord(
                    step: row["step"], actionText: row["action_text"], grammar: row["grammar"], thought: row["thought"],
                    actionsJSON: row["actions"], screenshot: row["screenshot"], envMilliseconds: row["env_ms"],
                    settleMilliseconds: row["settle_ms"], modelMilliseconds: row["model_ms"],
                    promptTokens: row["prompt_tokens"], completionTokens: row["completion_tokens"], error: row["error"])
            }
        }
    }

    /// Every attempt at an episode, first to latest.
    public func attempts(of episode: EpisodeRecord) async throws(RunStoreError) -> [AttemptRecord] {
        try await read("read attempts of task \(episode.task.id)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempts WHERE episode_id = ? ORDER BY attempt", arguments: [episode.id]).map { row in
                AttemptRecord(
                    number: row["attempt"], status: EpisodeStatus(rawValue: row["status"]) ?? .running,
                    startedAt: row["started_at"], finishedAt: row["finished_at"],
                    environmentError: row["environment_error"], errorKind: row["error_kind"])
            }
        }
    }

    /// The run's numbers per domain and in total; see ``RunSummary``.
    public func summary(of run: RunRecord) async throws(RunStoreError) -> RunSummary {
        RunSummary(run: run, episodes: try await episodes(of: run))
    }

    static func episodeRecord(_ row: Row) throws -> EpisodeRecord {
        let metricsText: String? = row["metrics"]
        let metrics = try metricsText.map { try JSONDecoder().decode([MetricVerdict].self, from: Data($0.utf8)) } ?? []
        let statusText: String = row["status"]
        guard let status = EpisodeStatus(rawValue: statusText) else {
            throw DatabaseError(message: "episodes.status '\(statusText)' is not a known status")
        }
        return EpisodeRecord(
            id: row["id"], runID: row["run_id"],
            task: EvalTask(
                id: row["task_id"], domain: row["domain"], file: row["task_file"],
                instruction: row["instruction"]),
            status: status, score: row["score"], steps: row["steps"], attempts: row["attempts"],
            environmentError: row["environment_error"], errorKind: row["error_kind"], metrics: metrics,
            decidedBy: row["decided_by"], startedAt: row["started_at"], finishedAt: row["finished_at"],
            wallMilliseconds: row["wall_ms"], folder: row["folder"])
    }
}
