import DeskgymCore
import Foundation
import Testing

@testable import DeskgymMetrics

/// `check_accessibility_tree` on trees as OSWorld's server writes them, with the selectors its
/// tasks use.
@Suite struct MetricAccessibilityTests {
    static let tree = """
        <desktop-frame xmlns:st="https://accessibility.ubuntu.example.org/ns/state" \
        xmlns:attr="https://accessibility.ubuntu.example.org/ns/attributes">\
        <application name="Thunderbird"><tool-bar name="" attr:id="MsgHeadersToolbar">\
        <label name="To" st:showing="true"/><section name="" attr:class="address-pill">\
        <label name="fox@someuniversity.edu" attr:class="pill-label">fox@someuniversity.edu</label></section>\
        <section name="" attr:class="other"><label name="iron@someuniversity.edu" attr:class="pill-label"/></section>\
        </tool-bar><page-tab-list attr:id="tabmail-tabs"><page-tab name="About Profiles"/></page-tab-list></application>\
        <application name="Chromium"><entry name="Address and search bar">example.com/shop</entry></application>\
        </desktop-frame>
        """

    static func check(_ rules: [JSONValue], xml: String = tree) throws -> MetricOutcome {
        try Metric.checkAccessibilityTree(result: .text(xml), rules: rules)
    }

    static func rule(_ selectors: [String], text: String? = nil, exact: Bool? = nil) -> JSONValue {
        var fields: [String: JSONValue] = ["selectors": .array(selectors.map(JSONValue.string))]
        if let text { fields["text"] = .string(text) }
        if let exact { fields["exact"] = .bool(exact) }
        return .object(fields)
    }

    @Test func osworldsSelectorsMatchAsLxmlDoes() throws {
        // The combinators of OSWorld's Thunderbird task: descendant, later sibling, child.
        let pill =
            #"tool-bar[attr|id=MsgHeadersToolbar] label[name=To]~[attr|class="address-pill"]>label[attr|class="pill-label"][name*="fox@"]"#
        #expect(try Self.check([Self.rule([pill])]).score == 1)
        // iron's pill has another class: the sibling does not match.
        let iron = #"tool-bar[attr|id=MsgHeadersToolbar] label[name=To]~[attr|class="address-pill"]>label[name*="iron@"]"#
        #expect(try Self.check([Self.rule([iron])]).score == 0)
        #expect(
            try Self.check([
                Self.rule([#"application[name=Thunderbird] page-tab-list[attr|id="tabmail-tabs"]>page-tab[name="About Profiles"]"#])
            ]).score == 1)
        // Escaped spaces, as the active_url getter writes its selector.
        #expect(try Self.check([Self.rule([#"application[name=Chromium] entry[name=Address\ and\ search\ bar]"#])]).score == 1)
        // A list: any alternative; a rule with no match scores 0 and says which.
        #expect(try Self.check([Self.rule(["push-button", "entry"])]).score == 1)
        let none = try Self.check([Self.rule(["entry"]), Self.rule(["push-button[name=OK]"])])
        #expect(none.score == 0 && none.reason?.contains("push-button[name=OK]") == true)
        // Presence, prefix, suffix and state attributes.
        #expect(try Self.check([Self.rule(["label[st|showing]", "label[name^=To]"])]).score == 1)
    }

    @Test func textIsComparedExactlyOrByRatio() throws {
        let entry = "entry[name=Address\\ and\\ search\\ bar]"
        #expect(try Self.check([Self.rule([entry], text: "example.com/shop")]).score == 1)
        #expect(try Self.check([Self.rule([entry], text: "example.com/shoe")]).score == 0)
        let fuzzy = try Self.check([Self.rule([entry], text: "example.com/shoe", exact: false)]).score
        #expect(fuzzy > 0.9 && fuzzy < 1)
    }

    @Test func badRulesAndTreesGetClearErrors() throws {
        #expect(throws: MetricError.self) { try Self.check([.object(["xpath": .string("//entry")])]) }
        #expect(throws: MetricError.self) { try Self.check([.object([:])]) }
        let prefix = #expect(throws: MetricError.self) { try Self.check([Self.rule(["entry[nope|x=1]"])]) }
        #expect(prefix?.message.contains("unknown namespace prefix 'nope'") == true, "\(String(describing: prefix))")
        let pseudo = #expect(throws: MetricError.self) { try Self.check([Self.rule(["entry:first-child"])]) }
        #expect(pseudo?.message.contains("':' selectors are not supported") == true, "\(String(describing: pseudo))")
        #expect(try Self.check([Self.rule(["entry"])], xml: "<desktop-frame><entry>").score == 0)
        #expect(try Metric.checkAccessibilityTree(result: .none, rules: []).score == 0)
    }

    @Test func hostileTreesAndSelectorsAreBounded() throws {
        // 600 nested elements: past the depth cap, refused as unreadable, not a crash.
        let deep = String(repeating: "<panel>", count: 600) + String(repeating: "</panel>", count: 600)
        #expect(try Self.check([Self.rule(["panel"])], xml: "<desktop-frame>\(deep)</desktop-frame>").score == 0)
        // A chain of 60 descendant combinators over a 400-deep tree: memoised, it ends.
        let chain = String(repeating: "<panel>", count: 400) + String(repeating: "</panel>", count: 400)
        let selector = Array(repeating: "panel", count: 60).joined(separator: " ")
        #expect(try Self.check([Self.rule([selector])], xml: "<desktop-frame>\(chain)</desktop-frame>").score == 1)
        let tooMany = Array(repeating: "panel", count: 65).joined(separator: " ")
        #expect(throws: MetricError.self) { try Self.check([Self.rule([tooMany])]) }
    }
}
