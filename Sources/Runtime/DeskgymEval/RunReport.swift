import Foundation
import Logging

/// What a report shows of a run: the store's rows, and for each episode what its trajectory
/// folder holds.
struct RunReport: Sendable {
    /// The run folder (the store's folder).
    var folder: URL
    var run: RunRecord
    var summary: RunSummary
    var episodes: [EpisodeReport]

    /// Reads the run `runName` (or the only run, or the run named like the folder) of the store in
    /// `folder`, and each episode's `result.json` and `trajectory.jsonl`.
    static func load(folder: URL, runName: String?, logger: Logger) async throws(ReportError) -> RunReport {
        let store: RunStore
        let run: RunRecord
        do {
            store = try RunStore(runFolder: folder, create: false, logger: logger)
            if let runName {
                run = try await store.run(named: runName)
            } else {
                let runs = try await store.runs()
                if runs.count == 1 {
                    run = runs[0]
                } else if let named = runs.first(where: { $0.name == folder.lastPathComponent }) {
                    run = named
                } else if runs.isEmpty {
                    throw ReportError(path: folder.path, kind: .noRun)
                } else {
                    throw ReportError(path: folder.path, kind: .ambiguousRun(names: runs.map(\.name)))
                }
            }
        } catch let error as RunStoreError {
            throw ReportError(path: folder.path, kind: .store(error))
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError(path: folder.path, kind: .write(underlying: "\(error)"))
        }
        let records: [EpisodeRecord]
        var episodes: [EpisodeReport] = []
        do {
            records = try await store.episodes(of: run)
            for record in records {
                episodes.append(try await EpisodeReport.load(record, store: store))
            }
        } catch {
            throw ReportError(path: folder.path, kind: .store(error))
        }
        return RunReport(folder: folder, run: run, summary: RunSummary(run: run, episodes: records), episodes: episodes)
    }
}

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
