import Foundation

/// An HTML document read the way BeautifulSoup with the `lxml` parser presents it to OSWorld's
/// `compare_htmls`: a tree of tags (lower-case names; attributes with `class`, `rel` and the other
/// multi-valued ones split into word lists) and strings (text, comments, the doctype), walked in
/// document order as `recursiveChildGenerator` walks it.
///
/// This is a small tolerant parser, not libxml2's: it implies `html`, `head` and `body` as
/// libxml2 does, closes `p`, `li`, `td`, `tr`, `option` and the like when a sibling or a block
/// begins, treats `script` and `style` as raw text and void elements (`br`, `img`, `meta`, …) as
/// empty, decodes character references, and drops white-space-only text outside `body`. Two
/// documents written alike parse alike, which is what the comparison needs; libxml2's rarer
/// repairs of broken markup are not reproduced.
struct HTMLSoup: Sendable {
    /// One node, as `recursiveChildGenerator` yields it.
    enum Node: Sendable, Equatable {
        /// A tag: its name, attributes and `text` (its descendants' strings, without comments and
        /// the contents of nested `script`/`style`, as bs4's `get_text` gives them).
        case tag(name: String, attributes: [String: Attribute], text: String)
        /// A string: text, a comment or the doctype (bs4 compares them all as `str`).
        case string(String)
    }

    /// An attribute value: a string, or a word list for bs4's multi-valued attributes.
    enum Attribute: Sendable, Hashable {
        case value(String)
        case words([String])
    }

    /// The most nodes read, and the deepest nesting, before the document is refused.
    static let nodeLimit = 2_000_000
    static let depthLimit = 1_024

    /// Why a document was refused.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// Every node below the document, in document order.
    var nodes: [Node]

    static let voidElements: Set<String> = [
        "area", "base", "basefont", "br", "col", "embed", "frame", "hr", "img", "input", "isindex", "keygen", "link", "meta",
        "param", "source", "track", "wbr",
    ]
    static let rawTextElements: Set<String> = ["script", "style"]
    static let headElements: Set<String> = ["title", "meta", "link", "style", "script", "base", "noscript"]
    static let multiValued: Set<String> = ["class", "rel", "rev", "accept-charset", "headers", "accesskey", "dropzone"]
    /// Elements whose start closes an open `p`.
    static let closesParagraph: Set<String> = [
        "p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "form", "blockquote", "address",
        "hr", "center", "fieldset", "menu", "dir", "listing", "xmp", "section", "article", "aside", "header", "footer", "nav",
    ]
    /// For an element, the open elements its start closes when they are the current one's kin.
    static let closesSiblings: [String: Set<String>] = [
        "li": ["li"], "dt": ["dt", "dd"], "dd": ["dt", "dd"], "option": ["option"], "tr": ["tr", "td", "th"],
        "td": ["td", "th"], "th": ["td", "th"], "thead": ["thead", "tbody", "tfoot", "tr", "td", "th"],
        "tbody": ["thead", "tbody", "tfoot", "tr", "td", "th"], "tfoot": ["thead", "tbody", "tfoot", "tr", "td", "th"],
    ]

    /// A parsed element while the tree is built.
    private final class Element {
        let name: String
        var attributes: [String: Attribute]
        var children: [Child] = []
        init(_ name: String, _ attributes: [String: Attribute]) {
            self.name = name
            self.attributes = attributes
        }
    }

    private enum Child {
        case element(Element)
        case text(String)
        case comment(String)
    }

