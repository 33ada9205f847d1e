/// Structure-aware inputs: JSON values, Python calls and YAML documents built from a target's
/// words, nested from a few levels to well past every parser's limit (64 for answers and request
/// bodies, 512 for DeskgymCore's reader), within a byte budget.
struct FuzzGenerator {
    let target: FuzzTarget

    /// Depths to nest to: shallow mostly, and on both sides of each limit.
    private static let depths = [1, 2, 3, 4, 6, 8, 16, 63, 64, 65, 100, 511, 512, 513, 700]

    /// A document: one of the target's frames with each `§` replaced by a generated value.
    func document(_ random: inout SplitMix64) -> String {
        let frame = random.pick(target.frames)
        let budget = random.pick([64, 256, 1024, 4096, 32768])
        let depth = random.chance(70) ? random.within(1...4) : random.pick(Self.depths)
        var output = ""
        for (index, part) in frame.split(separator: "§", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { output += value(&random, depth: depth, budget: budget) }
            output += part
        }
        return output
    }

    private func value(_ random: inout SplitMix64, depth: Int, budget: Int) -> String {
        var output = ""
        switch target.structure {
        case .json:
            json(&random, depth: depth, budget: budget, top: true, into: &output)
        case .python:
            let statements = random.chance(80) ? 1 : random.within(2...5)
            for index in 0..<statements {
                if index > 0 { output += random.pick(["\n", "; ", "\n\n"]) }
                pythonCall(&random, depth: depth, budget: budget, into: &output)
            }
        case .yaml:
            yaml(&random, depth: depth, budget: budget, into: &output)
        }
        return output
    }

    // MARK: Scalars

    private func word(_ random: inout SplitMix64) -> String {
        random.chance(85) && !target.words.isEmpty ? random.pick(target.words) : FuzzMutator.identifier(&random)
    }

    private func number(_ random: inout SplitMix64) -> String {
        switch random.below(10) {
        case 0..<5: return String(random.within(-2000...5000))
        case 5: return String(random.within(-1000...1000)) + "." + String(random.below(1000))
        case 6: return random.pick(["1e3", "-2.5E-2", "0", "-0", "1e400", "-1e-400", "0.0"])
        default: return random.pick(FuzzMutator.hugeNumbers)
        }
    }

