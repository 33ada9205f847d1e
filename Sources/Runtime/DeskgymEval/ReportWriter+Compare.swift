import Foundation

extension ReportWriter {
    /// Writes a page setting run B against run A task by task — both scores, whether B did better,
    /// worse or the same, links to each run's episode — with the counts of B's wins, losses and
    /// ties, and the means over the tasks both finished. Each run's own report is written (again)
    /// so that the links lead somewhere.
    ///
    /// - Parameters:
    ///   - runA: The baseline run's folder.
    ///   - runB: The run compared with it.
    ///   - output: The page; defaults to `runB/report/compare-<runA folder name>.html`.
    /// - Throws: ``ReportError`` naming the run folder that cannot be read, or the page that cannot be written.
    @discardableResult
    public func compare(_ runA: URL, _ runB: URL, output: URL? = nil) async throws(ReportError) -> RunComparison {
        let a = try await RunReport.load(folder: runA, runName: nil, logger: logger)
        let b = try await RunReport.load(folder: runB, runName: nil, logger: logger)
        let reportA = try await write(runFolder: runA, runName: a.run.name)
        let reportB = try await write(runFolder: runB, runName: b.run.name)
        let page =
            output
            ?? runB.appendingPathComponent(Self.folderName, isDirectory: true)
            .appendingPathComponent("compare-\(HTML.identifier(runA.lastPathComponent)).html")

        var rows: [TaskKey: RunComparison.Row] = [:]
        for episode in a.episodes {
            let key = TaskKey(episode.record.task)
            rows[key] = RunComparison.Row(
                domain: key.domain, taskID: key.id, statusA: episode.record.status,
                scoreA: episode.record.score)
        }
        for episode in b.episodes {
            let key = TaskKey(episode.record.task)
            var row = rows[key] ?? RunComparison.Row(domain: key.domain, taskID: key.id)
            row.statusB = episode.record.status
            row.scoreB = episode.record.score
            rows[key] = row
        }
        let ordered = rows.values.sorted { ($0.domain, $0.taskID) < ($1.domain, $1.taskID) }
        let comparison = RunComparison(runA: a.run.name, runB: b.run.name, rows: ordered, page: page)
        let folder = page.deletingLastPathComponent()
        try Self.save(
            page: comparisonPage(
                comparison, a: a, b: b,
                linkA: HTML.relativePath(from: folder, to: reportA),
                linkB: HTML.relativePath(from: folder, to: reportB)), to: page)
        logger.info(
            "comparison written",
            metadata: [
                "report.path": "\(page.path)", "compare.better": "\(comparison.better)",
                "compare.worse": "\(comparison.worse)", "compare.same": "\(comparison.same)",
            ])
        return comparison
    }

    private func comparisonPage(_ comparison: RunComparison, a: RunReport, b: RunReport, linkA: String, linkB: String) -> String {
        let nameA = HTML.escape(comparison.runA), nameB = HTML.escape(comparison.runB)
        var html = Self.head(title: "Deskgym: \(comparison.runB) against \(comparison.runA)")
        html += "<h1>Run <a href=\"\(HTML.href(linkB))\">\(nameB)</a> against <a href=\"\(HTML.href(linkA))\">\(nameA)</a></h1>\n"
        html += "<table class=\"compare-summary\"><thead><tr><th></th><th>\(nameA) (A)</th><th>\(nameB) (B)</th></tr></thead><tbody>"
        html +=
            "<tr><td>agent</td><td>\(HTML.escape(a.run.configuration.agent))</td><td>\(HTML.escape(b.run.configuration.agent))</td></tr>"
        html +=
            "<tr><td>model</td><td>\(HTML.escape(a.run.configuration.model ?? "–"))</td>"
            + "<td>\(HTML.escape(b.run.configuration.model ?? "–"))</td></tr>"
        html +=
            "<tr><td>finished</td><td>\(a.summary.total.finished) of \(a.summary.total.tasks)</td>"
            + "<td>\(b.summary.total.finished) of \(b.summary.total.tasks)</td></tr>"
        html +=
            "<tr><td>success (all finished)</td><td>\(Self.percent(a.summary.total.meanScore))</td>"
            + "<td>\(Self.percent(b.summary.total.meanScore))</td></tr>"
        let common = comparison.commonMeans
        html += "<tr><td>success (tasks both finished)</td><td>\(Self.percent(common?.a))</td><td>\(Self.percent(common?.b))</td></tr>"
        html += "</tbody></table>\n"
        html +=
            "<p class=\"counts\">Of the tasks both runs finished, B did <b class=\"better\">better on \(comparison.better)</b>, "
            + "<b class=\"worse\">worse on \(comparison.worse)</b> and the same on <b class=\"same\">\(comparison.same)</b>; "
            + "\(comparison.notComparable) tasks were not finished by both.</p>\n"
        html +=
            "<table class=\"compare\"><thead><tr><th>domain</th><th>task</th><th>A</th><th>B</th><th>change</th></tr>"
            + "</thead><tbody>\n"
        for row in comparison.rows {
            let anchor = HTML.episodeAnchor(domain: row.domain, task: row.taskID)
            let change = row.change
            let marker =
                switch change {
                case .better: "▲ better"
                case .worse: "▼ worse"
                case .same: "= same"
                case .notComparable: "–"
                }
            let rowClass =
                change == .better || change == .worse ? "changed \(change.rawValue)" : change == .same ? "same" : "not-comparable"
            html +=
                "<tr class=\"\(rowClass)\"><td>\(HTML.escape(row.domain))</td><td>\(HTML.escape(row.taskID))</td>"
                + "<td class=\"num\">\(cell(row.statusA, row.scoreA, link: linkA, anchor: anchor))</td>"
                + "<td class=\"num\">\(cell(row.statusB, row.scoreB, link: linkB, anchor: anchor))</td>"
                + "<td class=\"change\">\(marker)</td></tr>\n"
        }
        return html + "</tbody></table>\n</body>\n</html>\n"
    }

    /// A run's score for a task, linked to the episode in that run's report.
    private func cell(_ status: EpisodeStatus?, _ score: Double?, link: String, anchor: String) -> String {
        guard let status else { return "<span class=\"note\">absent</span>" }
        let text = status == .finished ? HTML.score(score) : status.rawValue
        return "<a href=\"\(HTML.href(link, fragment: anchor))\">\(HTML.escape(text))</a>"
    }

    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
    }
}
