import DeskgymCore
import Foundation

extension ReportWriter {
    /// One episode: its task, verdict and errors, then each step over the screen before it.
    func episodeSection(_ episode: EpisodeReport, pageFolder: URL, expanded: Bool) -> String {
        let record = episode.record
        let outcome = episode.outcome
        let instruction = outcome?.instruction ?? record.task.instruction
        var html =
            "<details class=\"episode\" id=\"\(episode.anchor)\"\(expanded ? " open" : "")>\n<summary>"
            + "<span class=\"score \(Self.scoreClass(record))\">\(HTML.score(record.score))</span> "
            + "\(HTML.escape(record.task.domain)) / \(HTML.escape(record.task.id)) — \(HTML.escape(record.status.rawValue))"
            + "</summary>\n"
        if let instruction {
            html += "<p class=\"instruction\">\(HTML.escape(instruction))</p>\n"
        }
        let prompt = episode.steps.compactMap(\.promptTokens).reduce(0, +)
        let completion = episode.steps.compactMap(\.completionTokens).reduce(0, +)
        html +=
            "<dl class=\"meta\">" + Self.definition("task file", record.task.file)
            + Self.definition("status", record.status.rawValue) + Self.definition("score", HTML.score(record.score))
            + Self.definition("steps", record.steps.map { "\($0)" })
            + Self.definition("attempts", "\(record.attempts)")
            + Self.definition("wall time", HTML.milliseconds(record.wallMilliseconds))
            + Self.definition("started", record.startedAt.map(Self.timestamp))
            + Self.definition("tokens", prompt + completion > 0 ? "\(prompt) prompt, \(completion) completion" : nil)
        if let folder = episode.folder {
            let relative = HTML.relativePath(from: pageFolder, to: folder)
            let files = [TrajectoryFile.name, "result.json"].filter {
                FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
            }
            html +=
                "<dt>trajectory</dt><dd>"
                + (files.map { "<a href=\"\(HTML.href(relative + "/" + $0))\">\(HTML.escape($0))</a>" }
                + ["<a href=\"\(HTML.href(relative))/\">folder</a>"]).joined(separator: " · ") + "</dd>"
        }
        html += "</dl>\n"
        html += verdict(record: record, outcome: outcome)
        if let error = outcome?.environmentError ?? record.environmentError {
            let kind = outcome?.errorKind ?? record.errorKind
            html +=
                "<p class=\"env-error-text\"><b>Environment error\(kind.map { " (\(HTML.escape($0)))" } ?? ""):</b> "
                + "\(HTML.escape(error))</p>\n"
        }
        if episode.attempts.count > 1 {
            html += "<h3>Attempts</h3>\n<ol class=\"attempts\">"
            for attempt in episode.attempts {
                html +=
                    "<li>\(HTML.escape(attempt.status.rawValue)), started \(Self.timestamp(attempt.startedAt))"
                    + (attempt.environmentError.map { ": <span class=\"error\">\(HTML.escape($0))</span>" } ?? "") + "</li>"
            }
            html += "</ol>\n"
        }
        for problem in episode.problems {
            html += "<p class=\"problem\">Could not read: \(HTML.escape(problem))</p>\n"
        }
        if let folder = episode.folder {
            html += steps(episode, folder: folder, pageFolder: pageFolder)
        }
        return html + "</details>\n"
    }

    /// The checker's verdict: one row per metric, and which metric decided.
    private func verdict(record: EpisodeRecord, outcome: EpisodeOutcome?) -> String {
        let metrics = outcome?.metrics ?? record.metrics
        let decidedBy = outcome?.decidedBy ?? record.decidedBy
        guard !metrics.isEmpty else {
            return record.status == .finished ? "<p class=\"note\">The checker gave no metric details.</p>\n" : ""
        }
        var html =
            "<h3>Checker</h3>\n<table class=\"metrics\"><thead><tr><th>metric</th><th>score</th><th>reason</th>"
            + "</tr></thead><tbody>"
        for metric in metrics {
            html +=
                "<tr><td>\(HTML.escape(metric.name))</td><td>\(HTML.score(metric.score))</td>"
                + "<td>\(HTML.escape(metric.reason ?? ""))</td></tr>"
        }
        html += "</tbody></table>\n"
        if let decidedBy {
            html += "<p class=\"note\">Decided by \(HTML.escape(decidedBy)).</p>\n"
        }
        return html
    }

