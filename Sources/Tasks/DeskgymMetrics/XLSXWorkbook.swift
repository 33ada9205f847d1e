import Foundation
import ZIPFoundation

/// The parts of an .xlsx workbook that OSWorld's `compare_table` looks at: sheet names in order,
/// and per sheet its cells (value as stored, formula or not, style), merged ranges and view.
package struct XLSXWorkbook: Sendable {
    /// One cell as the sheet XML stores it.
    struct Cell: Sendable, Hashable {
        /// The `t` attribute: nil or "n" number, "s" shared string, "str" formula string,
        /// "inlineStr", "b" boolean, "e" error, "d" ISO date.
        var type: String?
        /// The `<v>` text (for "s", already replaced by the shared string).
        var value: String?
        /// An inline string's text.
        var inlineText: String?
        /// Whether the cell has a formula.
        var hasFormula: Bool
        /// The cell's index into the sheet's `styles` (its `s` attribute, 0 when absent).
        var styleIndex: Int
    }

    /// One worksheet.
    struct Sheet: Sendable {
        var name: String
        var cells: [CellAddress: Cell]
        /// The workbook's cell styles (`cellXfs`), which `Cell.styleIndex` points into.
        var styles: [XLSXStyle]
        var merged: [CellRange]
        /// `sheetView`'s zoomScale, if set.
        var zoomScale: Double?
        /// The `pane` of the first sheet view, if any: state, xSplit, ySplit, topLeftCell.
        var pane: Pane?
    }

    /// A sheet view's pane (frozen or split rows and columns).
    struct Pane: Sendable, Hashable {
        var state: String?
        var xSplit: Double?
        var ySplit: Double?
        var topLeftCell: String?
    }

    var sheets: [Sheet]

    var sheetNames: [String] { sheets.map(\.name) }

    func sheet(named name: String) -> Sheet? {
        sheets.first { $0.name.pythonEquals(name) }
    }
}

extension XLSXWorkbook {
    /// Reads an .xlsx file.
    package static func load(_ url: URL) throws(WorkbookProblem) -> XLSXWorkbook {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw WorkbookProblem(url: url, message: "is not a readable xlsx (zip) file")
        }
        func part(_ path: String) throws(WorkbookProblem) -> XMLTreeNode? {
            try archive.xmlPart(path) { WorkbookProblem(url: url, message: $0) }
        }

        guard let workbook = try part("xl/workbook.xml") else {
            throw WorkbookProblem(url: url, message: "has no xl/workbook.xml: not an xlsx workbook")
        }
        let sharedStrings = (try part("xl/sharedStrings.xml"))?.children("si").map(Self.stringItemText) ?? []
        let styles = (try part("xl/styles.xml")).map(XLSXStyle.cellStyles) ?? []
        var targets: [String: String] = [:]
        for relation in (try part("xl/_rels/workbook.xml.rels"))?.children("Relationship") ?? [] {
            if let id = relation.attributes["Id"], let target = relation.attributes["Target"] {
                targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }

        var sheets: [Sheet] = []
        for entry in workbook.child("sheets")?.children("sheet") ?? [] {
            let name = entry.attributes["name"] ?? ""
            let path =
                entry.attributes["id"].flatMap { targets[$0] }
                ?? "xl/worksheets/sheet\(entry.attributes["sheetId"] ?? "").xml"
            guard let xml = try part(Self.normalize(path)) else {
                throw WorkbookProblem(url: url, message: "names a sheet '\(name)' whose part \(path) is missing")
            }
            sheets.append(Self.sheet(name: name, xml: xml, sharedStrings: sharedStrings, styles: styles))
        }
        return XLSXWorkbook(sheets: sheets)
    }

    /// A shared or inline string item's text: its `<t>` or its runs' `<t>`s (phonetic runs left out).
    static func stringItemText(_ item: XMLTreeNode) -> String {
        if let plain = item.child("t") { return plain.text + item.children("r").map { $0.child("t")?.text ?? "" }.joined() }
        return item.children("r").map { $0.child("t")?.text ?? "" }.joined()
    }

    /// "xl/worksheets/../x.xml" → "xl/x.xml".
    private static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    private static func sheet(name: String, xml: XMLTreeNode, sharedStrings: [String], styles: [XLSXStyle]) -> Sheet {
        var cells: [CellAddress: Cell] = [:]
        let rows = xml.child("sheetData")?.children("row") ?? []
        cells.reserveCapacity(rows.reduce(0) { $0 + $1.children.count })
        var rowNumber = 0
        for row in rows {
            rowNumber = row.attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
            var columnNumber = 0
            for element in row.children("c") {
                let address =
                    element.attributes["r"].flatMap(CellAddress.init)
                    ?? CellAddress(row: rowNumber, column: columnNumber + 1)
                columnNumber = address.column
                let type = element.attributes["t"]
                var value = element.child("v")?.text
                if type == "s", let text = value {
                    let index = Int(text) ?? Int(text.pythonStrip())
                    value = index.flatMap { sharedStrings.indices.contains($0) ? sharedStrings[$0] : nil }
                }
                cells[address] = Cell(
                    type: type, value: value,
                    inlineText: type == "inlineStr" ? element.child("is").map(stringItemText) : nil,
                    hasFormula: element.child("f") != nil,
                    styleIndex: element.attributes["s"].flatMap { Int($0) } ?? 0)
            }
        }
        let merged = (xml.child("mergeCells")?.children("mergeCell") ?? []).compactMap { $0.attributes["ref"].flatMap(CellRange.init) }
        let view = xml.child("sheetViews")?.child("sheetView")
        let pane = view?.child("pane").map {
            Pane(
                state: $0.attributes["state"], xSplit: $0.attributes["xSplit"].flatMap(Double.init),
                ySplit: $0.attributes["ySplit"].flatMap(Double.init), topLeftCell: $0.attributes["topLeftCell"])
        }
        return Sheet(
            name: name, cells: cells, styles: styles, merged: merged,
            zoomScale: view?.attributes["zoomScale"].flatMap(Double.init), pane: pane)
    }
}
