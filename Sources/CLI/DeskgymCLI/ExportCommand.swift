import ArgumentParser
import DeskgymExport
import Foundation

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export trajectories (served training records, run and eval output) to the layouts trainers read.",
        discussion: "Formats: turns (turns.jsonl, one line per answer), verl (verl.jsonl, one line per trajectory "
            + "for verl's multi-turn agent loop), skyrl (skyrl.json, SkyRL's generator output; needs token ids in "
            + "each step's extra). See docs/rollouts.md.")

    @Argument(help: "Folders holding trajectory folders (searched recursively), e.g. a --records folder or runs/NAME.")
    var folders: [String]
    @Option(help: "turns, verl or skyrl.")
    var format: ExportFormat = .turns
    @Option(help: "The output folder.")
    var out: String
    @Flag(help: "Also export episodes cut off before DONE or FAIL (reward 0, stop reason 'truncated').")
    var includeUnfinished = false

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("give at least one folder of trajectories") }
    }

    func run() async throws {
        let exporter = RolloutExporter(format: format, includeUnfinished: includeUnfinished)
        let summary: RolloutExporter.Summary
        do {
            summary = try exporter.export(folders.map { URL(fileURLWithPath: $0) }, to: URL(fileURLWithPath: out))
        } catch {
            throw ValidationError("export: \(error)")
        }
        for (folder, reason) in summary.skipped {
            emit("skipped \(folder): \(reason)")
        }
        emit("\(format.rawValue): \(summary.trajectories) trajectories, \(summary.turns) turns → \(summary.file.path)")
    }
}
