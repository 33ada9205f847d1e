import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// check_json, check_json_settings and check_direct_json_object.
@Suite("Metrics on JSON")
struct MetricJSONTests {
    let score = MetricFixture.score
    let rules = MetricFixture.rules

    let manifest = MetricFixture.file(
        "manifest.json",
        """
        {"name": "happy-extension", "version": "0.0.1", "background": {"scripts": ["background_script.js"]},
         "browser_action": {"default_icon": {"64": "icons/icon.png"}}, "zoom": 1.25, "mode": "smart view",
         "folders": "a,b"}
        """)

    // The happy-extension task: nested keys compared with "eq" (lists compare whole).
    @Test func checkJSONExpect() throws {
        let expect = rules(
            #"{"expect": [{"key": ["name"], "method": "eq", "ref": "happy-extension"}, {"key": ["background", "scripts"], "method": "eq", "ref": ["background_script.js"]}, {"key": ["browser_action", "default_icon", "64"], "method": "eq", "ref": "icons/icon.png"}]}"#
        )
        #expect(try score("check_json", .file(manifest), expect, [:], MetricContext()) == 1)
        #expect(
            try score(
                "check_json", .file(manifest), rules(#"{"expect": [{"key": ["version"], "method": "eq", "ref": "0.0.2"}]}"#), [:],
                MetricContext()) == 0)
        // A missing key under expect scores 0.
        #expect(
            try score(
                "check_json", .file(manifest), rules(#"{"expect": [{"key": ["author", "name"], "method": "ne", "ref": "x"}]}"#), [:],
                MetricContext()) == 0)
    }