    /// Each agent step with the screen the agent saw before it (the previous step's observation),
    /// then the screen at the end.
    private func steps(_ episode: EpisodeReport, folder: URL, pageFolder: URL) -> String {
        let ordered = episode.steps.sorted { $0.step < $1.step }
        var before = ordered.first { $0.step == 0 }?.screenshot
        var pointer: Point?
        var html = "<h3>Steps</h3>\n"
        for step in ordered where step.step > 0 {
            html +=
                "<div class=\"step\" id=\"\(episode.anchor)-s\(step.step)\">\n<h4>Step \(step.step) "
                + "<span class=\"meta\">\(HTML.escape(Self.costs(step)))</span></h4>\n<div class=\"step-body\">"
            let actions: [Action]
            var parseProblem: String?
            do {
                actions = try step.actions()
            } catch {
                actions = []
                parseProblem = "\(error)"
            }
            html += figure(before, folder: folder, pageFolder: pageFolder, caption: "screen before step \(step.step)") { size in
                var overlay = ActionOverlay(size: size, pointer: pointer)
                let svg = overlay.svg(for: actions, id: "\(episode.anchor)-s\(step.step)")
                pointer = overlay.pointer
                return svg
            }
            html += "<div class=\"step-text\">"
            if let thought = step.thought, !thought.isEmpty {
                html += "<p><b>Thought</b></p><p class=\"thought\">\(HTML.escape(thought))</p>"
            }
            if let text = step.actionText {
                html +=
                    "<p><b>Answer</b>\(step.grammar.map { " <span class=\"meta\">(\(HTML.escape($0)))</span>" } ?? "")</p>"
                    + "<pre class=\"answer\">\(HTML.escape(text))</pre>"
            }
            if !actions.isEmpty || parseProblem != nil {
                // Shown one action a line, as the store keeps them; as recorded when they do not read back.
                let shown = parseProblem == nil ? StepRecord.json(actions) : step.actionsJSON
                html += "<p><b>Actions</b></p><pre class=\"actions\">\(HTML.escape(shown))</pre>"
            }
            if let parseProblem {
                html += "<p class=\"problem\">The recorded actions could not be read back: \(HTML.escape(parseProblem))</p>"
            }
            if let error = step.error {
                html += "<p class=\"error\"><b>Error:</b> \(HTML.escape(error))</p>"
            }
            html += "</div></div></div>\n"
            if let shot = step.screenshot { before = shot }
        }
        if before != nil {
            html +=
                "<div class=\"step final\">\n<h4>Screen at the end</h4>\n<div class=\"step-body\">"
                + figure(before, folder: folder, pageFolder: pageFolder, caption: "screen at the end", overlay: nil)
                + "</div></div>\n"
        }
        return html
    }

    /// A screenshot with an SVG drawn over it (when `overlay` gives one for the image's size).
    private func figure(
        _ file: String?, folder: URL, pageFolder: URL, caption: String,
        overlay: ((Size) -> String)?
    ) -> String {
        guard let file else {
            return "<figure class=\"shot\"><span class=\"missing\">no screenshot before this step</span></figure>"
        }
        let url = folder.appendingPathComponent(file)
        guard let size = PNGHeader.size(of: url) else {
            return "<figure class=\"shot\"><span class=\"missing\">screenshot \(HTML.escape(file)) is missing or not a PNG</span></figure>"
        }
        let src = HTML.href(HTML.relativePath(from: pageFolder, to: url))
        return "<figure class=\"shot\"><img src=\"\(src)\" width=\"\(size.width)\" height=\"\(size.height)\" "
            + "loading=\"lazy\" alt=\"\(HTML.escape(caption))\">" + (overlay?(size) ?? "") + "</figure>"
    }

    /// A step's timings and tokens, in one line.
    static func costs(_ step: StepRecord) -> String {
        var parts: [String] = []
        if let model = HTML.milliseconds(step.modelMilliseconds) { parts.append("model \(model)") }
        if let env = HTML.milliseconds(step.envMilliseconds) { parts.append("env \(env)") }
        if let settle = HTML.milliseconds(step.settleMilliseconds) { parts.append("settle \(settle)") }
        if let prompt = step.promptTokens, let completion = step.completionTokens {
            parts.append("tokens \(prompt)+\(completion)")
        }
        return parts.joined(separator: " · ")
    }
}
