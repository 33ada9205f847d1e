import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Looks through an accessibility tree's XML (as OSWorld's server gives it) for an element, event
/// by event, without building the tree: `check_left_panel` asks only whether one is there.
final class AccessibilityXMLScan: NSObject, XMLParserDelegate {
    /// The deepest nesting read; deeper input is refused rather than followed.
    static let depthLimit = 2_048

    private let tag: String
    private let attribute: String
    private let value: String
    private var depth = 0
    private(set) var found = false
    private(set) var tooDeep = false

    private init(tag: String, attribute: String, value: String) {
        self.tag = tag
        self.attribute = attribute
        self.value = value
    }

    /// Whether `xml` has an element named `tag` (no namespace prefix, as ElementTree's `iter`
    /// matches it) whose `attribute` is `value`. Throws a description when the XML is not
    /// well-formed or nests deeper than `depthLimit`.
    static func contains(_ xml: String, tag: String, attribute: String, value: String) throws(XMLProblem) -> Bool {
        let scan = AccessibilityXMLScan(tag: tag, attribute: attribute, value: value)
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = scan
        // ElementTree reports a document that breaks off only at its end, so parse it all: a match
        // before a later error still fails in OSWorld.
        let parsed = parser.parse()
        if scan.tooDeep { throw XMLProblem(message: "nests deeper than \(depthLimit) elements") }
        guard parsed else {
            throw XMLProblem(message: parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed XML")
        }
        return scan.found
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        depth += 1
        if depth > Self.depthLimit {
            tooDeep = true
            parser.abortParsing()
            return
        }
        if elementName == tag, attributeDict[attribute] == value { found = true }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        depth -= 1
    }
}
