import DeskgymCore
import Testing

@Suite("Key names")
struct KeyTests {
    @Test(
        "pyautogui names resolve to X keysyms, multi-character names case-insensitively",
        arguments: [
            ("enter", "Return"), ("Enter", "Return"), ("CTRL", "Control_L"), ("ctrlright", "Control_R"),
            ("win", "Super_L"), ("pgdn", "Page_Down"), ("f24", "F24"), ("num7", "KP_7"),
            ("volumemute", "XF86AudioMute"), ("a", "a"), ("A", "A"), ("!", "exclam"), ("\n", "Return"),
            (" ", "space"), ("\\", "backslash"),
        ])
    func resolves(name: String, keysym: String) throws {
        #expect(try Key(name).keysymName == keysym)
    }

    @Test("aliases that models write are accepted and canonicalised")
    func aliases() throws {
        #expect(try Key("Control").name == "ctrl")
        #expect(try Key("ArrowLeft").name == "left")
        #expect(try Key("cmd").name == "command")
        #expect(try Key("page_down").keysymName == "Page_Down")
    }

    @Test("an unknown name is refused with the name and the closest valid names")
    func unknownName() {
        #expect {
            _ = try Key("entr")
        } throws: { error in
            let error = error as? KeyNameError
            return error?.name == "entr" && error?.suggestions.first == "enter"
                && error?.description == "unknown key name 'entr'; did you mean 'enter', 'end'?"
        }
        #expect {
            _ = try Key("pagedwn")
        } throws: { error in
            (error as? KeyNameError)?.suggestions.contains("pagedown") == true
        }
        #expect {
            _ = try Key("é")
        } throws: { error in
            "\(error)".contains("'é'")
        }
        #expect {
            _ = try Key("zzzzzzzzzzzz")
        } throws: { error in
            (error as? KeyNameError)?.suggestions.isEmpty == true
        }
    }

    @Test("every pyautogui key name is present, with a keysym; single letters keep their case")
    func table() throws {
        let names = Key.allNames
        #expect(names.count >= 190)
        for required in ["accept", "browserback", "capslock", "hanja", "launchmediaselect", "prtscr", "yen", "optionright"] {
            #expect(names.contains(required), "missing \(required)")
        }
        #expect(try Key("shift").isModifier && !Key("a").isModifier)
        #expect(try Key("Z").keysymName == "Z" && Key("z").keysymName == "z")
    }
}

@Suite("Edit distance")
struct EditDistanceTests {
    @Test(
        "insertions, deletions, substitutions and neighbour swaps count one each",
        arguments: [
            ("enter", "entr", 1), ("comand", "command", 1), ("comamnd", "command", 1), ("", "abc", 3),
            ("kitten", "sitting", 3), ("中文", "中文", 0), ("é", "e", 1),
            ("abcdef", "badcfe", 3), ("ca", "abc", 3), ("pointer", "printer", 1), ("typewrite", "tpyewirte", 2),
        ])
    func distances(a: String, b: String, expected: Int) {
        #expect(a.editDistance(to: b) == expected)
        #expect(b.editDistance(to: a) == expected)
    }
}

@Suite("Names from input in messages")
struct NameExcerptTests {
    @Test("a name of 64 code points is suggestible and quoted whole; one more is neither")
    func edge() {
        let edge = String(repeating: "é", count: String.longestSuggestibleName)
        #expect(edge.isSuggestible)
        #expect(edge.excerpt == edge)
        let over = edge + "x"
        #expect(!over.isSuggestible)
        #expect(over.excerpt == String(repeating: "é", count: String.excerptLength) + "… (65 characters)")
    }

    @Test("a name of 16 MB is cut to a short excerpt that names its length")
    func huge() {
        let name = String(repeating: "a", count: 16 << 20)
        #expect(name.excerpt.count < 100)
        #expect(name.excerpt.hasSuffix("… (16777216 characters)"))
    }
}
