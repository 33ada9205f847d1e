import Foundation
import Testing

@testable import DeskgymTaskModel

@Suite("deskgym.pages and the {PAGES_URL} placeholder")
struct TaskPagesFieldTests {
    private func parse(
        config: String = "[]", evaluator: String = #"{"func": "infeasible"}"#, deskgym: String
    ) throws(TaskLoadError) -> OSWorldTask {
        let json =
            #"{"id": "p", "instruction": "i", "config": "# + config + #", "evaluator": "# + evaluator + #", "deskgym": "# + deskgym + "}"
        return try OSWorldTask.parse(data: Data(json.utf8), source: "p.json")
    }

    private func failure(config: String = "[]", evaluator: String = #"{"func": "infeasible"}"#, deskgym: String) -> TaskLoadError? {
        do {
            _ = try parse(config: config, evaluator: evaluator, deskgym: deskgym)
            return nil
        } catch {
            return error
        }
    }

    @Test("a folder name is kept as written; null means none")
    func decoded() throws {
        #expect(try parse(deskgym: #"{"pages": "pages/shop"}"#).deskgym?.pages == "pages/shop")
        #expect(try parse(deskgym: #"{"pages": null}"#).deskgym?.pages == nil)
        #expect(try parse(deskgym: #"{"vm_config": "browser"}"#).deskgym?.pages == nil)
    }

    @Test("a wrong type or an empty name is an error at deskgym.pages")
    func wrongValues() throws {
        let number = try #require(failure(deskgym: #"{"pages": 3}"#))
        #expect(number.kind == .wrongType)
        #expect(number.path?.description == "deskgym.pages")
        #expect(number.message == "expected a string (a folder of web pages, relative to the task file), found number")
        let list = try #require(failure(deskgym: #"{"pages": ["a", "b"]}"#))
        #expect(list.kind == .wrongType)
        let blank = try #require(failure(deskgym: #"{"pages": "  "}"#))
        #expect(blank.kind == .invalidValue)
        #expect(blank.path?.description == "deskgym.pages")
        let typo = try #require(failure(deskgym: #"{"page": "pages/shop"}"#))
        #expect(typo.message == #"unknown field "page" (did you mean "pages"?)"#)
    }

    @Test("{PAGES_URL} without deskgym.pages is an error at its first use")
    func placeholderNeedsPages() throws {
        let inConfig = try #require(
            failure(
                config: #"[{"type": "chrome_open_tabs", "parameters": {"urls_to_open": ["https://x.test", "{PAGES_URL}/a.html"]}}]"#,
                deskgym: #"{"vm_config": "browser"}"#))
        #expect(inConfig.kind == .invalidValue)
        #expect(inConfig.path?.description == "config[0].parameters.urls_to_open[1]")
        #expect(inConfig.message == "uses {PAGES_URL} but deskgym.pages names no folder of pages to serve")

        let inRule = try #require(
            failure(
                evaluator:
                    #"{"func": "is_expected_active_tab", "result": {"type": "active_tab_info"}, "expected": {"type": "rule", "rules": {"type": "url", "url": "{PAGES_URL}/b.html"}}}"#,
                deskgym: "{}"))
        #expect(inRule.path?.description == "evaluator.expected.rules.url")

        // With a folder to serve, the same task loads.
        let served = try parse(
            config: #"[{"type": "chrome_open_tabs", "parameters": {"urls_to_open": ["{PAGES_URL}/a.html"]}}]"#,
            deskgym: #"{"pages": "site"}"#)
        #expect(served.config.count == 1)
    }
}
