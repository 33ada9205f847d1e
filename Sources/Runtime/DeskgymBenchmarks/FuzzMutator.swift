/// Makes the inputs of one target: iteration `i` under seed `s` is always the same bytes, made by
/// one of random bytes, a soup of the language's tokens, mutations of a corpus entry, structure-aware
/// generation (``FuzzGenerator``), or a splice of two of those.
public struct FuzzMutator: Sendable {
    /// The parser the inputs are for.
    public let target: FuzzTarget
    /// The longest input made, in bytes; longer ones are cut.
    public let maximumSize: Int

    /// A maker of `target`'s inputs of at most `maximumSize` bytes.
    public init(target: FuzzTarget, maximumSize: Int = 64 * 1024) {
        self.target = target
        self.maximumSize = max(1, maximumSize)
    }

    /// The input of `iteration` under `seed`.
    public func input(seed: UInt64, iteration: Int) -> [UInt8] {
        var random = SplitMix64.forInput(seed: seed, parser: target.name, iteration: iteration)
        var bytes: [UInt8]
        switch random.below(100) {
        case 0..<8:
            let count = random.chance(90) ? random.below(256) : random.below(8192)
            bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        case 8..<16:
            bytes = tokenSoup(&random)
        case 16..<60:
            bytes = Array(random.pick(corpus).utf8)
            mutate(&bytes, times: random.within(1...8), &random)
        case 60..<85:
            bytes = Array(FuzzGenerator(target: target).document(&random).utf8)
            if random.chance(30) { mutate(&bytes, times: random.within(1...3), &random) }
        default:
            let first = Array(random.pick(corpus).utf8)
            let second =
                random.chance(50) ? Array(FuzzGenerator(target: target).document(&random).utf8) : Array(random.pick(corpus).utf8)
            bytes = Array(first.prefix(random.below(first.count + 1))) + Array(second.suffix(random.below(second.count + 1)))
            mutate(&bytes, times: random.within(0...3), &random)
        }
        if bytes.count > maximumSize { bytes.removeLast(bytes.count - maximumSize) }
        return bytes
    }

    private var corpus: [String] { target.corpus.isEmpty ? [""] : target.corpus }

    // MARK: Material

    /// Numbers past every integer and floating-point range, and spellings only some readers take.
    static let hugeNumbers = [
        "1e999999", "-1e-999999", "99999999999999999999999999999", "-9223372036854775808", "9223372036854775808",
        "18446744073709551616", "1.7976931348623157e309", "4.9e-325", "0x7fffffffffffffff", "0.", ".5", "1e", "-",
        "NaN", "Infinity", "-Infinity", "1_000", "1j", "0o777", "0b101", "1__0", "--1", "+1", "00012", "1e+", "2**64",
        String(repeating: "9", count: 400), "0." + String(repeating: "0", count: 400) + "1",
    ]

    /// Text that trips up code that counts characters, bytes or grapheme clusters differently.
    static let unicode = [
        "é", "e\u{0301}", "🎉", "👩‍👩‍👧", "\u{202E}", "\u{FEFF}", "\u{0000}", "\u{FFFD}", "𝔘", "\u{2028}", "ﬃ", "İ", "ß",
        "\u{0301}\u{0301}\u{0301}", "\r\n", "\u{00A0}", "\u{1F1FA}\u{1F1F8}", "日本語", "\u{E000}",
    ]

