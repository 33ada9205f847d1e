import DeskgymCore

extension CorpusReport {
    /// The text `deskgym tasks check` prints: one line per file (`ok`, `blocked` with every
    /// missing name and where it is used, `failed` with the load error, `skipped` with the reason),
    /// then the summary and the missing names that block the most tasks.
    ///
    /// `verbose` adds each task's unrecognised fields, and lists every name the corpus uses (with
    /// how many tasks use it and whether it is supported) instead of the top `top` missing ones.
    public func render(verbose: Bool = false, top: Int = 10) -> String {
        var lines: [String] = []
        for entry in entries {
            let path = displayPath(of: entry.path)
            switch entry.outcome {
            case .task(let report):
                if report.isRunnable {
                    lines.append("ok       \(path)" + (report.isInfeasible ? " (infeasible: scored by the agent's FAIL)" : ""))
                } else {
                    lines.append("blocked  \(path): \(report.missingSummary)")
                }
                if verbose, !report.unrecognizedFields.isEmpty {
                    lines.append(
                        "         note: unrecognized fields kept: "
                            + report.unrecognizedFields.map(\.description).joined(separator: ", "))
                }
            case .failed(let error):
                lines.append("failed   \(error)")
            case .skipped(let reason):
                lines.append("skipped  \(path): \(reason)")
            }
        }
        lines.append("")
        lines += renderSummary(verbose: verbose, top: top)
        return lines.joined(separator: "\n") + "\n"
    }

    private func renderSummary(verbose: Bool, top: Int) -> [String] {
        let summary = summary
        var lines = ["Summary (\(folder.isEmpty ? "." : folder))"]
        lines.append(
            "  files     \(summary.jsonFiles) JSON \(plural(summary.jsonFiles, "file")), "
                + "\(summary.skipped) skipped (not task objects), \(summary.taskFiles) task \(plural(summary.taskFiles, "file"))")
        lines.append("  loaded    \(summary.loaded) of \(summary.taskFiles) (\(summary.failed) failed to load)")
        var runnable = "  runnable  \(summary.runnable) of \(summary.loaded)"
        if summary.runnableInfeasible > 0 {
            runnable += " (\(summary.runnableInfeasible) of them infeasible tasks, scored by FAIL alone)"
        }
        lines.append(runnable)
        for vocabulary in summary.vocabularies {
            let label = pad(vocabulary.category.pluralLabel, 9)
            lines.append(
                "  \(label) \(vocabulary.supportedCount) of \(vocabulary.usedCount) supported "
                    + "(distinct names the tasks use; \(vocabulary.blocked.count) missing)")
        }
        if !summary.unrecognizedFields.isEmpty {
            let fields = summary.unrecognizedFields.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) (\($0.value))" }
            lines.append("  unrecognized fields kept: " + fields.joined(separator: ", "))
        }
        if !summary.duplicateIDs.isEmpty {
            lines.append(
                "  duplicate ids: "
                    + summary.duplicateIDs.sorted { $0.key < $1.key }
                    .map { "\($0.key) in \($0.value.joined(separator: ", "))" }.joined(separator: "; "))
        }

        for vocabulary in summary.vocabularies {
            lines.append("")
            if verbose {
                lines += renderAll(vocabulary)
            } else if !vocabulary.blocked.isEmpty {
                lines += renderTopMissing(vocabulary, top: top)
            }
        }
        let unknown = summary.vocabularies.flatMap { vocabulary in
            vocabulary.unknownToOSWorld.sorted().map { name in
                "  \(vocabulary.category.rawValue) \(JSONValue.string(name))\(suggestion(for: name, in: vocabulary.category))"
            }
        }
        if !unknown.isEmpty {
            lines.append("")
            lines.append("Names neither Deskgym nor OSWorld knows (typos?):")
            lines += unknown
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    private func renderTopMissing(_ vocabulary: CorpusSummary.Vocabulary, top: Int) -> [String] {
        let rows = vocabulary.topMissing(top)
        let more = vocabulary.blocked.count - rows.count
        var lines = [
            "Missing \(vocabulary.category.pluralLabel) by tasks blocked"
                + (more > 0 ? " (top \(rows.count) of \(vocabulary.blocked.count); --verbose lists all)" : "") + ":"
        ]
        let width = max(24, rows.map(\.name.count).max() ?? 0)
        lines.append("  " + pad("name", width) + "  blocked  only blocker")
        for row in rows {
            lines.append(
                "  " + pad(row.name, width) + "  " + pad(String(row.tasks), 7, right: true)
                    + "  " + pad(String(vocabulary.soleBlocker[row.name] ?? 0), 12, right: true))
        }
        return lines
    }

    private func renderAll(_ vocabulary: CorpusSummary.Vocabulary) -> [String] {
        let names = vocabulary.used.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        var lines = [
            "All \(vocabulary.category.pluralLabel) the tasks use (\(vocabulary.supportedCount) of "
                + "\(vocabulary.usedCount) supported):"
        ]
        let width = max(24, names.map(\.key.count).max() ?? 0)
        lines.append("  " + pad("name", width) + "  tasks  supported  only blocker")
        for (name, count) in names {
            let supported = vocabulary.supported.contains(name)
            let sole = supported ? "" : String(vocabulary.soleBlocker[name] ?? 0)
            lines.append(
                "  " + pad(name, width) + "  " + pad(String(count), 5, right: true) + "  "
                    + pad(supported ? "yes" : "no", 9) + "  " + pad(sole, 12, right: true))
        }
        return lines
    }

    private func suggestion(for name: String, in category: TaskFeature.Category) -> String {
        let known = TaskSupport.osworld.union(support).names(category)
        guard name.isSuggestible,
            let closest = known.min(by: { (name.editDistance(to: $0), $0) < (name.editDistance(to: $1), $1) }),
            name.editDistance(to: closest) <= max(2, name.count / 3)
        else { return "" }
        return " (did you mean \(JSONValue.string(closest))?)"
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }

    private func plural(_ count: Int, _ word: String) -> String {
        count == 1 ? word : word + "s"
    }
}
