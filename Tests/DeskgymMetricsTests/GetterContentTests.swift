import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `content_from_vm_file`'s reading of an .xlsx (OSWorld: `pd.read_excel(path).iloc[-1].astype(str)`)
/// on a workbook LibreOffice writes from a flat ODF spreadsheet made here. The expected row is what
/// pandas 2.2.3 (OSWorld's pin) gives for the same file.
@Suite("content_from_vm_file: the last row as pandas gives it", .serialized, .timeLimit(.minutes(2)))
struct GetterContentTests {
    @Test("each column's type decides the text: int64, float64, date, object, a missing value")
    func lastRow() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = [
            ["Name", "Count", "Score", "Flag", "When", "Mixed", "Gap"],
            ["Ada", "3", "2.5", "true", "date:2024-01-15", "text", "7"],
            ["Yann LeCun", "250000", "4", "false", "date:2025-06-30T12:30:00", "12", ""],
        ]
        let files = try LibreOfficeFixture.convert(
            ["book": LibreOfficeFixture.spreadsheet(rows), "header": LibreOfficeFixture.spreadsheet([rows[0]])],
            extension: "fods", to: "xlsx", in: folder)
        let book = try #require(files["book"])
        // LibreOffice stores the booleans as numbers with a boolean format: pandas reads 0 and 1.
        #expect(
            try XLSXWorkbook.load(book).pandasLastRow(url: book) == [
                "Yann LeCun", "250000", "4.0", "0", "2025-06-30 12:30:00", "12", "nan",
            ])
        let header = try #require(files["header"])
        do {
            _ = try XLSXWorkbook.load(header).pandasLastRow(url: header)
            Issue.record("a sheet with only a header gave a last row")
        } catch {
            #expect(error.description.contains("has no row below the header in sheet 'People'"))
        }
    }

    @Test("Excel serial dates as openpyxl converts them")
    func serialDates() {
        #expect(ExcelDateTime(serial: 45306)?.pythonString == "2024-01-15 00:00:00")
        #expect(ExcelDateTime(serial: 45838.5208333333)?.pythonString == "2025-06-30 12:30:00")
        #expect(ExcelDateTime(serial: 61)?.pythonString == "1900-03-01 00:00:00")
        // Serial 60 is Excel's 29 February 1900, which never was: openpyxl gives the 28th, as for 59.
        #expect(ExcelDateTime(serial: 60)?.pythonString == "1900-02-28 00:00:00")
        #expect(ExcelDateTime(serial: 59)?.pythonString == "1900-02-28 00:00:00")
        // Below 60 the 1900 leap-year bug shifts by a day; 0.5 s is kept as microseconds.
        #expect(ExcelDateTime(serial: 1.5 + 0.5 / 86_400)?.pythonString == "1900-01-01 12:00:00.500000")
    }
}
