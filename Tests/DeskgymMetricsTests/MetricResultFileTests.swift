import DeskgymCore
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `compare_result_files`, `compare_zip_files`, `compare_htmls` and the Word paragraph metrics
/// (`fuzzy_place_math`, `compare_references`, `compare_unique_train_records`) on files written
/// here, checked against OSWorld's functions where desktop-env and their imports are installed
/// (BeautifulSoup, python-docx and rapidfuzz are not, for /usr/bin/python3: those cases assert
/// values worked out from OSWorld's code, noted at each).
@Suite("Result-file, zip, HTML and Word paragraph metrics")
struct MetricResultFileTests {
    func agree(_ outcome: MetricOutcome, _ osworld: Double?, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.score == expected, "\(outcome)", sourceLocation: sourceLocation)
        if let osworld { #expect(osworld == expected, "OSWorld scores \(osworld)", sourceLocation: sourceLocation) }
    }

    func score(_ name: String, _ result: MetricInput, _ expected: MetricInput, options: [String: JSONValue] = [:]) throws -> MetricOutcome {
        try Metric.evaluate(name: name, result: result, expected: expected, options: options)
    }

    @Test("compare_result_files: numbers within 1e-4 or contained; other text equal once stripped (multi_apps 7f35355e)")
    func resultFiles() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gold = MetricFixture.file("result_gold.txt", "42.5\n", in: folder)
        let word = MetricFixture.file("word_gold.txt", "Paris", in: folder)
        let cases: [(String, URL, Double)] = [
            ("42.50001", gold, 1), ("The answer is 42.5.", gold, 1), ("42.6", gold, 0), ("forty-two", gold, 0),
            ("  Paris \n", word, 1), ("paris", word, 0),
        ]
        for (text, expected, wanted) in cases {
            let file = MetricFixture.file("result-\(UUID().uuidString).txt", text, in: folder)
            agree(
                try score("compare_result_files", .file(file), .file(expected)),
                try OSWorldPython.score("vscode", "compare_result_files", [.string(file.path), .string(expected.path)]), wanted)
        }
        #expect(try score("compare_result_files", .none, .file(gold)).score == 0)
        let missing = try score("compare_result_files", .file(folder.appendingPathComponent("result.txt")), .file(gold))
        #expect(missing.score == 0 && missing.reason?.contains("result.txt") == true)
    }

    @Test("compare_zip_files: the same member names and bytes; PDF members by their text (multi_apps 8df7e444)")
    func zipFiles() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func zip(_ name: String, _ entries: [(String, String)]) -> URL {
            MetricFixture.bytes(name, StoredZip.archive(entries.map { ($0.0, Array($0.1.utf8)) }), in: folder)
        }
        let gold = zip("gold.zip", [("essay/", ""), ("essay/a.txt", "alpha"), ("essay/b.txt", "beta")])
        let same = zip("same.zip", [("essay/b.txt", "beta"), ("essay/a.txt", "alpha"), ("essay/", "")])
        let changed = zip("changed.zip", [("essay/", ""), ("essay/a.txt", "alpha"), ("essay/b.txt", "BETA")])
        let fewer = zip("fewer.zip", [("essay/", ""), ("essay/a.txt", "alpha")])
        let broken = MetricFixture.file("broken.zip", "PK not really", in: folder)
        for (file, wanted) in [(same, 1.0), (changed, 0), (fewer, 0), (broken, 0)] {
            agree(
                try score("compare_zip_files", .file(file), .file(gold)),
                try OSWorldPython.score("vscode", "compare_zip_files", [.string(file.path), .string(gold.path)]), wanted)
        }
        #expect(try score("compare_zip_files", .file(broken), .file(gold)).reason?.contains("broken.zip") == true)
        // PDF members compare by text: the same words in a differently written file pass.
        let pdfGold = zip("pdf-gold.zip", [("essay.pdf", MetricBasicOSTests.pdf(pages: 1, text: "Recruitment and retention"))])
        let pdfTwice = zip("pdf-same.zip", [("essay.pdf", MetricBasicOSTests.pdf(pages: 2, text: "Recruitment and retention") + "\n")])
        let pdfOther = zip("pdf-other.zip", [("essay.pdf", MetricBasicOSTests.pdf(pages: 1, text: "Something else entirely"))])
        #expect(try score("compare_zip_files", .file(pdfGold), .file(pdfGold)) == .pass)
        #expect(try score("compare_zip_files", .file(pdfOther), .file(pdfGold)).score == 0)
        // Two pages of the same words are not the same text as one page of them.
        #expect(try score("compare_zip_files", .file(pdfTwice), .file(pdfGold)).score == 0)
    }

    @Test("compare_htmls: node by node, names, stripped text, attributes; ignore_sdnum (multi_apps e135df7c)")
    func htmls() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A Calc export to HTML, as the task's gold file is.
        let gold = """
            <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
            <html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"/><title></title>
            <style type="text/css">body { font-family:"Liberation Sans" }</style></head>
            <body><table cellspacing="0" border="0">
            <tr><td height="17" align="left">Year</td><td align="right" sdval="2021" sdnum="1033;">2021</td>
            <tr><td class="a b">Total&nbsp;income</td><td align="right">757,504</td>
            </table></body></html>
            """
        func html(_ name: String, _ text: String) -> URL { MetricFixture.file(name, text, in: folder) }
        let goldFile = html("gold.html", gold)
        let sdnum = html("sdnum.html", gold.replacingOccurrences(of: #"sdnum="1033;""#, with: #"sdnum="1033;0;@""#))
        let text = html("text.html", gold.replacingOccurrences(of: "757,504", with: "757,505"))
        let attribute = html("attribute.html", gold.replacingOccurrences(of: #"align="left""#, with: #"align="center""#))
        let classes = html("classes.html", gold.replacingOccurrences(of: #"class="a b""#, with: #"class=" a   b ""#))
        let ignore: [String: JSONValue] = ["ignore_sdnum": .bool(true)]
        // bs4 splits `class` into words, so spacing does not count; ignore_sdnum drops only sdnum
        // from the attribute comparison. OSWorld's function needs bs4 and lxml (see OSWorldPython).
        let cases: [(URL, [String: JSONValue], Double)] = [
            (goldFile, ignore, 1), (sdnum, ignore, 1), (sdnum, [:], 0), (text, ignore, 0), (attribute, ignore, 0), (classes, ignore, 1),
        ]
        for (file, options, wanted) in cases {
            agree(
                try score("compare_htmls", .file(file), .file(goldFile), options: options),
                try OSWorldPython.score(
                    "chrome", "compare_htmls", [.string(file.path), .string(goldFile.path)], options, requiring: ["bs4", "lxml"]),
                wanted)
        }
        // The tree HTMLSoup builds: implied tbody-less rows closed by the next row, entities decoded.
        let soup = try HTMLSoup.parse(gold)
        let tags = soup.nodes.compactMap { node -> String? in if case .tag(let name, _, _) = node { name } else { nil } }
        #expect(tags == ["html", "head", "meta", "title", "style", "body", "table", "tr", "td", "td", "tr", "td", "td"])
        #expect(soup.nodes.contains(.string("Total\u{A0}income")))
        let deep = html("deep.html", String(repeating: "<div>", count: 5_000))
        let outcome = try score("compare_htmls", .file(deep), .file(goldFile))
        #expect(outcome.score == 0 && outcome.reason?.contains("nests deeper") == true, "\(outcome)")
        #expect(try score("compare_htmls", .none, .file(goldFile)).score == 0)
    }

    static func paragraphs(_ texts: [String]) -> String {
        texts.map { "<w:p><w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r></w:p>" }.joined()
    }

    @Test("fuzzy_place_math: three words, each scored by its best fuzz.ratio (multi_apps 7ff48d5b)")
    func fuzzyPlaceMath() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = MetricFixture.rules(#"{"expected": ["深圳市福田区正义街1号", "福田区水围村龙景楼一楼", "深圳市福田区香梅路2002-4号"]}"#)
        let exact = MetricFixture.docx(
            "exact.docx", Self.paragraphs(["深圳市福田区正义街1号", "", "福田区水围村龙景楼一楼", "深圳市福田区香梅路2002-4号"]), in: folder)
        #expect(try score("fuzzy_place_math", .file(exact), rules) == .pass)
        // One address off by a character: fuzz.ratio("深圳市福田区正义街2号", "深圳市福田区正义街1号") = 20/22.
        let close = MetricFixture.docx(
            "close.docx", Self.paragraphs(["深圳市福田区正义街2号", "福田区水围村龙景楼一楼", "深圳市福田区香梅路2002-4号"]), in: folder)
        let outcome = try score("fuzzy_place_math", .file(close), rules)
        #expect(abs(outcome.score - (20.0 / 22 + 2) / 3) < 1e-12, "\(outcome)")
        if case .json(let json) = rules {
            for file in [exact, close] {
                let osworld = try OSWorldPython.score(
                    "general", "fuzzy_place_math", [.string(file.path), json], requiring: ["docx", "rapidfuzz"])
                let mine = try score("fuzzy_place_math", .file(file), rules).score
                if let osworld { #expect(abs(osworld - mine) < 1e-12, "\(file.lastPathComponent): OSWorld \(osworld), Deskgym \(mine)") }
            }
        }
        let two = MetricFixture.docx("two.docx", Self.paragraphs(["深圳市福田区正义街1号 福田区水围村龙景楼一楼"]), in: folder)
        #expect(try score("fuzzy_place_math", .file(two), rules) == .fail("two.docx holds 2 word(s), expected 3: 深圳市福田区正义街1号 福田区水围村龙景楼一楼"))
        let notDocx = MetricFixture.file("notdocx.docx", "plain text", in: folder)
        #expect(try score("fuzzy_place_math", .file(notDocx), rules).score == 0)
    }

    @Test("compare_references: the references after the heading, scaled above reference_base_result (multi_apps 2c1ebcd7)")
    func references() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let options: [String: JSONValue] = ["content_only": .bool(true), "reference_base_result": .number(0.6)]
        let gold = MetricFixture.docx(
            "case study gold.docx", Self.paragraphs(["Case study", "References", "Smith, J. (2020). Title.", "", "Lee, K. (2019). Book."]),
            in: folder)
        let same = MetricFixture.docx(
            "case study.docx", Self.paragraphs(["Case study, edited", "References", "Smith, J. (2020). Title.", "Lee, K. (2019). Book."]),
            in: folder)
        #expect(try score("compare_references", .file(same), .file(gold), options: options) == .pass)
        // One reference differs in one of its 21 characters: its fuzz.ratio is 40/42, the mean
        // (1 + 20/21) / 2, scaled (mean - 0.6) / 0.4.
        let edited = MetricFixture.docx(
            "edited.docx", Self.paragraphs(["References", "Smith, J. (2020). Title.", "Lee, K. (2019). Boot."]), in: folder)
        let outcome = try score("compare_references", .file(edited), .file(gold), options: options)
        #expect(abs(outcome.score - (((1 + 20.0 / 21) / 2 - 0.6) / 0.4)) < 1e-12, "\(outcome)")
        let fewer = MetricFixture.docx("fewer.docx", Self.paragraphs(["References", "Smith, J. (2020). Title."]), in: folder)
        #expect(try score("compare_references", .file(fewer), .file(gold), options: options).score == 0)
        let none = MetricFixture.docx("none.docx", Self.paragraphs(["Bibliography", "Smith"]), in: folder)
        #expect(try score("compare_references", .file(none), .file(gold), options: options).score == 0)
        #expect(try score("compare_references", .file(none), .file(none), options: options) == .pass)
        for (file, expected) in [(same, gold), (edited, gold), (fewer, gold), (none, gold), (none, none)] {
            let mine = try score("compare_references", .file(file), .file(expected), options: options).score
            let osworld = try OSWorldPython.score(
                "docs", "compare_references", [.string(file.path), .string(expected.path)], options, requiring: ["docx", "rapidfuzz"])
            if let osworld { #expect(abs(osworld - mine) < 1e-12, "\(file.lastPathComponent): OSWorld \(osworld), Deskgym \(mine)") }
        }
        let text = MetricFixture.file("refs.txt", "References", in: folder)
        #expect(try score("compare_references", .file(text), .file(gold), options: options).score == 0)
    }

    @Test("compare_unique_train_records: lines from the original, unique ids, the gold ids and line count (libreoffice_writer 6f81754e)")
    func trainRecords() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = "HK train record"
        let a = "2024-01-01, G79, Shenzhen, Beijing", b = "2024-01-02, G80, Beijing, Shenzhen", c = "2024-01-03, G79, Shenzhen, Beijing"
        let original = MetricFixture.docx("HK_train_record_Original.docx", Self.paragraphs([header, a, b, c]), in: folder)
        let gold = MetricFixture.docx("HK_train_record_Gold.docx", Self.paragraphs([header, a, b]), in: folder)
        let expected = MetricInput.files([gold, original])
        let good = MetricFixture.docx("good.docx", Self.paragraphs([header, "", c, b]), in: folder)
        #expect(try score("compare_unique_train_records", .file(good), expected) == .pass)
        let duplicate = MetricFixture.docx("duplicate.docx", Self.paragraphs([a, b, c]), in: folder)
        #expect(try score("compare_unique_train_records", .file(duplicate), expected) == .fail("duplicate.docx has a train id twice"))
        let invented = MetricFixture.docx("invented.docx", Self.paragraphs([header, a, "2024-01-04, G81, X, Y"]), in: folder)
        #expect(try score("compare_unique_train_records", .file(invented), expected).score == 0)
        let short = MetricFixture.docx("short.docx", Self.paragraphs([a, b]), in: folder)
        #expect(try score("compare_unique_train_records", .file(short), expected).score == 0)
        #expect(try score("compare_unique_train_records", .file(good), .file(gold)).score == 0)
        for file in [good, duplicate, invented, short] {
            let mine = try score("compare_unique_train_records", .file(file), expected).score
            let osworld = try OSWorldPython.score(
                "docs", "compare_unique_train_records", [.string(file.path), .array([.string(gold.path), .string(original.path)])],
                requiring: ["docx"])
            if let osworld { #expect(osworld == mine, "\(file.lastPathComponent): OSWorld \(osworld), Deskgym \(mine)") }
        }
    }
}

extension MetricFixture {
    /// A .docx whose body is `body` (WordprocessingML), complete enough for python-docx to open
    /// (it needs `[Content_Types].xml`).
    static func docx(_ name: String, _ body: String, in folder: URL) -> URL {
        let w =
            #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
        let types = """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/word/document.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
            Target="word/document.xml"/></Relationships>
            """
        let entries = [
            ("[Content_Types].xml", types), ("_rels/.rels", rels),
            ("word/document.xml", "<w:document \(w)><w:body>\(body)</w:body></w:document>"),
        ]
        return bytes(name, StoredZip.archive(entries.map { ($0.0, Array($0.1.utf8)) }), in: folder)
    }
}
