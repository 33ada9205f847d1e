import DeskgymCore
import Testing

@testable import DeskgymAccessibilityTree

/// Trees that exercise each of OSWorld's keep-or-drop rules (`judge_node` on Ubuntu).
enum RuleFixture {
    static let usable = ["enabled", "showing", "visible"]
    static let box = Rect(x: 1, y: 2, width: 3, height: 4)

    static func node(
        _ role: String, name: String = "n", states: [String] = usable, bounds: Rect? = box, text: String? = nil,
        attributes: [AccessibilityNode.Attribute] = [], isImage: Bool = false
    ) -> AccessibilityNode {
        AccessibilityNode(
            depth: 2, parent: 0, role: role, name: name, states: states, attributes: attributes, bounds: bounds, text: text,
            isImage: isImage)
    }

    /// Each node, with whether the text table keeps it.
    static let cases: [(node: AccessibilityNode, kept: Bool)] = [
        (AccessibilityNode(depth: 1, parent: nil, role: "application", name: "app", states: usable, bounds: box), false),
        // Tags: prefixes, suffixes and the fixed set.
        (node("push button"), true),
        (node("document frame"), true),
        (node("menu item"), true),
        (node("heading"), true),
        (node("label"), true),
        (node("link"), true),
        (node("menu"), true),
        (node("push button menu"), true),
        (node("check box"), true),
        (node("table cell"), true),
        (node("scroll bar"), true),
        (node("entry"), true),
        (node("paragraph"), true),
        (node("panel"), false),
        (node("frame"), false),
        (node("check menu"), true),
        (node("toggle button"), true),
        (node("tool bar"), false),
        // States.
        (node("push button", states: ["enabled", "visible"]), false),
        (node("push button", states: ["enabled", "showing"]), false),
        (node("push button", states: ["showing", "visible"]), false),
        (node("push button", states: ["editable", "showing", "visible"]), true),
        (node("push button", states: ["expandable", "showing", "visible"]), true),
        (node("push button", states: ["checkable", "showing", "visible"]), true),
        (node("push button", states: ["sensitive", "showing", "visible", "focusable"]), false),
        // A name, a text, or (for marks only) an image.
        (node("push button", name: ""), false),
        (node("entry", name: "", text: "typed"), true),
        (node("image", name: "", isImage: true), false),
        (node("entry", name: "\u{1}", text: "\u{2}"), false),
        (node("entry", name: "", text: "say \"hi\" \"\""), true),
        (node("label", name: "tab\tand\nline", text: "multi\nline\r"), true),
        // Bounds.
        (node("push button", bounds: Rect(x: -1, y: 2, width: 3, height: 4)), false),
        (node("push button", bounds: Rect(x: 1, y: -2, width: 3, height: 4)), false),
        (node("push button", bounds: Rect(x: 1, y: 2, width: 0, height: 4)), false),
        (node("push button", bounds: Rect(x: 1, y: 2, width: 3, height: -4)), false),
        (node("push button", bounds: nil), false),
        (node("push button", bounds: Rect(x: 0, y: 0, width: 1, height: 1)), true),
        // Class and description come from attributes, not from the accessible description.
        (
            node(
                "toggle button", name: "Bold",
                attributes: [.init(name: "class", value: "GtkToggleButton"), .init(name: "description", value: "makes bold")]),
            true
        ),
    ]

    static var tree: AccessibilityTree { AccessibilityTree(nodes: cases.map(\.node)) }
}

@Suite struct LinearizedTests {
    @Test func keepsExactlyWhatOSWorldsRulesKeep() {
        let tree = RuleFixture.tree
        let expected = RuleFixture.cases.indices.filter { RuleFixture.cases[$0].kept }
        #expect(tree.markableNodes() == expected)
        let imageIndex = RuleFixture.cases.firstIndex { $0.node.role == "image" } ?? -1
        #expect(tree.markableNodes(checkImage: true) == (expected + [imageIndex]).sorted())
    }

    @Test func rowsAreOSWorldsTable() {
        let lines = RuleFixture.tree.linearized().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "tag\tname\ttext\tclass\tdescription\tposition (top-left x&y)\tsize (w&h)")
        #expect(lines[1] == "push-button\tn\t\"\"\t\t\t(1, 2)\t(3, 4)")
        #expect(lines[2] == "document-frame\tn\t\"\"\t\t\t(1, 2)\t(3, 4)")
        #expect(lines.contains("entry\t\ttyped\t\t\t(1, 2)\t(3, 4)"))
        #expect(lines.contains("entry\t\t\"say \"\"hi\"\" \"\"\"\"\"\t\t\t(1, 2)\t(3, 4)"))
        #expect(lines.contains("push-button\tn\t\"\"\t\t\t(0, 0)\t(1, 1)"))
        // OSWorld's Ubuntu table reads class and description under the Windows namespace: empty.
        #expect(lines.contains("toggle-button\tBold\t\"\"\t\t\t(1, 2)\t(3, 4)"))
        // Tabs and line breaks are left in, as OSWorld leaves them (they split the row).
        #expect(RuleFixture.tree.linearized().contains("label\ttab\tand\nline\tmulti\nline\r\t\t\t(1, 2)\t(3, 4)"))
        #expect(lines.count == 1 + RuleFixture.cases.filter(\.kept).count + 2)
    }

    @Test func classAndDescriptionCanBeFilled() {
        let table = RuleFixture.tree.linearized(classAndDescription: true)
        #expect(table.contains("\ntoggle-button\tBold\t\"\"\tGtkToggleButton\tmakes bold\t(1, 2)\t(3, 4)"))
    }

    @Test func emptyTreeIsTheHeader() {
        #expect(AccessibilityTree().linearized() == AccessibilityTree.linearizedHeader)
    }
}
