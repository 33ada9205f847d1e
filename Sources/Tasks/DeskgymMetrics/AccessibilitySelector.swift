/// A CSS selector over an ``AccessibilityDocument``, as `check_accessibility_tree` gives them
/// (lxml's `CSSSelector` with OSWorld's namespace prefixes): type and universal selectors,
/// attribute selectors with an optional prefix (`[name=To]`, `[attr|class="pill"]`,
/// `[name*="x"]`, `^=`, `$=`, `~=`, `|=`, or presence), the descendant, child (`>`), next-sibling
/// (`+`) and later-sibling (`~`) combinators, and selector lists (`a, b`). Backslash escapes
/// (`Address\ and\ search\ bar`) are read as the character escaped.
///
/// Anything else (pseudo-classes, namespaced types) is an error naming the selector and the
/// position. Matching is memoised per (compound, element), so a selector of any shape costs at
/// most its compounds times the document's elements times the tree's depth.
struct AccessibilitySelector: Sendable {
    struct Attribute: Sendable, Equatable {
        /// The attribute's name as the XML writes it (`name`, `attr:class`).
        var name: String
        var operation: Operation?
        var value: String

        enum Operation: String, Sendable {
            case equals = "=", contains = "*=", prefix = "^=", suffix = "$=", word = "~=", dash = "|="
        }
    }

    struct Compound: Sendable, Equatable {
        /// The tag, nil for any (`*` or none written).
        var tag: String?
        var attributes: [Attribute]
    }

    enum Combinator: Sendable, Equatable {
        case descendant, child, nextSibling, laterSibling
    }

    /// One complex selector: `compounds[0] combinators[0] compounds[1] …`, matched right to left.
    struct Complex: Sendable, Equatable {
        var compounds: [Compound]
        var combinators: [Combinator]
    }

    var alternatives: [Complex]

    /// Compounds in one selector at most, and characters of its text (a task file's selector is
    /// short; one built to be slow is refused).
    static let maximumCompounds = 64
    static let maximumLength = 16_384

    struct SyntaxError: Error, Sendable, CustomStringConvertible {
        var selector: String
        var offset: Int
        var reason: String
        var description: String { "selector \"\(selector.prefix(200))\": \(reason) at character \(offset + 1)" }
    }

    /// Parses `text`, with `prefixes` the namespace prefixes it may use (`attr`, `st`, …).
    init(_ text: String, prefixes: Set<String>) throws(SyntaxError) {
        guard text.count <= Self.maximumLength else {
            throw SyntaxError(selector: text, offset: Self.maximumLength, reason: "longer than \(Self.maximumLength) characters")
        }
        var reader = Reader(characters: Array(text), text: text, prefixes: prefixes)
        alternatives = try reader.list()
    }

    /// The elements of `document` that match, in document order.
    func select(in document: AccessibilityDocument) -> [Int] {
        var memo: [Int: Bool] = [:]
        var found: [Int] = []
        for index in document.elements.indices
        where alternatives.enumerated().contains(where: { alternative, complex in
            matches(complex, alternative: alternative, last: complex.compounds.count - 1, element: index, in: document, memo: &memo)
        }) {
            found.append(index)
        }
        return found
    }

    private func matches(
        _ complex: Complex, alternative: Int, last: Int, element: Int, in document: AccessibilityDocument, memo: inout [Int: Bool]
    ) -> Bool {
        // Keys pack (alternative, compound, element); compounds and alternatives are capped.
        let key = (alternative * (Self.maximumCompounds + 1) + last) * document.elements.count + element
        if let known = memo[key] { return known }
        var result = false
        if Self.matches(complex.compounds[last], document.elements[element]) {
            if last == 0 {
                result = true
            } else {
                // Where the combinator looks from this element, and whether it keeps going
                // (descendant: every ancestor; later sibling: every earlier sibling).
                let elements = document.elements
                let (step, repeats): ((Int) -> Int?, Bool)
                switch complex.combinators[last - 1] {
                case .child: (step, repeats) = ({ elements[$0].parent }, false)
                case .descendant: (step, repeats) = ({ elements[$0].parent }, true)
                case .nextSibling: (step, repeats) = ({ elements[$0].previousSibling }, false)
                case .laterSibling: (step, repeats) = ({ elements[$0].previousSibling }, true)
                }
                var candidate = step(element)
                while let current = candidate, !result {
                    result = matches(complex, alternative: alternative, last: last - 1, element: current, in: document, memo: &memo)
                    candidate = repeats ? step(current) : nil
                }
            }
        }
        memo[key] = result
        return result
    }

    private static func matches(_ compound: Compound, _ element: AccessibilityDocument.Element) -> Bool {
        if let tag = compound.tag, tag != element.tag { return false }
        for attribute in compound.attributes {
            guard let value = element.attributes[attribute.name] else { return false }
            guard let operation = attribute.operation else { continue }
            let wanted = attribute.value
            switch operation {
            case .equals: if value != wanted { return false }
            case .contains: if wanted.isEmpty || !value.contains(wanted) { return false }
            case .prefix: if wanted.isEmpty || !value.hasPrefix(wanted) { return false }
            case .suffix: if wanted.isEmpty || !value.hasSuffix(wanted) { return false }
            case .word: if !value.split(whereSeparator: \.isWhitespace).contains(Substring(wanted)) { return false }
            case .dash: if value != wanted && !value.hasPrefix(wanted + "-") { return false }
            }
        }
        return true
    }