    // The other methods: re with flags, approx:T, range.te (0 < x <= 2), str_set_eq / str_list_eq, ordering.
    @Test func checkJSONMethods() throws {
        func check(_ rule: String) throws -> Double {
            try score("check_json", .file(manifest), rules(#"{"expect": [\#(rule)]}"#), [:], MetricContext())
        }
        #expect(try check(#"{"key": ["mode"], "method": "re", "ref": "\\bsmart\\b"}"#) == 1)
        #expect(try check(#"{"key": ["mode"], "method": "re", "ref": "\\bSMART\\b"}"#) == 0)
        #expect(try check(#"{"key": ["mode"], "method": "re.IGNORECASE", "ref": "\\bSMART\\b"}"#) == 1)
        #expect(try check(#"{"key": ["zoom"], "method": "approx:0.1", "ref": 1.2}"#) == 1)
        #expect(try check(#"{"key": ["zoom"], "method": "approx:0.01", "ref": 1.2}"#) == 0)
        #expect(try check(#"{"key": ["zoom"], "method": "range.te", "ref": [1, 1.25]}"#) == 1)
        #expect(try check(#"{"key": ["zoom"], "method": "range.tt", "ref": [1, 1.25]}"#) == 0)
        #expect(try check(#"{"key": ["folders"], "method": "str_set_eq", "ref": ["b", "a"]}"#) == 1)
        #expect(try check(#"{"key": ["folders"], "method": "str_list_eq", "ref": ["b", "a"]}"#) == 0)
        #expect(try check(#"{"key": ["zoom"], "method": "lt", "ref": 2}"#) == 1)
        // Python cannot order a str and an int: TypeError, score 0.
        #expect(try check(#"{"key": ["name"], "method": "lt", "ref": 2}"#) == 0)
        #expect(throws: MetricError.self) { try check(#"{"key": ["name"], "method": "like", "ref": 2}"#) }
    }

    // unexpect: a missing key reads None — "eq" is then false (passes), but "re" on None raises
    // TypeError in OSWorld, which scores 0.
    @Test func checkJSONUnexpectMissingKey() throws {
        #expect(
            try score(
                "check_json", .file(manifest), rules(#"{"unexpect": [{"key": ["gone"], "method": "eq", "ref": "x"}]}"#), [:],
                MetricContext()) == 1)
        #expect(
            try score(
                "check_json", .file(manifest), rules(#"{"unexpect": [{"key": ["gone"], "method": "re", "ref": "x"}]}"#), [:],
                MetricContext()) == 0)
        #expect(
            try score(
                "check_json", .file(manifest), rules(#"{"unexpect": [{"key": ["name"], "method": "eq", "ref": "happy-extension"}]}"#), [:],
                MetricContext()) == 0)
    }

    // A file that is not JSON scores 0; YAML reads as PyYAML's safe_load by default, through
    // whatever decoder the context carries, and scores 0 without one.
    @Test func checkJSONUnreadableAndYAML() throws {
        let yaml = MetricFixture.file("_config.yml", "name: Test Account\nauthor:\n  name: Test Account\n")
        let expect = rules(#"{"expect": [{"key": ["author", "name"], "method": "eq", "ref": "Test Account"}]}"#)
        let isYAML = MetricFixture.options(#"{"is_yaml": true}"#)
        #expect(try score("check_json", .file(yaml), expect, [:], MetricContext()) == 0)
        #expect(try score("check_json", .file(yaml), expect, isYAML, MetricContext()) == 1)
        #expect(try score("check_json", .file(yaml), expect, isYAML, MetricContext(yamlDecoder: nil)) == 0)
        let decoder: MetricContext.YAMLDecoder = { text in
            // A stand-in decoder: enough YAML for this file.
            #expect(text.hasPrefix("name: Test Account"))
            return MetricFixture.json(#"{"name": "Test Account", "author": {"name": "Test Account"}}"#)
        }
        #expect(try score("check_json", .file(yaml), expect, isYAML, MetricContext(yamlDecoder: decoder)) == 1)
    }

    // check_json_settings: each expected key present with an equal value (Python ==).
    @Test func checkJSONSettings() throws {
        let settings = MetricFixture.file(
            "settings.json",
            #"{"files.autoSave": "afterDelay", "files.autoSaveDelay": 500, "files.exclude": {"**/__pycache__": true, "**/.git": true}, "wrap": true}"#
        )
        #expect(
            try score(
                "check_json_settings", .file(settings),
                rules(#"{"expected": {"files.autoSave": "afterDelay", "files.autoSaveDelay": 500}}"#), [:], MetricContext()) == 1)
        #expect(
            try score("check_json_settings", .file(settings), rules(#"{"expected": {"files.autoSaveDelay": 1000}}"#), [:], MetricContext())
                == 0)
        // A nested object must be equal as a whole, not contain the expected one.
        #expect(
            try score(
                "check_json_settings", .file(settings), rules(#"{"expected": {"files.exclude": {"**/__pycache__": true}}}"#), [:],
                MetricContext()) == 0)
        // Python: True == 1.
        #expect(try score("check_json_settings", .file(settings), rules(#"{"expected": {"wrap": 1}}"#), [:], MetricContext()) == 1)
        // json.load rejects the comments VS Code allows.
        let commented = MetricFixture.file("commented.json", "// settings\n{\"wrap\": true}")
        #expect(try score("check_json_settings", .file(commented), rules(#"{"expected": {"wrap": true}}"#), [:], MetricContext()) == 0)
    }

    // check_direct_json_object: text results are stripped and have ' replaced by " before parsing.
    @Test func directJSONObjectFromText() throws {
        let expected = rules(#"{"expected": {"locationName": "Zürich", "filterCriteria_sortBy": "PRICE"}}"#)
        #expect(
            try score(
                "check_direct_json_object", .text(" {'locationName': 'Zürich', 'filterCriteria_sortBy': 'PRICE', 'x': 1}\n"), expected, [:],
                MetricContext()) == 1)
        #expect(
            try score(
                "check_direct_json_object", .json(MetricFixture.json(#"{"locationName": "Zurich", "filterCriteria_sortBy": "PRICE"}"#)),
                expected, [:], MetricContext()) == 0)
        // A missing key is None, which is not "PRICE".
        #expect(
            try score("check_direct_json_object", .json(MetricFixture.json(#"{"locationName": "Zürich"}"#)), expected, [:], MetricContext())
                == 0)
        #expect(try score("check_direct_json_object", .text("not json"), expected, [:], MetricContext()) == 0)
        #expect(try score("check_direct_json_object", .none, expected, [:], MetricContext()) == 0)
    }

    // expect_in_result: an expected list passes when one item is in the result's list or equals its
    // string; an expected string must be a substring of the result's.
    @Test func directJSONObjectExpectInResult() throws {
        let expected = rules(#"{"expected": {"q": "coffee maker", "img": ["Kili", "kilimanjaro.jpg"]}, "expect_in_result": true}"#)
        #expect(
            try score(
                "check_direct_json_object", .json(MetricFixture.json(#"{"q": "drip coffee maker", "img": "kilimanjaro.jpg"}"#)), expected,
                [:], MetricContext()) == 1)
        #expect(
            try score(
                "check_direct_json_object", .json(MetricFixture.json(#"{"q": "drip coffee maker", "img": ["x", "Kili"]}"#)), expected, [:],
                MetricContext()) == 1)
        #expect(
            try score(
                "check_direct_json_object", .json(MetricFixture.json(#"{"q": "coffee", "img": "Kili"}"#)), expected, [:], MetricContext())
                == 0)
        #expect(
            try score(
                "check_direct_json_object", .json(MetricFixture.json(#"{"q": "drip coffee maker", "img": "Kilimanjaro"}"#)), expected, [:],
                MetricContext()) == 0)
    }

    // OSWorld reads ignore_list_order from inside `expected`: beside it (as the corpus writes it) it
    // has no effect, so order matters; inside it, the flag itself is compared as a key and fails.
    @Test func directJSONObjectIgnoreListOrder() throws {
        let result = MetricInput.json(MetricFixture.json(#"{"modelList": ["b", "a"]}"#))
        #expect(
            try score(
                "check_direct_json_object", result, rules(#"{"expected": {"modelList": ["a", "b"]}, "ignore_list_order": true}"#), [:],
                MetricContext()) == 0)
        #expect(
            try score(
                "check_direct_json_object", result, rules(#"{"expected": {"modelList": ["b", "a"]}, "ignore_list_order": true}"#), [:],
                MetricContext()) == 1)
        #expect(
            try score(
                "check_direct_json_object", result, rules(#"{"expected": {"modelList": ["a", "b"], "ignore_list_order": true}}"#), [:],
                MetricContext()) == 0)
    }

    // An expected value the rule getter could not compute is marked "__EVALUATION_FAILED__": 0.
    @Test func directJSONObjectEvaluationFailed() throws {
        let result = MetricInput.json(MetricFixture.json(#"{"a": "__EVALUATION_FAILED__"}"#))
        #expect(
            try score("check_direct_json_object", result, rules(#"{"expected": {"a": "__EVALUATION_FAILED__"}}"#), [:], MetricContext())
                == 0)
    }
}