    /// Byte sequences that are not UTF-8 (lone continuation bytes, surrogates, overlong forms).
    static let invalidUTF8: [[UInt8]] = [
        [0xC3], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFE], [0xFF], [0xE2, 0x82], [0xC0, 0xAF],
        [0xF0, 0x9F, 0x98],
    ]

    /// Bytes parsers give meaning to.
    private static let interesting: [UInt8] = Array("\"'\\[]{}(),:;=#\n\r\t -+.0eE_`<>|&*!%@?~$".utf8) + [0, 0x7F, 0x80, 0xFF, 0xC3]

    private static let openers = ["[", "{\"a\": ", "(", "{", "[{\"x\": ", "- ", "  - ", "f(", "{'a': ", "(((", "[[", "<tool_call>"]

    /// A name-like run of letters, digits and underscores.
    static func identifier(_ random: inout SplitMix64) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789")
        let count = random.chance(95) ? random.within(1...12) : random.within(100...20000)
        return String((0..<count).map { index in letters[random.below(index == 0 ? 53 : letters.count)] })
    }

    private func tokenSoup(_ random: inout SplitMix64) -> [UInt8] {
        let generic = [
            "{", "}", "[", "]", "(", ")", ",", ":", "\"", "'", "=", "\n", " ", "true", "false", "null", "None", "True",
            "1", "-3.5", "\\", "\\u", "```", "```json", "```python", "#", "Action:", "Thought:", "<tool_call>",
            "</tool_call>", "DONE", "WAIT", "FAIL", "- ", "&a", "*a", "---", "|",
        ]
        var text = ""
        for _ in 0..<random.within(1...64) {
            switch random.below(4) {
            case 0, 1: text += target.words.isEmpty ? random.pick(generic) : random.pick(target.words)
            default: text += random.pick(generic)
            }
            if random.chance(30) { text += random.pick([" ", ", ", "\n", "", ": "]) }
        }
        return Array(text.utf8)
    }

    // MARK: Mutations

    private func mutate(_ bytes: inout [UInt8], times: Int, _ random: inout SplitMix64) {
        for _ in 0..<times {
            mutateOnce(&bytes, &random)
            if bytes.count > maximumSize { bytes.removeLast(bytes.count - maximumSize) }
        }
    }

    private func insert(_ text: String, into bytes: inout [UInt8], _ random: inout SplitMix64) {
        bytes.insert(contentsOf: Array(text.utf8), at: random.below(bytes.count + 1))
    }

    /// One mutation; a single switch keeps them side by side, each a few lines.
    private func mutateOnce(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        let position = random.below(bytes.count + 1)
        switch random.below(16) {
        case 0 where !bytes.isEmpty:  // flip a bit
            bytes[position % bytes.count] ^= UInt8(1) << UInt8(random.below(8))
        case 1 where !bytes.isEmpty:  // set a byte
            bytes[position % bytes.count] = random.chance(60) ? random.pick(Self.interesting) : UInt8(truncatingIfNeeded: random.next())
        case 2:  // insert random bytes
            bytes.insert(contentsOf: (0..<random.within(1...16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: position)
        case 3 where !bytes.isEmpty:  // delete a range
            let start = position % bytes.count
            let length = min(bytes.count - start, random.chance(80) ? random.within(1...8) : random.within(1...max(1, bytes.count / 2)))
            bytes.removeSubrange(start..<start + length)
        case 4 where !bytes.isEmpty:  // repeat a chunk
            let start = position % bytes.count
            let chunk = Array(bytes[start..<min(bytes.count, start + random.within(1...256))])
            let times = random.pick([2, 3, 8, 64, 1000])
            let repeated = Array((0..<min(times, maximumSize / max(chunk.count, 1) + 1)).map { _ in chunk }.joined())
            bytes.insert(contentsOf: repeated, at: start)
        case 5:  // a word of the language
            insert(target.words.isEmpty ? "x" : random.pick(target.words), into: &bytes, &random)
        case 6:  // deep nesting
            let opener = random.pick(Self.openers)
            let depth = random.pick([32, 63, 64, 65, 100, 511, 512, 513, 1000, 5000, 20000])
            var text = String(repeating: opener, count: depth)
            if random.chance(50) {
                let closers = String(opener.compactMap(closing).reversed())
                text += "1" + String(repeating: closers, count: depth)
            }
            insert(text, into: &bytes, &random)
        case 7:  // a huge number, in place of a digit run when there is one
            let number = random.pick(Self.hugeNumbers)
            if let digit = bytes.indices.dropFirst(position % max(bytes.count, 1)).first(where: { (0x30...0x39).contains(bytes[$0]) }) {
                var end = digit
                while end < bytes.count, (0x30...0x39).contains(bytes[end]) { end += 1 }
                bytes.replaceSubrange(digit..<end, with: Array(number.utf8))
            } else {
                insert(number, into: &bytes, &random)
            }
        case 8:  // a long identifier
            insert(String(repeating: random.pick(["a", "x_", "click", "é"]), count: random.within(100...20000)), into: &bytes, &random)
        case 9:  // unicode, or bytes that are not UTF-8
            if random.chance(50) {
                insert(random.pick(Self.unicode), into: &bytes, &random)
            } else {
                bytes.insert(contentsOf: random.pick(Self.invalidUTF8), at: position)
            }
        case 10:  // splice in part of another corpus entry
            let other = Array(random.pick(corpus).utf8)
            guard !other.isEmpty else { return }
            let start = random.below(other.count)
            bytes.insert(contentsOf: other[start..<min(other.count, start + random.within(1...128))], at: position)
        case 11 where bytes.count > 2:  // swap two ranges
            let a = random.below(bytes.count / 2), b = bytes.count / 2 + random.below(bytes.count / 2)
            let length = min(random.within(1...32), bytes.count / 2 - a, bytes.count - b)
            guard length > 0 else { return }
            let first = Array(bytes[a..<a + length]), second = Array(bytes[b..<b + length])
            bytes.replaceSubrange(a..<a + length, with: second)
            bytes.replaceSubrange(b..<b + length, with: first)
        case 12:  // truncate
            bytes.removeSubrange(position..<bytes.count)
        case 13 where !bytes.isEmpty:  // repeat a line
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            let line = Array(random.pick(Array(lines)))
            insert(String(decoding: line + [0x0A], as: UTF8.self), into: &bytes, &random)
        case 14:  // swap quote kinds
            for index in bytes.indices where random.chance(50) {
                if bytes[index] == 0x22 {
                    bytes[index] = 0x27
                } else if bytes[index] == 0x27 {
                    bytes[index] = 0x22
                }
            }
        default:  // an escape or a control character
            insert(
                random.pick(["\\", "\\u", "\\ud800", "\\uDFFF\\uD800", "\\x", "\\\n", "\t", "\u{0B}", "\u{1B}[0m", "\r"]), into: &bytes,
                &random)
        }
    }

    private func closing(_ character: Character) -> Character? {
        switch character {
        case "[": "]"
        case "{": "}"
        case "(": ")"
        default: nil
        }
    }
}
