extension AccessibilityTree {
    /// The tree as OSWorld's Ubuntu server answers `/accessibility` (the `AT` string), written
    /// as lxml serialises it: a `desktop-frame` root declaring the eight namespaces, one element
    /// per node named by its role, the server's attributes in the server's order, the node's text
    /// as the element's text, children nested by depth, no whitespace between elements.
    ///
    /// Where lxml would have raised (a control character in a name, a role or attribute key that
    /// is no XML name), the output stays well-formed instead: see ``OSWorldXML``. Nodes nest by
    /// ``AccessibilityNode/depth``; a depth deeper than one under the previous node is taken as
    /// one under it, and a depth below 1 as an application's.
    ///
    /// Runs in one pass over the flat list with a stack of open tags, so any depth is safe.
    public func osworldXML() -> String {
        var output = "<" + OSWorldXML.rootTag
        for (prefix, uri) in OSWorldXML.namespaces {
            output.append(" xmlns:" + prefix + "=\"")
            OSWorldXML.appendAttributeValue(uri, to: &output)
            output.append("\"")
        }
        guard !nodes.isEmpty else { return output + "/>" }
        output.append(">")
        var open: [String] = []
        open.reserveCapacity(64)
        var tags = OSWorldTags()
        for index in nodes.indices {
            let node = nodes[index]
            let depth = Self.nestingDepth(node.depth, openCount: open.count)
            while open.count >= depth, let tag = open.popLast() { output.append("</" + tag + ">") }
            let element = node.osworldElement(tag: tags.tag(forRole: node.role))
            output.append("<" + element.tag)
            for attribute in element.attributes {
                output.append(" " + attribute.name + "=\"")
                OSWorldXML.appendAttributeValue(attribute.value, to: &output)
                output.append("\"")
            }
            let hasChildren = index + 1 < nodes.count && nodes[index + 1].depth > depth
            if element.text.isEmpty && !hasChildren {
                output.append("/>")
                continue
            }
            output.append(">")
            OSWorldXML.appendText(element.text, to: &output)
            if hasChildren {
                open.append(element.tag)
            } else {
                output.append("</" + element.tag + ">")
            }
        }
        while let tag = open.popLast() { output.append("</" + tag + ">") }
        return output + "</" + OSWorldXML.rootTag + ">"
    }

    /// The depth a node is written at when `openCount` elements are open under the root: its own,
    /// kept within 1 (an application) and one below the innermost open element.
    static func nestingDepth(_ depth: Int, openCount: Int) -> Int {
        min(max(depth, 1), openCount + 1)
    }
}

extension AccessibilityNode {
    /// One node as OSWorld's server makes it an element: its tag, its attributes by qualified
    /// name in the server's order, its text (empty when none).
    struct OSWorldElement {
        var tag: String
        var attributes: [(name: String, value: String)]
        var text: String
    }

    /// The element OSWorld's server would write for this node, named `tag` (its ``osworldTag``).
    ///
    /// The server collects attributes in a Python dict, so a key given twice keeps its first
    /// place and its last value (two actions of one name, say); repaired keys that meet are
    /// merged the same way, which also keeps the element free of duplicate attributes.
    func osworldElement(tag: String) -> OSWorldElement {
        var attributes: [(name: String, value: String)] = [("name", name)]
        attributes.reserveCapacity(1 + states.count + self.attributes.count + 7 + 2 * actions.count)
        // Nodes have a few dozen keys at most, where a scan beats hashing; a hostile one with
        // thousands gets an index.
        var places: [String: Int]?
        func add(_ key: String, _ value: String) {
            if attributes.count >= 32, places == nil {
                var index: [String: Int] = [:]
                for (place, attribute) in attributes.enumerated() { index[attribute.name] = place }
                places = index
            }
            let place: Int? = if let places { places[key] } else { attributes.lastIndex { $0.name == key } }
            if let place {
                attributes[place].value = value
            } else {
                places?[key] = attributes.count
                attributes.append((key, value))
            }
        }
        for state in states where !state.isEmpty {
            add("st:" + OSWorldXML.validName(state, replacement: "_"), "true")
        }
        for attribute in self.attributes where !attribute.name.isEmpty {
            add("attr:" + OSWorldXML.validName(attribute.name, replacement: "_"), attribute.value)
        }
        if let bounds {
            // Python's str() of a tuple of ints.
            attributes.append(("cp:screencoord", "(\(bounds.x), \(bounds.y))"))
            attributes.append(("cp:size", "(\(bounds.width), \(bounds.height))"))
        }
        if isImage { attributes.append(("image", "true")) }
        if isSelection { attributes.append(("selection", "true")) }
        if let value {
            attributes.append(("val:value", OSWorldXML.pythonString(value.current)))
            attributes.append(("val:min", OSWorldXML.pythonString(value.minimum)))
            attributes.append(("val:max", OSWorldXML.pythonString(value.maximum)))
            attributes.append(("val:step", OSWorldXML.pythonString(value.step)))
        }
        for action in actions {
            let key = action.name.replacingSpaces(with: "-")
            add("act:" + OSWorldXML.validName(key + "_desc", replacement: "-"), action.description)
            add("act:" + OSWorldXML.validName(key + "_kb", replacement: "-"), action.keyBinding)
        }
        return OSWorldElement(tag: tag, attributes: attributes, text: OSWorldXML.xmlCharacters(text ?? ""))
    }

    /// The element name OSWorld gives this node (`push-button`, `table-cell`, `unknown`).
    public var osworldTag: String { OSWorldXML.tag(forRole: role) }
}

/// Role names repeat across a tree: each is turned into a tag once per pass.
struct OSWorldTags {
    private var byRole: [String: String] = [:]

    mutating func tag(forRole role: String) -> String {
        if let tag = byRole[role] { return tag }
        let tag = OSWorldXML.tag(forRole: role)
        if byRole.count < 4_096 { byRole[role] = tag }
        return tag
    }
}

extension String {
    /// The string with each space (U+0020 only, as Python's `replace(" ", …)`) replaced.
    func replacingSpaces(with replacement: Character) -> String {
        guard utf8.contains(0x20) else { return self }
        var result = ""
        for scalar in unicodeScalars {
            if scalar == " " { result.append(replacement) } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