    private func string(_ random: inout SplitMix64, quote: Character) -> String {
        var text = String(quote)
        let parts = random.within(0...4)
        for _ in 0..<parts {
            switch random.below(6) {
            case 0..<3: text += word(&random)
            case 3: text += random.pick(["\\n", "\\t", "\\\\", "\\\(quote)", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\x41", "\\0"])
            case 4: text += random.pick(FuzzMutator.unicode)
            default: text += random.pick([" ", "+", ",", "(", ")", "[", "]", "{", "}", ":", "'", "\"", "#", "\n"])
            }
        }
        return text + String(quote)
    }

    // MARK: JSON

    private func json(_ random: inout SplitMix64, depth: Int, budget: Int, top: Bool = false, into output: inout String) {
        if depth <= 0 || output.utf8.count > budget {
            switch random.below(6) {
            case 0, 1: output += string(&random, quote: "\"")
            case 2, 3: output += number(&random)
            default: output += random.pick(["true", "false", "null", "\"\"", "[]", "{}"])
            }
            return
        }
        let object = top ? random.chance(75) : random.chance(50)
        // One child carries the full depth; the others stay shallow, so that deep values stay small.
        let count = random.chance(10) ? random.within(0...12) : random.within(1...4)
        let deep = random.below(max(count, 1))
        output += object ? "{" : "["
        for index in 0..<count {
            if index > 0 { output += random.chance(97) ? ", " : random.pick([",,", " ", ", ]"]) }
            if object { output += (random.chance(85) ? "\"\(word(&random))\"" : string(&random, quote: "\"")) + ": " }
            let childDepth = index == deep ? depth - 1 : min(depth - 1, random.below(3))
            json(&random, depth: childDepth, budget: budget, into: &output)
        }
        output += object ? "}" : "]"
    }

    // MARK: Python

    private func pythonCall(_ random: inout SplitMix64, depth: Int, budget: Int, into output: inout String) {
        output += word(&random) + "("
        let count = random.within(0...4)
        for index in 0..<count {
            if index > 0 { output += ", " }
            if random.chance(35) { output += word(&random) + "=" }
            python(&random, depth: index == 0 ? depth : min(depth, 2), budget: budget, into: &output)
        }
        output += random.chance(95) ? ")" : ""
    }

    private func python(_ random: inout SplitMix64, depth: Int, budget: Int, into output: inout String) {
        if depth <= 1 || output.utf8.count > budget {
            switch random.below(8) {
            case 0, 1: output += string(&random, quote: "'")
            case 2: output += string(&random, quote: "\"")
            case 3, 4: output += number(&random)
            case 5: output += random.pick(["True", "False", "None", "-1", "+2", "x", "(100,200)", "'(10,20)'"])
            case 6: output += random.pick(["r'\\d'", "b'x'", "f'{x}'", "'''a\nb'''", "u'é'", "'a' 'b'"])
            default: output += "'(\(random.within(-10...2000)),\(random.within(-10...2000)))'"
            }
            return
        }
        let (open, close) = random.pick([("[", "]"), ("(", ")"), ("{", "}")])
        let count = random.within(1...3)
        let deep = random.below(count)
        output += open
        for index in 0..<count {
            if index > 0 { output += ", " }
            if open == "{" {
                output += string(&random, quote: "'") + ": "
            }
            python(&random, depth: index == deep ? depth - 1 : 1, budget: budget, into: &output)
        }
        output += close
    }

    // MARK: YAML

    private func yaml(_ random: inout SplitMix64, depth: Int, budget: Int, into output: inout String) {
        if random.chance(8) {
            aliasBomb(&random, into: &output)
            return
        }
        if random.chance(5) { output += random.pick(["%YAML 1.1\n---\n", "---\n", "--- !!map\n", "%TAG ! tag:x,2000:\n---\n"]) }
        yamlBlock(&random, depth: min(depth, 200), indent: 0, budget: budget, into: &output)
        if random.chance(5) { output += random.pick(["\n...\n", "\n---\nkind: xvfb\n", "\n--- |\n  text\n"]) }
    }

    private func yamlScalar(_ random: inout SplitMix64) -> String {
        switch random.below(9) {
        case 0, 1, 2: return word(&random)
        case 3: return number(&random)
        case 4: return string(&random, quote: "\"")
        case 5: return string(&random, quote: "'")
        case 6: return random.pick(["~", "null", "", "yes", "no", "on", "0x1F", "0o17", ".inf", "-.nan", "2001-12-14t21:59:43.10-05:00"])
        case 7:
            let anchored = "&a " + word(&random)
            return random.pick([anchored, "*a", "!!str 1", "!!int x", "!!binary aGk=", "!custom x", "? complex"])
        default: return random.pick(["1920x1080", "800x600x16", "0x0", "99999x99999x24", ":5", "/tmp/x", "home/default"])
        }
    }

    private func yamlFlow(_ random: inout SplitMix64, depth: Int, budget: Int, into output: inout String) {
        if depth <= 0 || output.utf8.count > budget {
            output += yamlScalar(&random)
            return
        }
        let map = random.chance(50)
        let count = random.within(0...3)
        let deep = random.below(max(count, 1))
        output += map ? "{" : "["
        for index in 0..<count {
            if index > 0 { output += ", " }
            if map { output += word(&random) + ": " }
            yamlFlow(&random, depth: index == deep ? depth - 1 : 0, budget: budget, into: &output)
        }
        output += map ? "}" : "]"
    }

    private func yamlBlock(_ random: inout SplitMix64, depth: Int, indent: Int, budget: Int, into output: inout String) {
        let pad = String(repeating: " ", count: indent)
        let sequence = indent > 0 && random.chance(35)
        let count = random.within(1...5)
        let deep = random.below(count)
        for index in 0..<count {
            if output.utf8.count > budget { return }
            output += pad + (sequence ? "- " : word(&random) + ":")
            let childDepth = index == deep ? depth - 1 : min(depth - 1, random.below(2))
            if childDepth > 0 && random.chance(60) {
                if sequence {
                    output += "\n"
                } else {
                    output += random.chance(10) ? " &a\n" : "\n"
                }
                yamlBlock(&random, depth: childDepth, indent: indent + random.pick([1, 2, 2, 4]), budget: budget, into: &output)
            } else if random.chance(30) {
                output += " "
                yamlFlow(&random, depth: max(childDepth, 0), budget: budget, into: &output)
                output += "\n"
            } else if random.chance(5) {
                output += " |\n" + pad + "  line one\n" + pad + "  line \"two\"\n"
            } else {
                output += " " + yamlScalar(&random) + (random.chance(5) ? "  # comment" : "") + "\n"
            }
        }
    }

    /// Anchors that each repeat the one before several times ("a billion laughs"): a reader that
    /// copies aliases instead of sharing them grows exponentially.
    private func aliasBomb(_ random: inout SplitMix64, into output: inout String) {
        let levels = random.within(3...12)
        let width = random.within(2...9)
        let field = random.pick(["env", "apps", "args", "screen", "kind", "vnc", "xvfb_args"])
        output += "kind: xvfb\nx0: &x0 [lol]\n"
        for level in 1...levels {
            let items = Array(repeating: "*x\(level - 1)", count: width).joined(separator: ", ")
            output += "x\(level): &x\(level) [\(items)]\n"
        }
        output += "\(field): *x\(levels)\n"
    }
}
