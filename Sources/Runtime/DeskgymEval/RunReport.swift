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
        do {
            store = try RunStore(runFolder: folder, create: false, logger: logger)
        } catch {
            throw ReportError(path: folder.path, kind: .store(error))
        }
        let run = try await pickRun(store: store, folder: folder, runName: runName)
        do {
            let records = try await store.episodes(of: run)
            var episodes: [EpisodeReport] = []
            for record in records {
                episodes.append(try await EpisodeReport.load(record, store: store))
            }
            return RunReport(folder: folder, run: run, summary: RunSummary(run: run, episodes: records), episodes: episodes)
        } catch {
            throw ReportError(path: folder.path, kind: .store(error))
        }
    }

    /// The run `runName`, else the store's only run, else the run named like the folder.
    private static func pickRun(store: RunStore, folder: URL, runName: String?) async throws(ReportError) -> RunRecord {
        let runs: [RunRecord]
        do {
            if let runName { return try await store.run(named: runName) }
            runs = try await store.runs()
        } catch {
            throw ReportError(path: folder.path, kind: .store(error))
        }
        if runs.count == 1 { return runs[0] }
        if let named = runs.first(where: { $0.name == folder.lastPathComponent }) { return named }
        throw ReportError(path: folder.path, kind: runs.isEmpty ? .noRun : .ambiguousRun(names: runs.map(\.name)))
    }
}
