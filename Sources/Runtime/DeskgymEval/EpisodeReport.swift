import Foundation

/// One episode of a report.
struct EpisodeReport: Sendable {
    var record: EpisodeRecord
    /// The trajectory folder, nil when the episode never started.
    var folder: URL?
    /// `result.json`, when the episode wrote one.
    var outcome: EpisodeOutcome?
    /// The steps: from `trajectory.jsonl`, or from the store when the file is missing.
    var steps: [StepRecord]
    /// Files that could not be read, shown in the report instead of failing it.
    var problems: [String]
    /// Every attempt, when there were several (earlier ones ended in environment errors).
    var attempts: [AttemptRecord] = []

    var anchor: String { HTML.episodeAnchor(domain: record.task.domain, task: record.task.id) }

    static func load(_ record: EpisodeRecord, store: RunStore) async throws(RunStoreError) -> EpisodeReport {
        var report = EpisodeReport(record: record, folder: store.folderURL(of: record), outcome: nil, steps: [], problems: [])
        if record.attempts > 1 {
            report.attempts = try await store.attempts(of: record)
        }
        guard let folder = report.folder else { return report }
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: folder.appendingPathComponent("result.json").path) {
            do {
                report.outcome = try EpisodeOutcome.load(from: folder)
            } catch {
                report.problems.append("\(error)")
            }
        }
        if fileManager.fileExists(atPath: folder.appendingPathComponent(TrajectoryFile.name).path) {
            do {
                report.steps = try TrajectoryFile.steps(in: folder)
            } catch {
                report.problems.append("\(error)")
            }
        }
        if report.steps.isEmpty {
            report.steps = try await store.steps(of: record)
        }
        return report
    }
}
