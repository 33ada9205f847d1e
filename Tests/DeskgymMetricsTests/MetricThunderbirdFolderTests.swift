import DeskgymCore
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `check_thunderbird_filter` and `check_thunderbird_folder` on files written here, with the rules
/// of OSWorld's Thunderbird tasks, checked against OSWorld's functions where desktop-env is
/// installed.
@Suite("Thunderbird filter and folder metrics")
struct MetricThunderbirdFolderTests {
    static let filters = #"""
        version="9"
        logging="no"
        name="Promotions"
        enabled="yes"
        type="17"
        action="Move to folder"
        actionValue="mailbox://nobody@Local%20Folders/Promotions"
        condition="AND (subject,contains,discount) OR (from,contains,\"shop, inc\")"
        name="Forward all"
        enabled="no"
        type="17"
        action="Forward"
        actionValue="anonym-x2024@gmail.com"
        condition="ALL"

        """#

    func agree(_ outcome: MetricOutcome, _ osworld: Double?, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.score == expected, "\(outcome)", sourceLocation: sourceLocation)
        if let osworld { #expect(osworld == expected, "OSWorld scores \(osworld)", sourceLocation: sourceLocation) }
    }

    @Test("check_thunderbird_filter: the corpus's rules (5203d847, 9b7bc335), conditions split into terms, unexpect")
    func filter() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = MetricFixture.file("msgFilterRules.dat", Self.filters, in: folder)
        let promotions = #"""
            {"expect": [{"enabled": "yes", "action": "Move to folder",
              "actionValue": "mailbox://nobody@Local%20Folders/Promotions",
              "condition": ["AND (subject,contains,discount)", "OR (from,contains,\"shop, inc\")"]}]}
            """#
        let cases: [(String, Double)] = [
            (promotions, 1),
            (#"{"expect": [{"enabled": "yes", "action": "Move to folder", "condition": ["AND (subject,contains,discount)"]}]}"#, 0),
            (#"{"expect": [{"enabled": "yes", "action": "Forward", "actionValue": "anonym-x2024@gmail.com", "condition": ["ALL"]}]}"#, 0),
            (#"{"expect": [{"enabled": "no", "action": "Forward", "condition": ["ALL"]}]}"#, 1),
            (#"{"expect": [{"name": "Promotions"}], "unexpect": [{"action": "Forward"}]}"#, 0),
            (#"{"unexpect": [{"action": "Delete"}]}"#, 1),
        ]
        for (rules, wanted) in cases {
            agree(
                try Metric.evaluate(name: "check_thunderbird_filter", result: .file(file), expected: MetricFixture.rules(rules)),
                try OSWorldPython.score("thunderbird", "check_thunderbird_filter", [.string(file.path), MetricFixture.json(rules)]), wanted)
        }
        let parsed = try Metric.thunderbirdFilters(Self.filters, of: file)
        #expect(parsed.count == 2)
        #expect(
            parsed.first?["condition"] == .array([.string("AND (subject,contains,discount)"), .string(#"OR (from,contains,"shop, inc")"#)]))
        // A key before any filter name: OSWorld raises; Deskgym scores 0 and names the line.
        let orphan = MetricFixture.file("orphan.dat", "enabled=\"yes\"\nname=\"x\"\ncondition=\"ALL\"\n", in: folder)
        let outcome = try Metric.evaluate(
            name: "check_thunderbird_filter", result: .file(orphan), expected: MetricFixture.rules(#"{"expect": []}"#))
        #expect(outcome.score == 0 && outcome.reason?.contains("line 1") == true, "\(outcome)")
        #expect(try Metric.evaluate(name: "check_thunderbird_filter", result: .none, expected: MetricFixture.rules(promotions)).score == 0)
    }

    @Test("check_thunderbird_folder reproduces OSWorld's reader, which keeps only blank pieces between `FROM - `")
    func folder() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mbox = "From - Mon Jan 01 00:00:00 2024\nX-Mozilla-Status: 0001\nSubject: Invoice\n\nbody\n"
        let mine = MetricFixture.file("Bills", mbox, in: folder)
        let other = MetricFixture.file("Bills_gold", mbox.replacingOccurrences(of: "Invoice", with: "Receipt"), in: folder)
        // Two separators in a row leave a blank piece; the gold file has none.
        let blank = MetricFixture.file("have_seen", "FROM - FROM - x\n", in: folder)
        let cases: [(URL, URL, Double)] = [(mine, mine, 1), (mine, other, 1), (blank, other, 0), (blank, blank, 1)]
        for (result, expected, wanted) in cases {
            agree(
                try Metric.evaluate(name: "check_thunderbird_folder", result: .file(result), expected: .file(expected)),
                try OSWorldPython.score("thunderbird", "check_thunderbird_folder", [.string(result.path), .string(expected.path)]), wanted)
        }
        // Lists pair up in order (multi_apps 78aed49a).
        agree(
            try Metric.evaluate(name: "check_thunderbird_folder", result: .files([mine, blank]), expected: .files([other, blank])),
            try OSWorldPython.score(
                "thunderbird", "check_thunderbird_folder",
                [.array([.string(mine.path), .string(blank.path)]), .array([.string(other.path), .string(blank.path)])]),
            1)
        let missing = try Metric.evaluate(name: "check_thunderbird_folder", result: .none, expected: .file(mine))
        #expect(missing.score == 0)
        let unreadable = MetricFixture.bytes("latin1", [0x46, 0xE9], in: folder)
        let outcome = try Metric.evaluate(name: "check_thunderbird_folder", result: .file(unreadable), expected: .file(mine))
        #expect(outcome.score == 0 && outcome.reason?.contains("latin1") == true, "\(outcome)")
    }
}
