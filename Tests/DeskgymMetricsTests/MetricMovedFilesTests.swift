import DeskgymCore
import DeskgymTaskTestSupport
import Testing

@testable import DeskgymMetrics

/// `check_moved_jpgs` (OSWorld's basic_os.py) on listings shaped as the `list_directory` getter
/// gives them. The outcomes of `names()` are what OSWorld's function gives for the same listings
/// and rules (1, 0, 0, 0, 1).
@Suite("check_moved_jpgs")
struct MetricMovedFilesTests {
    static func listing(_ names: [String]) -> MetricInput {
        .json(
            .object([
                "type": .string("directory"), "name": .string("cpjpg"),
                "children": .array(names.map { .object(["type": .string("file"), "name": .string($0)]) }),
            ]))
    }

    static func score(_ result: MetricInput, _ rules: String) throws -> MetricOutcome {
        try Metric.evaluate(name: "check_moved_jpgs", result: result, expected: .json(.object(MetricFixture.options(rules))))
    }

    @Test("the same names in any order pass; a missing, extra or different name fails")
    func names() throws {
        let rules = #"{"expected": ["emnlp2023.jpg", "hk_group_photo.jpg", "hong-kong-china.jpg"]}"#
        #expect(try Self.score(Self.listing(["hong-kong-china.jpg", "emnlp2023.jpg", "hk_group_photo.jpg"]), rules) == .pass)
        let missing = try Self.score(Self.listing(["emnlp2023.jpg", "hk_group_photo.jpg"]), rules)
        #expect(missing.score == 0 && missing.reason?.contains("holds 2 entries, not 3") == true, "\(missing)")
        let other = try Self.score(Self.listing(["emnlp2023.jpg", "hk_group_photo.jpg", "notes.txt"]), rules)
        #expect(other.score == 0 && other.reason?.contains("notes.txt") == true, "\(other)")
        // Same length, but a repeated expected name: the sets differ.
        #expect(try Self.score(Self.listing(["a.jpg", "b.jpg"]), #"{"expected": ["a.jpg", "a.jpg"]}"#).score == 0)
        #expect(try Self.score(Self.listing([]), #"{"expected": []}"#) == .pass)
    }

    @Test("no listing, a file instead of a folder, and rules without a list")
    func badInput() throws {
        let rules = #"{"expected": ["a.jpg"]}"#
        #expect(try Self.score(.none, rules).reason?.contains("no folder listing") == true)
        #expect(try Self.score(.json(.null), rules).score == 0)
        #expect(try Self.score(.json(.object(["type": .string("file"), "name": .string("a.jpg")])), rules).score == 0)
        #expect(throws: MetricError.self) { try Self.score(Self.listing(["a.jpg"]), #"{"expected": "a.jpg"}"#) }
    }
}
