import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An accessibility tree as OSWorld's XML writes it (the `accessibility_tree` getter's result),
/// read into flat arrays in document order, for `check_accessibility_tree`'s selectors.
///
/// Attributes keep their names as written (`name`, `st:showing`, `attr:class`): the trees come
/// with OSWorld's fixed prefixes, which the selectors name (`[attr|class=…]`). Reading stops at
/// ``maximumDepth`` levels and ``maximumElements`` elements (the XML may come from an agent's
/// machine) with an error, never a crash.
struct AccessibilityDocument: Sendable {
    struct Element: Sendable {
        var tag: String
        var attributes: [String: String]
        /// The character data before the element's first child (lxml's `.text`); nil when none.
        var text: String?
        var parent: Int?
        /// The element before this one under the same parent.
        var previousSibling: Int?
    }

    var elements: [Element]

    static let maximumDepth = 512
    /// Ten times the reader's default node cap: the selectors' memo grows with it.
    static let maximumElements = 200_000

    /// Reads `xml`; throws with the parser's reason when it is not a tree this reader takes.
    static func parse(_ xml: String) throws(XMLProblem) -> AccessibilityDocument {
        let builder = Builder()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = builder
        let parsed = parser.parse()
        if let problem = builder.problem { throw XMLProblem(message: problem) }
        guard parsed else {
            throw XMLProblem(message: parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed XML")
        }
        // Foundation's parser on Linux may take a document that ends inside an element.
        if let unclosed = builder.open.last {
            throw XMLProblem(message: "the document ends inside <\(builder.elements[unclosed].tag.prefix(80))>")
        }
        guard !builder.elements.isEmpty else { throw XMLProblem(message: "the document has no element") }
        return AccessibilityDocument(elements: builder.elements)
    }

    /// Builds the flat elements from `XMLParser` events; used by one parse on one thread.
    private final class Builder: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []
        /// The last child closed under each open element (the next child's previous sibling).
        var lastChild: [Int?] = [nil]
        /// Whether each open element has had a child yet (text after it is not `.text`).
        var hadChild: [Bool] = []
        var problem: String?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            guard open.count < AccessibilityDocument.maximumDepth, elements.count < AccessibilityDocument.maximumElements else {
                problem =
                    "the tree is deeper than \(AccessibilityDocument.maximumDepth) levels or larger than "
                    + "\(AccessibilityDocument.maximumElements) elements"
                parser.abortParsing()
                return
            }
            if !hadChild.isEmpty { hadChild[hadChild.count - 1] = true }
            elements.append(
                Element(
                    tag: elementName, attributes: attributeDict, text: nil, parent: open.last,
                    previousSibling: lastChild[lastChild.count - 1]))
            let index = elements.count - 1
            lastChild[lastChild.count - 1] = index
            open.append(index)
            lastChild.append(nil)
            hadChild.append(false)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard let current = open.last, hadChild.last == false else { return }
            elements[current].text = (elements[current].text ?? "") + string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            _ = open.popLast()
            _ = lastChild.popLast()
            _ = hadChild.popLast()
        }
    }
}
