import Foundation
import Logging

/// Writes an eval run's report: `runs/NAME/report/index.html`, one static page with the summary
/// per domain and every episode with its checker verdict and its steps, each step's action drawn
/// over the screenshot the agent saw before it.
///
/// The page needs no server and no script; screenshots stay in the trajectory folders and are
/// linked by relative paths, so the run folder can be moved or copied whole.
/// ``compare(_:_:output:)`` writes a page setting two runs side by side.
public struct ReportWriter: Sendable {
    public var logger: Logger
    /// Whether episodes are shown unfolded; nil unfolds them when the run has at most
    /// ``autoExpandLimit`` episodes (a folded episode loads none of its screenshots).
    public var expandEpisodes: Bool?

    /// Runs with more episodes than this are shown folded unless ``expandEpisodes`` says otherwise.
    public static let autoExpandLimit = 30
    /// The report's folder inside a run folder.
    public static let folderName = "report"

    public init(logger: Logger, expandEpisodes: Bool? = nil) {
        self.logger = logger
        self.expandEpisodes = expandEpisodes
    }

    /// Writes `runFolder/report/index.html` for the run `runName`, or for the store's only run (or
    /// the run named like the folder), and returns the page's URL.
    /// - Throws: ``ReportError`` naming the folder: no store, a store with several runs and no
    ///   name, a page that cannot be written.
    @discardableResult
    public func write(runFolder: URL, runName: String? = nil) async throws(ReportError) -> URL {
        let report = try await RunReport.load(folder: runFolder, runName: runName, logger: logger)
        let folder = runFolder.appendingPathComponent(Self.folderName, isDirectory: true)
        let page = folder.appendingPathComponent("index.html")
        try Self.save(page: html(report, pageFolder: folder), to: page)
        logger.info(
            "report written",
            metadata: [
                "report.path": "\(page.path)", "run.name": "\(report.run.name)",
                "report.episodes": "\(report.episodes.count)",
            ])
        return page
    }