    /// Parses `html`.
    static func parse(_ html: String) throws(Problem) -> HTMLSoup {
        let document = Element("[document]", [:])
        let root = Element("html", [:])
        var head: Element?
        var body: Element?
        var stack: [Element] = []
        var count = 0
        var doctype: String?

        func current() -> Element { stack.last ?? root }
        func openBody() -> Element {
            if let body { return body }
            let made = Element("body", [:])
            root.children.append(.element(made))
            body = made
            stack = [made]
            return made
        }
        func place(_ name: String) {
            // Head elements before any body content go in the head; anything else opens the body.
            guard body == nil, stack.isEmpty || stack.first === head else { return }
            if headElements.contains(name) {
                if head == nil {
                    let made = Element("head", [:])
                    root.children.append(.element(made))
                    head = made
                }
                if stack.isEmpty { stack = [head!] }
            } else {
                _ = openBody()
            }
        }
        func addText(_ text: String) {
            if body == nil {
                if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { return }
                if stack.first === head, stack.count > 1 {
                    current().children.append(.text(text))
                    return
                }
                _ = openBody()
            }
            if case .text(let previous)? = current().children.last {
                current().children[current().children.count - 1] = .text(previous + text)
            } else {
                current().children.append(.text(text))
            }
        }

        let scalars = Array(html.unicodeScalars)
        var index = 0
        func starts(_ text: String, at position: Int, ignoringCase: Bool = false) -> Bool {
            let needle = Array(text.unicodeScalars)
            guard position + needle.count <= scalars.count else { return false }
            for (offset, scalar) in needle.enumerated() {
                let here = scalars[position + offset]
                if ignoringCase ? lower(here) != lower(scalar) : here != scalar { return false }
            }
            return true
        }
        func find(_ text: String, from position: Int, ignoringCase: Bool = false) -> Int? {
            var at = position
            while at < scalars.count {
                if starts(text, at: at, ignoringCase: ignoringCase) { return at }
                at += 1
            }
            return nil
        }
        var textStart = 0
        func flushText(upTo end: Int) {
            if end > textStart { addText(decodeEntities(String(String.UnicodeScalarView(scalars[textStart..<end])))) }
        }
        while index < scalars.count {
            count += 1
            guard count <= nodeLimit * 8 else { throw Problem(description: "is too large to compare") }
            guard scalars[index] == "<", index + 1 < scalars.count else {
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if starts("<!--", at: index) {
                flushText(upTo: index)
                let end = find("-->", from: index + 4) ?? scalars.count
                let comment = String(String.UnicodeScalarView(scalars[(index + 4)..<end]))
                if body == nil && stack.isEmpty {
                    document.children.append(.comment(comment))
                } else {
                    current().children.append(.comment(comment))
                }
                index = min(end + 3, scalars.count)
                textStart = index
            } else if next == "!" || next == "?" {
                flushText(upTo: index)
                let end = find(">", from: index) ?? scalars.count
                let inner = String(String.UnicodeScalarView(scalars[(index + 2)..<end]))
                if starts("<!doctype", at: index, ignoringCase: true), doctype == nil {
                    doctype = String(inner.dropFirst("doctype".count)).trimmingCharacters(in: .whitespacesAndNewlines)
                }
                index = min(end + 1, scalars.count)
                textStart = index
            } else if next == "/" {
                guard index + 2 < scalars.count, isNameStart(scalars[index + 2]) else {
                    index += 1
                    continue
                }
                flushText(upTo: index)
                var end = index + 2
                while end < scalars.count, !isSpace(scalars[end]), scalars[end] != ">", scalars[end] != "/" { end += 1 }
                let name = String(String.UnicodeScalarView(scalars[(index + 2)..<end].map(lower)))
                index = min((find(">", from: end) ?? scalars.count) + 1, scalars.count)
                textStart = index
                if let open = stack.lastIndex(where: { $0.name == name }), stack[open] !== body, stack[open] !== head {
                    stack.removeSubrange(open...)
                    if stack.isEmpty, let body { stack = [body] }
                } else if name == "head", stack.first === head {
                    stack = []
                }
            } else if isNameStart(next) {
                flushText(upTo: index)
                let (name, attributes, end, selfClosing) = startTag(scalars, from: index + 1)
                index = end
                textStart = index
                if name == "html" {
                    for (key, value) in attributes where root.attributes[key] == nil { root.attributes[key] = value }
                    continue
                }
                if name == "head" {
                    if head == nil && body == nil {
                        let made = Element("head", attributes)
                        root.children.append(.element(made))
                        head = made
                        stack = [made]
                    }
                    continue
                }
                if name == "body" {
                    let made = openBody()
                    for (key, value) in attributes where made.attributes[key] == nil { made.attributes[key] = value }
                    continue
                }
                place(name)
                if closesParagraph.contains(name), let open = stack.lastIndex(where: { $0.name == "p" }), open > 0 {
                    stack.removeSubrange(open...)
                }
                if let kin = closesSiblings[name], let top = stack.last, kin.contains(top.name), stack.count > 1 {
                    // Close up to and including the nearest kin, staying inside its table or list.
                    if let open = stack.lastIndex(where: { kin.contains($0.name) }), open > 0 { stack.removeSubrange(open...) }
                }
                let element = Element(name, attributes)
                current().children.append(.element(element))
                guard !voidElements.contains(name), !selfClosing else { continue }
                if rawTextElements.contains(name) {
                    let close = find("</" + name, from: index, ignoringCase: true) ?? scalars.count
                    let raw = String(String.UnicodeScalarView(scalars[index..<close]))
                    if !raw.isEmpty { element.children.append(.text(raw)) }
                    index = min((find(">", from: close) ?? scalars.count) + 1, scalars.count)
                    textStart = index
                    continue
                }
                stack.append(element)
                guard stack.count <= depthLimit else { throw Problem(description: "nests deeper than \(depthLimit) elements") }
            } else {
                index += 1
            }
        }
        flushText(upTo: scalars.count)

        var nodes: [Node] = []
        if let doctype { nodes.append(.string(doctype)) }
        for case .comment(let text) in document.children { nodes.append(.string(text)) }
        func walk(_ element: Element, depth: Int) throws(Problem) {
            guard depth <= depthLimit else { throw Problem(description: "nests deeper than \(depthLimit) elements") }
            nodes.append(.tag(name: element.name, attributes: element.attributes, text: text(of: element, depth: 0)))
            guard nodes.count <= nodeLimit else { throw Problem(description: "has more than \(nodeLimit) nodes") }
            for child in element.children {
                switch child {
                case .element(let inner): try walk(inner, depth: depth + 1)
                case .text(let string), .comment(let string): nodes.append(.string(string))
                }
            }
        }
        func text(of element: Element, depth: Int) -> String {
            guard depth <= depthLimit else { return "" }
            var out = ""
            for child in element.children {
                switch child {
                case .text(let string):
                    // bs4 keeps script and style text out of every ancestor's text, but not its own.
                    if depth == 0 || !rawTextElements.contains(element.name) { out += string }
                case .element(let inner): out += text(of: inner, depth: depth + 1)
                case .comment: break
                }
            }
            return out
        }
        if body == nil && head == nil && root.children.isEmpty && root.attributes.isEmpty && nodes.isEmpty && html.isEmpty {
            return HTMLSoup(nodes: [])
        }
        try walk(root, depth: 0)
        return HTMLSoup(nodes: nodes)
    }

    /// The name, attributes and end of a start tag whose name begins at `start`.
    private static func startTag(_ scalars: [Unicode.Scalar], from start: Int) -> (String, [String: Attribute], Int, Bool) {
        var index = start
        while index < scalars.count, !isSpace(scalars[index]), scalars[index] != ">", scalars[index] != "/" { index += 1 }
        let name = String(String.UnicodeScalarView(scalars[start..<index].map(lower)))
        var attributes: [String: Attribute] = [:]
        var selfClosing = false
        while index < scalars.count {
            while index < scalars.count, isSpace(scalars[index]) { index += 1 }
            guard index < scalars.count else { break }
            if scalars[index] == ">" {
                index += 1
                break
            }
            if scalars[index] == "/" {
                selfClosing = index + 1 < scalars.count && scalars[index + 1] == ">"
                index += 1
                continue
            }
            let keyStart = index
            while index < scalars.count, !isSpace(scalars[index]), scalars[index] != ">", scalars[index] != "=", scalars[index] != "/" {
                index += 1
            }
            let key = String(String.UnicodeScalarView(scalars[keyStart..<index].map(lower)))
            while index < scalars.count, isSpace(scalars[index]) { index += 1 }
            var value = ""
            if index < scalars.count, scalars[index] == "=" {
                index += 1
                while index < scalars.count, isSpace(scalars[index]) { index += 1 }
                if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" {
                    let quote = scalars[index]
                    let valueStart = index + 1
                    index = valueStart
                    while index < scalars.count, scalars[index] != quote { index += 1 }
                    value = String(String.UnicodeScalarView(scalars[valueStart..<min(index, scalars.count)]))
                    index += 1
                } else {
                    let valueStart = index
                    while index < scalars.count, !isSpace(scalars[index]), scalars[index] != ">" { index += 1 }
                    value = String(String.UnicodeScalarView(scalars[valueStart..<index]))
                }
            }
            guard !key.isEmpty else {
                index += 1
                continue
            }
            // libxml2 keeps the first of repeated attributes.
            if attributes[key] == nil {
                let decoded = decodeEntities(value)
                attributes[key] =
                    multiValued.contains(key)
                    ? .words(decoded.split(whereSeparator: { $0.isWhitespace }).map(String.init)) : .value(decoded)
            }
        }
        return (name, attributes, min(index, scalars.count), selfClosing)
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic
    }

    private static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    /// The character references HTML documents commonly use, by name.
    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "\u{A9}", "reg": "\u{AE}",
        "euro": "\u{20AC}", "pound": "\u{A3}", "yen": "\u{A5}", "cent": "\u{A2}", "sect": "\u{A7}", "deg": "\u{B0}",
        "middot": "\u{B7}", "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "hellip": "\u{2026}", "times": "\u{D7}", "divide": "\u{F7}",
        "laquo": "\u{AB}", "raquo": "\u{BB}", "bull": "\u{2022}", "trade": "\u{2122}",
    ]

    /// Text with `&name;`, `&#N;` and `&#xN;` references decoded; unknown ones stay as written.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(32).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = String(after[..<semicolon])
            var decoded: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if name.hasPrefix("#") {
                decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                decoded = namedEntities[name]
            }
            if let decoded {
                out += decoded
                rest = after[after.index(after: semicolon)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }
}
