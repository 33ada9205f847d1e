import DeskgymCore
import Foundation
import Testing

@testable import DeskgymMetrics

/// Every OSWorld example that uses a metric Deskgym implements has options and rules of a shape the
/// metric accepts (or, for compare_table, names a rule type Deskgym reports as unsupported).
@Suite("Metrics over the OSWorld corpus")
struct MetricCorpusTests {
    /// `../shared/osworld/examples` beside the repository, or $DESKGYM_OSWORLD/examples.
    static var examples: URL {
        if let path = ProcessInfo.processInfo.environment["DESKGYM_OSWORLD"], !path.isEmpty {
            return URL(fileURLWithPath: path).appendingPathComponent("examples")
        }
        return URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/osworld/examples")
    }

    /// (file, metric, expected getter, options) for every metric use in the corpus.
    static func uses() throws -> [(String, String, JSONValue?, [String: JSONValue])] {
        var uses: [(String, String, JSONValue?, [String: JSONValue])] = []
        let manager = FileManager.default
        for domain in try manager.contentsOfDirectory(atPath: examples.path).sorted() {
            let folder = examples.appendingPathComponent(domain)
            for name in try manager.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".json") {
                let task = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
                guard let evaluator = task["evaluator"] else { continue }
                func item(_ key: String, _ index: Int?) -> JSONValue? {
                    guard let value = evaluator[key] else { return nil }
                    if let index, case .array(let items) = value { return index < items.count ? items[index] : nil }
                    return value
                }
                switch evaluator["func"] {
                case .string(let metric)?:
                    uses.append(("\(domain)/\(name)", metric, item("expected", nil), item("options", nil)?.objectValue ?? [:]))
                case .array(let metrics)?:
                    for (index, metric) in metrics.enumerated() {
                        uses.append(
                            (
                                "\(domain)/\(name)", metric.stringValue ?? "", item("expected", index),
                                item("options", index)?.objectValue ?? [:]
                            ))
                    }
                default: continue
                }
            }
        }
        return uses
    }

    // With no result every use scores 0 — after its options were checked. No options error may
    // come out; compare_table's chart, pivot_table, style, … rules are reported as unsupported.
    @Test func corpusOptionsAreAccepted() throws {
        let uses = try Self.uses()
        try #require(uses.count > 300, "the OSWorld corpus was not found at \(Self.examples.path)")
        var checked = 0
        var unsupported: Set<String> = []
        let takesRules: Set = [
            "exact_match", "check_include_exclude", "match_in_list", "is_in_list", "fuzzy_match", "file_contains",
            "check_line_number", "check_list", "check_csv", "check_json", "check_direct_json_object", "check_json_settings",
        ]
        for (file, metric, expected, options) in uses where MetricRegistry.contains(metric) {
            let input: MetricInput
            switch expected?["type"]?.stringValue {
            case "rule"?, "rule_relativeTime"?: input = .json(expected?["rules"] ?? .null)
            // Another getter computes these rules at evaluation time: nothing to check here.
            case _ where takesRules.contains(metric): continue
            default: input = .file(URL(fileURLWithPath: "/nonexistent/expected"))
            }
            do {
                let outcome = try Metric.evaluate(
                    name: metric, result: .none, expected: metric == "literal_match" ? .none : input,
                    options: options, context: MetricContext())
                #expect(metric == "infeasible" || outcome.score == 0, "\(file): \(metric) scored \(outcome.score) without a result")
                checked += 1
            } catch {
                #expect(error.kind == .unsupported && metric == "compare_table", "\(file): \(error)")
                unsupported.insert(file)
            }
        }
        // 297 uses of the first metrics (26 of them Chrome's is_expected_*), 1 with rules another getter
        // computes; then 25 of compare_pdfs, compare_archive, compare_docx_tables and check_thunderbird_prefs;
        // then 6 of is_extension_installed; then 16 of the Writer formatting metrics (compare_line_spacing,
        // compare_docx_images, compare_font_names, contains_page_break, find_default_font, …); then 3 of
        // check_accessibility_tree; then 29 of the desktop-application metrics (check_config_status,
        // compare_config, check_json_keybindings, check_thunderbird_filter, …); then 20 of the GIMP
        // image metrics (check_structure_sim, …, compare_image_list) and 1 of check_image_stretch_and_center.
        #expect(checked + unsupported.count == 403)
        // 14 of the 62 compare_table uses have a chart, pivot_table, style, … rule.
        #expect(unsupported.count == 14)
    }
}