    static func save(page: String, to file: URL) throws(ReportError) {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(page.utf8).write(to: file, options: .atomic)
        } catch {
            throw ReportError(path: file.path, kind: .write(underlying: error.localizedDescription))
        }
    }

    /// The whole page.
    func html(_ report: RunReport, pageFolder: URL) -> String {
        let run = report.run
        let expand = expandEpisodes ?? (report.episodes.count <= Self.autoExpandLimit)
        var page = Self.head(title: "Deskgym run \(run.name)")
        page += "<h1>Run \(HTML.escape(run.name))</h1>\n"
        page +=
            "<dl class=\"run\">" + Self.definition("agent", run.configuration.agent)
            + Self.definition("grammar", run.configuration.grammar) + Self.definition("model", run.configuration.model)
            + run.configuration.options.keys.sorted().map { Self.definition($0, run.configuration.options[$0]) }.joined()
            + Self.definition("started", Self.timestamp(run.startedAt))
            + Self.definition("finished", run.finishedAt.map(Self.timestamp) ?? "not finished") + "</dl>\n"
        page += "<h2>Summary</h2>\n" + Self.summaryTable(report.summary)
        page +=
            "<p class=\"note\">Success is OSWorld's success rate: the mean score of the finished episodes "
            + "(partial scores count in part); episodes that ended in an environment error are counted apart. "
            + "“score 1” counts the episodes scored 1.</p>\n"
        page += "<h2>Episodes</h2>\n" + episodeIndex(report)
        for episode in report.episodes {
            page += episodeSection(episode, pageFolder: pageFolder, expanded: expand)
        }
        return page + "</body>\n</html>\n"
    }

    static func summaryTable(_ summary: RunSummary) -> String {
        var html =
            "<table class=\"summary\"><thead><tr>"
            + RunSummary.columns.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in summary.domains {
            html += "<tr>" + RunSummary.cells(row).map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n"
        }
        html +=
            "<tr class=\"total\">" + RunSummary.cells(summary.total).map { "<td>\(HTML.escape($0))</td>" }.joined()
            + "</tr>\n</tbody></table>\n"
        return html
    }

    private func episodeIndex(_ report: RunReport) -> String {
        var html =
            "<table class=\"index\"><thead><tr><th>domain</th><th>task</th><th>status</th><th>score</th>"
            + "<th>steps</th><th>instruction</th></tr></thead><tbody>\n"
        for episode in report.episodes {
            let record = episode.record
            let instruction = record.task.instruction ?? episode.outcome?.instruction ?? ""
            html +=
                "<tr class=\"\(Self.scoreClass(record))\"><td>\(HTML.escape(record.task.domain))</td>"
                + "<td><a href=\"#\(episode.anchor)\">\(HTML.escape(record.task.id))</a></td>"
                + "<td>\(HTML.escape(record.status.rawValue))</td><td>\(HTML.score(record.score))</td>"
                + "<td>\(record.steps.map { "\($0)" } ?? "–")</td>"
                + "<td>\(HTML.escape(instruction.count > 120 ? String(instruction.prefix(119)) + "…" : instruction))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// The CSS class that colours an episode: `success`, `partial`, `failure`, `env-error`, `unfinished`.
    static func scoreClass(_ record: EpisodeRecord) -> String {
        switch record.status {
        case .environmentError: "env-error"
        case .pending, .running: "unfinished"
        case .finished:
            (record.score ?? 0) >= 1 ? "success" : ((record.score ?? 0) > 0 ? "partial" : "failure")
        }
    }

    static func definition(_ term: String, _ value: String?) -> String {
        guard let value else { return "" }
        return "<dt>\(HTML.escape(term))</dt><dd>\(HTML.escape(value))</dd>"
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
                .timeSeparator(.colon).timeZone(separator: .omitted))
    }

    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>

        """
    }

    static let style = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em; color: #1d1d1f; background: #fafafa; }
        h1 { font-size: 1.6em; margin: 0 0 .4em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: .5em 0; background: #fff; }
        th, td { border: 1px solid #d0d0d0; padding: .25em .6em; text-align: left; vertical-align: top; }
        table.summary td:not(:first-child), table.compare td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: bold; border-top: 2px solid #888; }
        dl.run, dl.meta { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: .5em 0; }
        dt { color: #666; } dd { margin: 0; word-break: break-all; }
        .note { color: #555; font-size: .9em; max-width: 60em; }
        .success td:nth-child(4), .score.success { color: #1b7a2e; font-weight: bold; }
        .partial td:nth-child(4), .score.partial { color: #a36b00; font-weight: bold; }
        .failure td:nth-child(4), .score.failure { color: #b3261e; font-weight: bold; }
        .env-error td:nth-child(3), .score.env-error { color: #6a3ab2; font-weight: bold; }
        details.episode { background: #fff; border: 1px solid #ccc; border-radius: 6px; margin: 1em 0; padding: .5em 1em; }
        details.episode > summary { cursor: pointer; font-size: 1.1em; }
        .instruction { font-size: 1.05em; background: #f0f4ff; padding: .5em .8em; border-left: 4px solid #4a6fd8; white-space: pre-wrap; }
        .env-error-text, .error { color: #b3261e; white-space: pre-wrap; }
        .problem { color: #a36b00; }
        .step { border-top: 1px solid #e3e3e3; padding: .6em 0; }
        .step h4 { margin: .2em 0 .4em; } .step .meta { color: #666; font-weight: normal; font-size: .9em; }
        .step-body { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
        .shot { position: relative; display: inline-block; margin: 0; max-width: min(100%, 960px); line-height: 0; }
        .shot img { display: block; max-width: 100%; height: auto; border: 1px solid #999; }
        .shot svg.overlay { position: absolute; left: 0; top: 0; width: 100%; height: 100%; overflow: visible; }
        .shot .missing { display: block; line-height: 1.4; padding: 2em; background: #eee; color: #666; }
        .step-text { flex: 1 1 22em; min-width: 18em; }
        pre { background: #f4f4f4; padding: .5em; white-space: pre-wrap; word-break: break-word; margin: .3em 0; max-height: 24em; overflow: auto; }
        .thought { white-space: pre-wrap; font-style: italic; color: #333; }
        svg.overlay circle { fill: none; stroke-width: var(--stroke); }
        svg.overlay circle.click { stroke: #e5261e; fill: rgba(229, 38, 30, .18); }
        svg.overlay circle.press, svg.overlay circle.release { stroke: #e5261e; stroke-dasharray: 4 3; }
        svg.overlay circle.move { stroke: #f08c00; }
        svg.overlay circle.drop { stroke: #1565c0; fill: rgba(21, 101, 192, .18); }
        svg.overlay line { stroke-width: var(--stroke); }
        svg.overlay line.drag { stroke: #1565c0; } svg.overlay line.scroll { stroke: #1b7a2e; }
        svg.overlay line.path { stroke: #f08c00; stroke-dasharray: 6 4; }
        svg.overlay .arrowhead.drag { fill: #1565c0; } svg.overlay .arrowhead.scroll { fill: #1b7a2e; }
        svg.overlay text { font-family: system-ui, sans-serif; font-weight: bold; fill: #fff; stroke: #000;
          stroke-width: 3px; paint-order: stroke; }
        svg.overlay .caption-box { fill: rgba(0, 0, 0, .72); }
        svg.overlay text.caption { stroke: none; fill: #fff; font-family: ui-monospace, monospace; }
        tr.changed.better td { background: #e6f4e8; } tr.changed.worse td { background: #fbe7e6; }
        """
}
