import DeskgymCore

extension AccessibilityTree {
    /// The first line of ``linearized(classAndDescription:)``: OSWorld's column names.
    public static let linearizedHeader = "tag\tname\ttext\tclass\tdescription\tposition (top-left x&y)\tsize (w&h)"

    /// The indices, in pre-order, of the nodes OSWorld's heuristic keeps for an agent to act on
    /// (its `filter_nodes` over the Ubuntu XML); see ``AccessibilityNode/isMarkable(checkImage:)``.
    ///
    /// - Parameter checkImage: also keep unnamed, textless images, as OSWorld does for the
    ///   set-of-marks screenshot (and not for the text table).
    public func markableNodes(checkImage: Bool = false) -> [Int] {
        var tags = OSWorldTags()
        return nodes.indices.filter { nodes[$0].isMarkable(tag: tags.tag(forRole: nodes[$0].role), checkImage: checkImage) }
    }

    /// The tree as OSWorld's `linearize_accessibility_tree` gives it to a text-only agent on
    /// Ubuntu: ``linearizedHeader``, then one tab-separated row per markable node (tag, name,
    /// text, class, description, position, size), lines joined by `\n` with none at the end.
    ///
    /// A text holding `"` is written as a CSV cell (quotes doubled, the whole wrapped in quotes);
    /// a node without text has `""`. Tabs and line breaks in names and texts are left as they are,
    /// as OSWorld leaves them.
    ///
    /// - Parameter classAndDescription: OSWorld's Ubuntu table looks `class` and `description` up
    ///   under its Windows attribute namespace, which the Ubuntu XML never uses, so both columns
    ///   are always empty there. `false` (the default) keeps that, byte for byte. `true` fills
    ///   them from the node's `class` and `description` attributes (`attr:class`,
    ///   `attr:description`; not the accessible description), as the table's header promises.
    public func linearized(classAndDescription: Bool = false) -> String {
        var lines = [Self.linearizedHeader]
        for index in markableNodes() {
            let node = nodes[index]
            let bounds = node.bounds ?? Rect(x: -1, y: -1, width: -1, height: -1)
            let className = classAndDescription ? node.osworldAttribute("class") : ""
            let description = classAndDescription ? node.osworldAttribute("description") : ""
            let columns = [
                node.osworldTag, OSWorldXML.xmlCharacters(node.name), node.osworldTextCell, className, description,
                "(\(bounds.x), \(bounds.y))", "(\(bounds.width), \(bounds.height))",
            ]
            lines.append(columns.joined(separator: "\t"))
        }
        return lines.joined(separator: "\n")
    }
}

extension AccessibilityNode {
    /// Whether OSWorld's heuristic (`judge_node` for Ubuntu) keeps this node as one an agent may
    /// act on. All of these must hold:
    ///
    /// - its tag starts with `document`; or ends with `item`, `button`, `heading`, `label`,
    ///   `scrollbar`, `searchbox`, `textbox`, `link`, `tabelement`, `textfield`, `textarea` or
    ///   `menu`; or is one of OSWorld's fixed set (`alert`, `canvas`, `check-box`, `combo-box`,
    ///   `entry`, `icon`, `image`, `paragraph`, `scroll-bar`, `section`, `slider`, `static`,
    ///   `table-cell`, `terminal`, `text`, and a few Windows class names);
    /// - it is `showing` and `visible`;
    /// - it is `enabled`, `editable`, `expandable` or `checkable`;
    /// - it has a name or text (or, with `checkImage`, is an image);
    /// - its bounds are known, start at x, y >= 0 and have a positive width and height.
    ///
    /// Names and texts count after the characters XML forbids are dropped, as the XML has them.
    public func isMarkable(checkImage: Bool = false) -> Bool {
        isMarkable(tag: osworldTag, checkImage: checkImage)
    }

    /// ``isMarkable(checkImage:)`` for a node whose ``osworldTag`` is `tag`.
    func isMarkable(tag: String, checkImage: Bool) -> Bool {
        guard Self.isMarkableTag(tag) else { return false }
        // A state's element attribute is `st:<name>`; a name repaired by OSWorldXML.validName
        // gains `_` or `-`, so only the state itself can come out as these (none has either).
        guard has("showing"), has("visible") else { return false }
        guard has("enabled") || has("editable") || has("expandable") || has("checkable") else { return false }
        let named = !OSWorldXML.xmlCharacters(name).isEmpty || !OSWorldXML.xmlCharacters(text ?? "").isEmpty
        guard named || (checkImage && isImage) else { return false }
        guard let bounds else { return false }
        return bounds.x >= 0 && bounds.y >= 0 && bounds.width > 0 && bounds.height > 0
    }

    /// The node's text as OSWorld's tables write it: `""` when it has none, a CSV-quoted cell
    /// when it holds `"`, the text itself otherwise.
    public var osworldTextCell: String { OSWorldXML.textCell(OSWorldXML.xmlCharacters(text ?? "")) }

    /// The value the XML's `attr:<name>` holds: the last attribute of that name (the server's
    /// dict keeps the last), without characters XML forbids; empty when there is none.
    func osworldAttribute(_ name: String) -> String {
        OSWorldXML.xmlCharacters(attributes.last { $0.name == name }?.value ?? "")
    }

    static func isMarkableTag(_ tag: String) -> Bool {
        if tag.hasPrefix("document") { return true }
        if markableTagSuffixes.contains(where: { tag.hasSuffix($0) }) { return true }
        return markableTags.contains(tag)
    }

    private static let markableTagSuffixes = [
        "item", "button", "heading", "label", "scrollbar", "searchbox", "textbox", "link", "tabelement", "textfield",
        "textarea", "menu",
    ]

    /// OSWorld's set, Windows class names included: an application may name a role so.
    private static let markableTags: Set<String> = [
        "alert", "canvas", "check-box", "combo-box", "entry", "icon", "image", "paragraph", "scroll-bar", "section",
        "slider", "static", "table-cell", "terminal", "text", "netuiribbontab", "start", "trayclockwclass",
        "traydummysearchcontrol", "uiimage", "uiproperty", "uiribboncommandbar",
    ]
}