    /// The selector's text, read once from the start.
    private struct Reader {
        let characters: [Character]
        let text: String
        let prefixes: Set<String>
        var position = 0

        func fail(_ reason: String) -> SyntaxError { SyntaxError(selector: text, offset: position, reason: reason) }

        var current: Character? { position < characters.count ? characters[position] : nil }

        mutating func skipSpaces() -> Bool {
            let start = position
            while let character = current, character.isWhitespace { position += 1 }
            return position > start
        }

        mutating func list() throws(SyntaxError) -> [Complex] {
            var complexes: [Complex] = []
            var compounds = 0
            repeat {
                _ = skipSpaces()
                let complex = try self.complex()
                compounds += complex.compounds.count
                guard compounds <= AccessibilitySelector.maximumCompounds else {
                    throw fail("more than \(AccessibilitySelector.maximumCompounds) compound selectors")
                }
                complexes.append(complex)
                _ = skipSpaces()
                guard let character = current else { break }
                guard character == "," else { throw fail("unexpected '\(character)'") }
                position += 1
            } while true
            return complexes
        }

        mutating func complex() throws(SyntaxError) -> Complex {
            var compounds = [try compound()]
            var combinators: [Combinator] = []
            while true {
                let spaced = skipSpaces()
                guard let character = current, character != "," else { break }
                var combinator = Combinator.descendant
                switch character {
                case ">": combinator = .child
                case "+": combinator = .nextSibling
                case "~": combinator = .laterSibling
                default:
                    guard spaced else { throw fail("unexpected '\(character)'") }
                }
                if combinator != .descendant {
                    position += 1
                    _ = skipSpaces()
                }
                combinators.append(combinator)
                compounds.append(try compound())
                guard compounds.count <= AccessibilitySelector.maximumCompounds else {
                    throw fail("more than \(AccessibilitySelector.maximumCompounds) compound selectors")
                }
            }
            return Complex(compounds: compounds, combinators: combinators)
        }

        mutating func compound() throws(SyntaxError) -> Compound {
            var compound = Compound(tag: nil, attributes: [])
            var empty = true
            if current == "*" {
                position += 1
                empty = false
            } else if let character = current, Self.startsIdentifier(character) {
                compound.tag = try identifier()
                empty = false
                if current == "|" { throw fail("namespaced element names are not supported") }
            }
            while current == "[" {
                compound.attributes.append(try attribute())
                empty = false
            }
            if let character = current, character == ":" || character == "." || character == "#" {
                throw fail("'\(character)' selectors are not supported (types, attributes and combinators are)")
            }
            guard !empty else { throw fail(current.map { "unexpected '\($0)'" } ?? "a selector is missing") }
            return compound
        }

        mutating func attribute() throws(SyntaxError) -> Attribute {
            position += 1  // [
            _ = skipSpaces()
            var name = try identifier()
            if current == "|", position + 1 < characters.count, characters[position + 1] != "=" {
                position += 1
                guard prefixes.contains(name) else { throw fail("unknown namespace prefix '\(name)'") }
                name = name + ":" + (try identifier())
            }
            _ = skipSpaces()
            guard let character = current else { throw fail("']' is missing") }
            if character == "]" {
                position += 1
                return Attribute(name: name, operation: nil, value: "")
            }
            var operation: Attribute.Operation
            if character == "=" {
                operation = .equals
                position += 1
            } else if let first = current, "*^$~|".contains(first), position + 1 < characters.count, characters[position + 1] == "=" {
                operation = Attribute.Operation(rawValue: String(first) + "=") ?? .equals
                position += 2
            } else {
                throw fail("unexpected '\(character)' in an attribute selector")
            }
            _ = skipSpaces()
            let value: String
            if let quote = current, quote == "\"" || quote == "'" {
                value = try quoted(quote)
            } else {
                value = try identifier()
            }
            _ = skipSpaces()
            guard current == "]" else { throw fail("']' is missing") }
            position += 1
            return Attribute(name: name, operation: operation, value: value)
        }

        mutating func quoted(_ quote: Character) throws(SyntaxError) -> String {
            position += 1
            var value = ""
            while let character = current, character != quote {
                if character == "\\" {
                    position += 1
                    guard let escaped = current else { break }
                    value.append(escaped)
                } else {
                    value.append(character)
                }
                position += 1
            }
            guard current == quote else { throw fail("the string is not closed") }
            position += 1
            return value
        }

        mutating func identifier() throws(SyntaxError) -> String {
            var name = ""
            while let character = current {
                if character == "\\" {
                    position += 1
                    guard let escaped = current else { throw fail("a '\\' ends the selector") }
                    name.append(escaped)
                    position += 1
                } else if Self.continuesIdentifier(character) {
                    name.append(character)
                    position += 1
                } else {
                    break
                }
            }
            guard !name.isEmpty else { throw fail(current.map { "a name is expected, not '\($0)'" } ?? "a name is expected") }
            return name
        }

        static func startsIdentifier(_ character: Character) -> Bool {
            character.isLetter || character == "_" || character == "-" || character == "\\" || !character.isASCII
        }

        static func continuesIdentifier(_ character: Character) -> Bool {
            startsIdentifier(character) || character.isNumber
        }
    }
}
