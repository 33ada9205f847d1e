import DeskgymCore
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// OSWorld's `basic_os.py` metrics and the desktop checks (`check_left_panel`,
/// `is_shortcut_on_desktop`, `check_pdf_pages`), with the values of OSWorld's os tasks, checked
/// against OSWorld's functions where desktop-env is installed.
@Suite("Basic OS and desktop metrics")
struct MetricBasicOSTests {
    func score(_ name: String, _ result: MetricInput, _ expected: MetricInput = .none) throws -> MetricOutcome {
        try Metric.evaluate(name: name, result: result, expected: expected)
    }

    func agree(_ outcome: MetricOutcome, _ osworld: Double?, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.score == expected, "\(outcome)", sourceLocation: sourceLocation)
        if let osworld { #expect(osworld == expected, "OSWorld scores \(osworld)", sourceLocation: sourceLocation) }
    }

    static let timedatectl = """
                       Local time: Thu 2024-01-25 12:56:06 UTC
                   Universal time: Thu 2024-01-25 12:56:06 UTC
                         RTC time: Thu 2024-01-25 12:56:05
                        Time zone: Etc/UTC (UTC, +0000)
        System clock synchronized: yes

        """

    @Test("is_utc_0: the fourth line ends with +0000)")
    func utc() throws {
        let berlin = Self.timedatectl.replacingOccurrences(of: "Etc/UTC (UTC, +0000)", with: "Europe/Berlin (CET, +0100)")
        for (text, wanted) in [(Self.timedatectl, 1.0), (berlin, 0), ("Time zone: UTC (UTC, +0000)\n", 0)] {
            agree(try score("is_utc_0", .text(text)), try OSWorldPython.score("basic_os", "is_utc_0", [.string(text)]), wanted)
        }
        #expect(try score("is_utc_0", .text("one line")).reason?.contains("1 line(s)") == true)
    }

