import DeskgymCore
import Foundation
import Testing

@testable import DeskgymAccessibilityTree

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct OSWorldXMLTests {
    static let declarations =
        #"xmlns:st="https://accessibility.ubuntu.example.org/ns/state" "#
        + #"xmlns:attr="https://accessibility.ubuntu.example.org/ns/attributes" "#
        + #"xmlns:cp="https://accessibility.ubuntu.example.org/ns/component" "#
        + #"xmlns:doc="https://accessibility.ubuntu.example.org/ns/document" "#
        + #"xmlns:docattr="https://accessibility.ubuntu.example.org/ns/document/attributes" "#
        + #"xmlns:txt="https://accessibility.ubuntu.example.org/ns/text" "#
        + #"xmlns:val="https://accessibility.ubuntu.example.org/ns/value" "#
        + #"xmlns:act="https://accessibility.ubuntu.example.org/ns/action""#

    @Test func emptyTreeIsARootThatParses() {
        let xml = AccessibilityTree().osworldXML()
        #expect(xml == "<desktop-frame " + Self.declarations + "/>")
        #expect(XMLShape(xml).isWellFormed)
    }

    @Test func writesTheServersElementsAttributesAndTextInOrder() {
        let tree = AccessibilityTree(nodes: [
            AccessibilityNode(
                depth: 1, parent: nil, role: "application", name: "gedit", attributes: [.init(name: "toolkit", value: "GTK")]),
            AccessibilityNode(
                depth: 2, parent: 0, role: "frame", name: "Untitled", states: ["active", "showing", "visible"],
                bounds: Rect(x: 0, y: -4, width: 800, height: 600)),
            AccessibilityNode(
                depth: 3, parent: 1, role: "push button", name: "Save", description: "not written",
                states: ["enabled", "showing", "visible"], attributes: [.init(name: "class", value: "btn")],
                bounds: Rect(x: 10, y: 20, width: 80, height: 30),
                actions: [.init(name: "click", description: "Clicks", keyBinding: "<Control>s"), .init(name: "long press")],
                isImage: true),
            AccessibilityNode(
                depth: 3, parent: 1, role: "text", states: ["editable", "multi_line"], text: "a < b & \"c\" > d\r\n\té"),
            AccessibilityNode(
                depth: 2, parent: 0, role: "slider", name: "Volume", value: .init(current: 1, minimum: 0, maximum: 100, step: 0.5),
                isSelection: true),
            AccessibilityNode(depth: 1, parent: nil, role: "", name: "quote\" amp& lt< gt> tab\t nl\n cr\r"),
        ])
        let expected =
            "<desktop-frame " + Self.declarations + ">"
            + #"<application name="gedit" attr:toolkit="GTK">"#
            + #"<frame name="Untitled" st:active="true" st:showing="true" st:visible="true" cp:screencoord="(0, -4)" cp:size="(800, 600)">"#
            + #"<push-button name="Save" st:enabled="true" st:showing="true" st:visible="true" attr:class="btn" "#
            + #"cp:screencoord="(10, 20)" cp:size="(80, 30)" image="true" act:click_desc="Clicks" act:click_kb="&lt;Control&gt;s" "#
            + #"act:long-press_desc="" act:long-press_kb=""/>"#
            + #"<text name="" st:editable="true" st:multi_line="true">a &lt; b &amp; "c" &gt; d&#13;"# + "\n\té</text>"
            + "</frame>"
            + #"<slider name="Volume" selection="true" val:value="1.0" val:min="0.0" val:max="100.0" val:step="0.5"/>"#
            + "</application>"
            + #"<unknown name="quote&quot; amp&amp; lt&lt; gt&gt; tab&#9; nl&#10; cr&#13;"/>"#
            + "</desktop-frame>"
        let xml = tree.osworldXML()
        #expect(xml == expected)
        let shape = XMLShape(xml)
        #expect(shape.isWellFormed)
        #expect(shape.elements == ["desktop-frame", "application", "frame", "push-button", "text", "slider", "unknown"])
        #expect(shape.texts.contains("a < b & \"c\" > d\r\n\té"))
    }

    @Test func nestsByDepthAndKeepsOddDepthsWellFormed() {
        // A jump of two levels nests one level down; depth 0 or less is an application.
        let tree = AccessibilityTree(nodes: [
            AccessibilityNode(depth: 1, parent: nil, role: "application"),
            AccessibilityNode(depth: 3, parent: 0, role: "panel"),
            AccessibilityNode(depth: 4, parent: 1, role: "label", text: "x"),
            AccessibilityNode(depth: 0, parent: nil, role: "application"),
            AccessibilityNode(depth: 2, parent: 3, role: "filler"),
        ])
        let body = tree.osworldXML().dropFirst(("<desktop-frame " + Self.declarations + ">").count)
        #expect(
            body
                == #"<application name=""><panel name=""><label name="">x</label></panel></application>"#
                + #"<application name=""><filler name=""/></application></desktop-frame>"#)
    }

    @Test func repeatedKeysKeepTheirFirstPlaceAndLastValue() {
        // The server's attributes are a Python dict: a second action of one name overwrites the
        // first's values in place; keys repaired into the same name merge the same way.
        let node = AccessibilityNode(
            depth: 1, parent: nil, role: "push button",
            attributes: [.init(name: "a b", value: "1"), .init(name: "c", value: "2"), .init(name: "a_b", value: "3")],
            actions: [.init(name: "click", description: "first"), .init(name: "press"), .init(name: "click", description: "second")])
        let xml = AccessibilityTree(nodes: [node]).osworldXML()
        #expect(
            xml.contains(
                #"<push-button name="" attr:a_b="3" attr:c="2" act:click_desc="second" act:click_kb="" act:press_desc="" act:press_kb=""/>"#
            ))
        #expect(XMLShape(xml).isWellFormed)
    }

    @Test func hostileNamesAndCharactersStillParse() {
        let hostile = "\u{1}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}\u{FFFF}"
        let tree = AccessibilityTree(nodes: [
            AccessibilityNode(
                depth: 1, parent: nil, role: "3d view:<x> \"y\" é", name: "ok" + hostile, description: hostile,
                states: ["weird state", "", "9lives", "xmlns"],
                attributes: [
                    .init(name: "a b", value: hostile), .init(name: "1x", value: "v"), .init(name: "", value: "dropped"),
                    .init(name: "xmlns", value: "x"), .init(name: ":", value: "colon"), .init(name: "ns:name", value: "n"),
                    .init(name: "ünïcode", value: "u"), .init(name: "-dash", value: "d"),
                ],
                text: "before" + hostile + "after",
                actions: [.init(name: "do it!", description: hostile), .init(name: ""), .init(name: "7")]),
            AccessibilityNode(depth: 2, parent: 0, role: "   ", name: "blank role"),
            AccessibilityNode(depth: 2, parent: 0, role: "\u{0}<", name: "control role"),
            AccessibilityNode(depth: 2, parent: 0, role: "<!-- -->", text: "]]> <![CDATA[ &#0; &bogus;"),
        ])
        let xml = tree.osworldXML()
        let shape = XMLShape(xml)
        #expect(shape.isWellFormed, "\(shape.error ?? "")")
        #expect(shape.elements == ["desktop-frame", "_3d-view--x---y---", "unknown", "_--", "_--------"])
        #expect(shape.texts.contains("beforeafter"))
        #expect(shape.texts.contains("]]> <![CDATA[ &#0; &bogus;"))
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        #expect(xml.contains(#"name="ok""#))
        #expect(xml.contains(#"st:weird_state="true" st:_9lives="true" st:xmlns="true""#))
        #expect(xml.contains(#"attr:a_b="" attr:_1x="v" attr:xmlns="x" attr:_="colon" attr:ns_name="n" attr:_n_code="u" attr:_-dash="d""#))
        #expect(xml.contains(#"act:do-it-_desc="" act:do-it-_kb="" act:_desc="" act:_kb="" act:_7_desc="" act:_7_kb="""#))
    }

    @Test func tagsFollowTheServersRoleRule() {
        #expect(OSWorldXML.tag(forRole: "push button") == "push-button")
        #expect(OSWorldXML.tag(forRole: " document spreadsheet\n") == "document-spreadsheet")
        #expect(OSWorldXML.tag(forRole: "") == "unknown")
        #expect(OSWorldXML.tag(forRole: " \t ") == "unknown")
        #expect(OSWorldXML.validName("multi_line", replacement: "_") == "multi_line")
        #expect(OSWorldXML.validName("", replacement: "_") == "_")
        #expect(OSWorldXML.validName(".5", replacement: "_") == "_.5")
    }

    @Test func floatsAreWrittenAsPythonWritesThem() {
        // Each pair was checked against CPython 3.11's str(float).
        let cases: [(Double, String)] = [
            (1, "1.0"), (0.5, "0.5"), (100, "100.0"), (0, "0.0"), (-0.0, "-0.0"), (-3.75, "-3.75"), (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"), (1e-5, "1e-05"), (0.0001, "0.0001"), (2.5e-4, "0.00025"), (1234567890123456, "1234567890123456.0"),
            (12_345_678_901_234_568, "1.2345678901234568e+16"), (1e22, "1e+22"), (1.5e-300, "1.5e-300"), (.leastNonzeroMagnitude, "5e-324"),
            (.greatestFiniteMagnitude, "1.7976931348623157e+308"), (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"),
            (65535, "65535.0"), (1.23456789e-05, "1.23456789e-05"),
        ]
        for (value, python) in cases { #expect(OSWorldXML.pythonString(value) == python, "\(value)") }
    }
}

/// What Foundation's XMLParser (libxml2) makes of a document, with namespaces processed.
final class XMLShape: NSObject, XMLParserDelegate {
    private(set) var elements: [String] = []
    private(set) var texts: [String] = []
    private(set) var isWellFormed = false
    private(set) var error: String?
    private var text = ""

    init(_ xml: String) {
        super.init()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = self
        isWellFormed = parser.parse()
        error = parser.parserError.map { "\($0)" }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        flush()
        elements.append(elementName)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        flush()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    private func flush() {
        if !text.isEmpty { texts.append(text) }
        text = ""
    }
}
