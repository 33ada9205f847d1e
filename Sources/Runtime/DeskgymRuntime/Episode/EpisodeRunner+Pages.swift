import DeskgymTaskModel
import DeskgymTasks
import Foundation
import Logging

extension EpisodeRunner {
    /// The name, in the trajectory's `cache/` folder, of the file where the page server records
    /// form submissions (a `cache_file` getter reads it).
    public static let pageSubmissionsFileName = "page_submissions.json"

    /// Starts the server for the task's `deskgym.pages` folder (relative to the task file), or
    /// returns nil when the task serves no pages. Submissions go to
    /// `cache/page_submissions.json` in the trajectory folder, out of the agent's reach.
    func startPageServer(for task: OSWorldTask, logger: Logger) async throws(EpisodeError) -> PageServer? {
        guard let pages = task.deskgym?.pages else { return nil }
        let folder =
            pages.hasPrefix("/")
            ? URL(fileURLWithPath: pages)
            : taskFile.deletingLastPathComponent().appendingPathComponent(pages)
        do {
            return try await PageServer.start(
                folder: folder,
                submissionsFile: output.appendingPathComponent("cache").appendingPathComponent(Self.pageSubmissionsFileName),
                logger: logger)
        } catch {
            throw EpisodeError(task: task.id, kind: .badInput, message: "deskgym.pages: \(error)")
        }
    }
}
