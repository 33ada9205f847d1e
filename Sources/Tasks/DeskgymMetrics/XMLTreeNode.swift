import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of a small XML document (an xlsx, docx or pptx part), read whole with Foundation's
/// `XMLParser`. Names are local: namespace prefixes are dropped from elements and attributes (`r:id`
/// is `id`); `qualifiedAttributes` keeps the names as written, for elements that carry both `id`
/// and `r:id`.
struct XMLTreeNode: Sendable {
    var name: String
    var attributes: [String: String]
    var qualifiedAttributes: [String: String] = [:]
    var children: [XMLTreeNode]
    /// The element's own character data (not its children's).
    var text: String

    /// The first child named `name`.
    func child(_ name: String) -> XMLTreeNode? {
        children.first { $0.name == name }
    }

    /// Every child named `name`.
    func children(_ name: String) -> [XMLTreeNode] {
        children.filter { $0.name == name }
    }

    /// The value of the attribute with this local name and some namespace prefix (`r:id` for
    /// `"id"`), as opposed to the unprefixed attribute of the same local name.
    func prefixedAttribute(_ localName: String) -> String? {
        qualifiedAttributes.first { key, _ in key.hasSuffix(":" + localName) }?.value
    }

    /// Every descendant named `name`, in document order (this element excluded).
    func descendants(_ name: String) -> [XMLTreeNode] {
        var found: [XMLTreeNode] = []
        for child in children {
            if child.name == name { found.append(child) }
            found += child.descendants(name)
        }
        return found
    }

    /// Parses a document; throws when it is not well-formed XML.
    static func parse(_ data: Data) throws(XMLProblem) -> XMLTreeNode {
        let builder = XMLTreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw XMLProblem(message: parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed XML")
        }
        return root
    }
}

/// Builds `XMLTreeNode`s from `XMLParser` events. Used by one parse on one thread, then dropped.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLTreeNode] = []
    var root: XMLTreeNode?

    private static func local(_ name: String) -> String {
        name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        var attributes: [String: String] = [:]
        for (key, value) in attributeDict { attributes[Self.local(key)] = value }
        stack.append(
            XMLTreeNode(
                name: Self.local(elementName), attributes: attributes, qualifiedAttributes: attributeDict,
                children: [], text: ""))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let node = stack.popLast() else { return }
        if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }
}