    @Test("check_gnome_favorite_apps: gsettings' list literal, the same set and length (os ec4e3f68)")
    func favorites() throws {
        let rules = MetricFixture.json(#"{"expected": ["google-chrome.desktop", "thunderbird.desktop"]}"#)
        let cases: [(String, Double)] = [
            ("['thunderbird.desktop', 'google-chrome.desktop']\n", 1),
            ("['google-chrome.desktop', 'thunderbird.desktop', 'vim.desktop']\n", 0),
            ("['google-chrome.desktop', 'google-chrome.desktop']\n", 0),
            ("[\"google-chrome.desktop\", 'thunderbird.desktop',]", 1),
            ("@as []\n", 0),
        ]
        for (output, wanted) in cases {
            agree(
                try score("check_gnome_favorite_apps", .text(output), .json(rules)),
                try OSWorldPython.score("basic_os", "check_gnome_favorite_apps", [.string(output), rules]), wanted)
        }
        #expect(try PythonLiteral.stringList(#"('a\'b', "c\x41")"#) == ["a'b", "cA"])
        #expect(throws: PythonLiteral.Problem.self) { try PythonLiteral.stringList("['a'] + ['b']") }
        #expect(throws: PythonLiteral.Problem.self) { try PythonLiteral.stringList("['a', __import__('os')]") }
    }

    @Test("check_moved_jpgs: the folder's entries are the expected names (os 23393935)")
    func movedJPGs() throws {
        let rules = MetricFixture.json(#"{"expected": ["emnlp2023.jpg", "hk_group_photo.jpg"]}"#)
        func tree(_ names: [String]) -> JSONValue {
            .object([
                "type": .string("directory"), "name": .string("cpjpg"),
                "children": .array(names.map { .object(["type": .string("file"), "name": .string($0)]) }),
            ])
        }
        for (names, wanted) in [(["hk_group_photo.jpg", "emnlp2023.jpg"], 1.0), (["emnlp2023.jpg"], 0), (["a.jpg", "b.jpg"], 0)] {
            agree(
                try score("check_moved_jpgs", .json(tree(names)), .json(rules)),
                try OSWorldPython.score("basic_os", "check_moved_jpgs", [tree(names), rules]), wanted)
        }
        // The folder is missing: list_directory gives null.
        #expect(try score("check_moved_jpgs", .json(.null), .json(rules)).score == 0)
    }

    @Test("is_in_vm_clickboard: the rules are the result, the clipboard the expected value (multi_apps 716a6079)")
    func clipboard() throws {
        let rules = MetricFixture.json(#"{"expected": "/home/user/Data3/List3/secret.docx"}"#)
        let list = MetricFixture.json(#"{"expected": ["List3", "secret.docx"]}"#)
        let cases: [(JSONValue, String, Double)] = [
            (rules, "/home/user/Data3/List3/secret.docx", 1), (rules, "/home/user/Data3/List2/secret.docx", 0),
            (list, "/home/user/Data3/List3/secret.docx\n", 1), (list, "secret.docx", 0),
        ]
        for (rule, clipboard, wanted) in cases {
            agree(
                try score("is_in_vm_clickboard", .json(rule), .text(clipboard)),
                try OSWorldPython.score("basic_os", "is_in_vm_clickboard", [rule, .string(clipboard)]), wanted)
        }
        #expect(try score("is_in_vm_clickboard", .json(rules), .none).score == 0)
    }

    @Test("check_left_panel: a document-frame named Slides View; malformed and deep trees score 0")
    func leftPanel() throws {
        let open = """
            <desktop-frame xmlns:st="uri:deskat:state.at-spi.gnome.org" name="main">\
            <frame name="Untitled 1 - LibreOffice Impress"><panel><document-frame name="Slides View" st:focusable="true"/>\
            </panel></frame></desktop-frame>
            """
        let closed = open.replacingOccurrences(of: "Slides View", with: "Outline View")
        for (tree, wanted) in [(open, 1.0), (closed, 0), ("<desktop-frame><frame>", 0)] {
            agree(
                try score("check_left_panel", .text(tree)), try OSWorldPython.score("slides", "check_left_panel", [.string(tree)]), wanted)
        }
        let deep = String(repeating: "<panel>", count: 3_000) + String(repeating: "</panel>", count: 3_000)
        let outcome = try score("check_left_panel", .text(deep))
        #expect(outcome.score == 0 && outcome.reason?.contains("nests deeper") == true, "\(outcome)")
        #expect(try score("check_left_panel", .none).score == 0)
    }

    @Test("is_shortcut_on_desktop: a Name= or Exec= line in one of the desktop's .desktop files (chrome 35253b65)")
    func shortcut() throws {
        let shortcuts: JSONValue = .object([
            "chrome-game.desktop": .string(
                "[Desktop Entry]\nVersion=1.0\nName=Play Puzzle Game 2048\nExec=/opt/google/chrome/chrome --app=x\n")
        ])
        let byName = MetricFixture.json(#"{"type": "name", "name": "Play Puzzle Game 2048"}"#)
        let otherName = MetricFixture.json(#"{"type": "name", "name": "Play Puzzle Game"}"#)
        let byExec = MetricFixture.json(#"{"type": "exec", "exec": "/opt/google/chrome/chrome --app=x"}"#)
        for (rules, wanted) in [(byName, 1.0), (otherName, 0), (byExec, 1)] {
            agree(
                try score("is_shortcut_on_desktop", .json(shortcuts), .json(rules)),
                try OSWorldPython.score("chrome", "is_shortcut_on_desktop", [shortcuts, rules]), wanted)
        }
        #expect(try score("is_shortcut_on_desktop", .json(.object([:])), .json(byName)).score == 0)
        #expect(throws: MetricError.self) {
            try score("is_shortcut_on_desktop", .json(shortcuts), MetricFixture.rules(#"{"type": "url", "url": "x"}"#))
        }
    }

    @Test("check_pdf_pages: pdfinfo's page count against the relation (libreoffice_calc aa3a8974: eq 1)")
    func pdfPages() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let onePage = MetricFixture.bytes("one.pdf", Array(Self.pdf(pages: 1).utf8), in: folder)
        let twoPages = MetricFixture.bytes("two.pdf", Array(Self.pdf(pages: 2).utf8), in: folder)
        let eq1 = MetricFixture.rules(#"{"relation": "eq", "ref_value": 1}"#)
        #expect(try score("check_pdf_pages", .file(onePage), eq1) == .pass)
        #expect(try score("check_pdf_pages", .file(twoPages), eq1) == .fail("two.pdf has 2 page(s), not eq 1"))
        #expect(try score("check_pdf_pages", .file(twoPages), MetricFixture.rules(#"{"relation": "ge", "ref_value": 2}"#)) == .pass)
        // OSWorld's function needs pypdf (see OSWorldPython).
        for (file, wanted) in [(onePage, 1.0), (twoPages, 0)] {
            if let osworld = try OSWorldPython.score(
                "pdf", "check_pdf_pages", [.string(file.path), MetricFixture.json(#"{"relation": "eq", "ref_value": 1}"#)],
                requiring: ["pypdf"])
            {
                #expect(osworld == wanted, "\(file.lastPathComponent): OSWorld scores \(osworld)")
            }
        }
        let garbage = MetricFixture.file("garbage.pdf", "not a pdf", in: folder)
        let outcome = try score("check_pdf_pages", .file(garbage), eq1)
        #expect(outcome.score == 0 && outcome.reason?.contains("garbage.pdf") == true, "\(outcome)")
        #expect(throws: MetricError.self) {
            try score("check_pdf_pages", .file(onePage), MetricFixture.rules(#"{"relation": "is", "ref_value": 1}"#))
        }
    }

    /// A minimal PDF of `pages` pages, each showing `text` in Helvetica (none when empty), its
    /// cross-reference table at the right offsets.
    static func pdf(pages: Int, text: String = "") -> String {
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
        let kids = (0..<pages).map { "\($0 + 5) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        let stream = text.isEmpty ? "" : "BT /F1 24 Tf 72 700 Td (\(text)) Tj ET"
        objects.append("<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream")
        for _ in 0..<pages {
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
        }
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let start = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(format: "%010d 00000 n \n", offset) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(start)\n%%EOF\n"
        return out
    }
}
