import DeskgymCore
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// A zip archive of stored (uncompressed) entries.
enum StoredZip {
    static func archive(_ entries: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        func le16(_ v: Int, _ into: inout [UInt8]) { into += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: UInt32, _ into: inout [UInt8]) { for shift in [0, 8, 16, 24] { into.append(UInt8((v >> UInt32(shift)) & 0xFF)) } }
        for (name, data) in entries {
            let offset = UInt32(out.count), crc = crc32(data), nameBytes = Array(name.utf8)
            le32(0x0403_4B50, &out); le16(20, &out); le16(0, &out); le16(0, &out); le16(0, &out); le16(0x21, &out)
            le32(crc, &out); le32(UInt32(data.count), &out); le32(UInt32(data.count), &out)
            le16(nameBytes.count, &out); le16(0, &out); out += nameBytes; out += data
            le32(0x0201_4B50, &central); le16(20, &central); le16(20, &central); le16(0, &central); le16(0, &central)
            le16(0, &central); le16(0x21, &central); le32(crc, &central); le32(UInt32(data.count), &central)
            le32(UInt32(data.count), &central); le16(nameBytes.count, &central); le16(0, &central); le16(0, &central)
            le16(0, &central); le16(0, &central); le32(0, &central); le32(offset, &central); central += nameBytes
        }
        let centralOffset = UInt32(out.count)
        out += central
        le32(0x0605_4B50, &out); le16(0, &out); le16(0, &out); le16(entries.count, &out); le16(entries.count, &out)
        le32(UInt32(central.count), &out); le32(centralOffset, &out); le16(0, &out)
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// A minimal .xlsx workbook: sheets of cells, shared strings, and a fixed style sheet.
///
/// Styles (`s` index): 0 default (Arial 10, no fill, General); 1 bold white Arial on a solid blue
/// fill; 2 custom date format "YYYY-MM-DD"; 3 built-in date format 14; 4 built-in percent (10);
/// 5 italic with a theme colour; 6 a 6-digit rgb font colour "FF0000".
struct XLSXFixture {
    enum Value {
        case number(String)
        case shared(String)
        case inline(String)
        case bool(Bool)
        case error(String)
        case formula(String, cached: String?)
        case formulaText(String, cached: String)
        case styledEmpty
    }

    struct Cell {
        var ref: String
        var value: Value
        var style: Int = 0
    }

    struct Sheet {
        var name: String
        var cells: [Cell]
        var merged: [String] = []
        var zoom: Int?
        var frozen: (x: Int, y: Int)?
    }

    var sheets: [Sheet]

    /// Cells from rows of values: numbers (Double/Int), strings (shared), Bools, nil for none.
    static func rows(_ rows: [[Any?]]) -> [Cell] {
        var cells: [Cell] = []
        for (r, row) in rows.enumerated() {
            for (c, item) in row.enumerated() {
                let ref = CellAddress(row: r + 1, column: c + 1).description
                switch item {
                case let v as Int: cells.append(Cell(ref: ref, value: .number(String(v))))
                case let v as Double: cells.append(Cell(ref: ref, value: .number(String(v))))
                case let v as String: cells.append(Cell(ref: ref, value: .shared(v)))
                case let v as Bool: cells.append(Cell(ref: ref, value: .bool(v)))
                default: break
                }
            }
        }
        return cells
    }

    func write(to url: URL) {
        var shared: [String] = []
        func sharedIndex(_ text: String) -> Int {
            if let index = shared.firstIndex(of: text) { return index }
            shared.append(text)
            return shared.count - 1
        }
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "\"", with: "&quot;")
        }
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var parts: [(String, [UInt8])] = []
        var sheetEntries = "", rels = "", overrides = ""
        for (index, sheet) in sheets.enumerated() {
            let number = index + 1
            var rows: [Int: [String]] = [:]
            for cell in sheet.cells.sorted(by: { CellAddress($0.ref)! < CellAddress($1.ref)! }) {
                let s = cell.style == 0 ? "" : " s=\"\(cell.style)\""
                let xml: String
                switch cell.value {
                case .number(let v): xml = "<c r=\"\(cell.ref)\"\(s)><v>\(v)</v></c>"
                case .shared(let v): xml = "<c r=\"\(cell.ref)\"\(s) t=\"s\"><v>\(sharedIndex(v))</v></c>"
                case .inline(let v): xml = "<c r=\"\(cell.ref)\"\(s) t=\"inlineStr\"><is><t>\(escape(v))</t></is></c>"
                case .bool(let v): xml = "<c r=\"\(cell.ref)\"\(s) t=\"b\"><v>\(v ? 1 : 0)</v></c>"
                case .error(let v): xml = "<c r=\"\(cell.ref)\"\(s) t=\"e\"><v>\(v)</v></c>"
                case .formula(let f, let cached):
                    xml = "<c r=\"\(cell.ref)\"\(s)><f>\(escape(f))</f>" + (cached.map { "<v>\($0)</v>" } ?? "") + "</c>"
                case .formulaText(let f, let cached):
                    xml = "<c r=\"\(cell.ref)\"\(s) t=\"str\"><f>\(escape(f))</f><v>\(escape(cached))</v></c>"
                case .styledEmpty: xml = "<c r=\"\(cell.ref)\"\(s)/>"
                }
                rows[CellAddress(cell.ref)!.row, default: []].append(xml)
            }
            var view = "<sheetView workbookViewId=\"0\"" + (sheet.zoom.map { " zoomScale=\"\($0)\"" } ?? "") + ">"
            if let frozen = sheet.frozen {
                let top = CellAddress(row: frozen.y + 1, column: frozen.x + 1)
                view +=
                    "<pane xSplit=\"\(frozen.x)\" ySplit=\"\(frozen.y)\" topLeftCell=\"\(top)\" activePane=\"bottomRight\" state=\"frozen\"/>"
            }
            view += "</sheetView>"
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"\(main)\" xmlns:r=\"\(rel)\">"
            xml += "<sheetViews>\(view)</sheetViews><sheetData>"
            for row in rows.keys.sorted() { xml += "<row r=\"\(row)\">" + rows[row]!.joined() + "</row>" }
            xml += "</sheetData>"
            if !sheet.merged.isEmpty {
                xml +=
                    "<mergeCells count=\"\(sheet.merged.count)\">" + sheet.merged.map { "<mergeCell ref=\"\($0)\"/>" }.joined()
                    + "</mergeCells>"
            }
            xml += "</worksheet>"
            parts.append(("xl/worksheets/sheet\(number).xml", Array(xml.utf8)))
            sheetEntries += "<sheet name=\"\(escape(sheet.name))\" sheetId=\"\(number)\" r:id=\"rId\(number)\"/>"
            rels += "<Relationship Id=\"rId\(number)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(number).xml\"/>"
            overrides +=
                "<Override PartName=\"/xl/worksheets/sheet\(number).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        let count = sheets.count
        rels += "<Relationship Id=\"rId\(count + 1)\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/>"
        rels += "<Relationship Id=\"rId\(count + 2)\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let sst =
            header + "<sst xmlns=\"\(main)\" count=\"\(shared.count)\" uniqueCount=\"\(shared.count)\">"
            + shared.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" }.joined() + "</sst>"
        let styles =
            header + """
                <styleSheet xmlns="\(main)"><numFmts count="1"><numFmt numFmtId="164" formatCode="YYYY\\-MM\\-DD"/></numFmts>\
                <fonts count="4"><font><sz val="10"/><name val="Arial"/><family val="2"/></font>\
                <font><b val="true"/><sz val="10"/><color rgb="FFFFFFFF"/><name val="Arial"/><family val="2"/></font>\
                <font><i val="true"/><sz val="12"/><color theme="1"/><name val="Liberation Sans"/></font>\
                <font><sz val="10"/><color rgb="FF0000"/><name val="Arial"/></font></fonts>\
                <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
                <fill><patternFill patternType="solid"><fgColor rgb="FF0000FF"/><bgColor indexed="64"/></patternFill></fill></fills>\
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                <cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                <xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>\
                <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                <xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                <xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
                <xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
                <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
                """
        let workbook = header + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets>\(sheetEntries)</sheets></workbook>"
        let types =
            header + """
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
                \(overrides)</Types>
                """
        let rootRels =
            header + """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """
        let workbookRels =
            header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"
        let all: [(String, [UInt8])] =
            [
                ("[Content_Types].xml", Array(types.utf8)), ("_rels/.rels", Array(rootRels.utf8)),
                ("xl/workbook.xml", Array(workbook.utf8)), ("xl/_rels/workbook.xml.rels", Array(workbookRels.utf8)),
                ("xl/styles.xml", Array(styles.utf8)), ("xl/sharedStrings.xml", Array(sst.utf8)),
            ] + parts
        try! Data(StoredZip.archive(all)).write(to: url)
    }

    /// Writes a workbook of one sheet "Sheet1" with these rows and returns its file.
    static func book(
        _ rows: [[Any?]], name: String = "book.xlsx", sheet: String = "Sheet1", in folder: URL = MetricFixture.directory()
    ) -> URL {
        let url = folder.appendingPathComponent(name)
        XLSXFixture(sheets: [Sheet(name: sheet, cells: Self.rows(rows))]).write(to: url)
        return url
    }
}

@Suite("Metric test support")
struct MetricSupportTests {
    // The fixture writer's archives are real zips: CRC-32 of "123456789" is the standard check value.
    @Test func crcCheckValue() {
        #expect(StoredZip.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    // A written workbook reads back: names, shared strings, numbers, booleans.
    @Test func fixtureWorkbookReadsBack() throws {
        let url = XLSXFixture.book([["name", "n", "ok"], ["a & b", 1.5, true]])
        let book = try XLSXWorkbook.load(url)
        #expect(book.sheetNames == ["Sheet1"])
        let sheet = try #require(book.sheet(named: "Sheet1"))
        #expect(sheet.osworldValue(at: CellAddress("A2")!) == .string("a & b"))
        #expect(sheet.osworldValue(at: CellAddress("B2")!) == .number(1.5))
        // OSWorld's read_cell_value has no branch for t="b": a boolean cell reads as None.
        #expect(sheet.osworldValue(at: CellAddress("C2")!) == nil)
    }
}
