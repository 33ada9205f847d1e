import DeskgymCore
import Foundation
import GRDB

/// `run_sqlite3`, OSWorld's check of a database file.
extension Metric {
    /// `run_sqlite3`: runs `rules.sql` on the result database and scores the first column of the
    /// first row as Python's `float(value or 0)`: NULL, 0 and the empty string score 0, numbers score
    /// themselves, text is parsed as Python's `float` parses it.
    ///
    /// Where OSWorld would raise — no file, a file that is not a database, an SQL error, a query that
    /// returns no row, text that is not a number — the score is 0 with the reason. The database is
    /// opened read-only (OSWorld's `sqlite3.connect` would create a missing file and could write), so
    /// the fetched copy is never changed. A value outside 0…1 is clamped to it, and the reason gives
    /// the value.
    public static func runSQLite3(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let sqlValue = try rules.required("sql", metric: "run_sqlite3")
        guard let sql = sqlValue.stringValue else {
            throw MetricError(.malformedOptions, metric: "run_sqlite3", "rules.sql must be a string, not \(sqlValue.typeName)")
        }
        guard let result else { return .fail("no result file") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: result.path, isDirectory: &isDirectory) else {
            return .fail("\(result.path) does not exist")
        }
        guard !isDirectory.boolValue else { return .fail("\(result.path) is a directory") }

        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "run_sqlite3"
        let value: DatabaseValue?
        do {
            let database = try DatabaseQueue(path: result.path, configuration: configuration)
            value = try database.read { db -> DatabaseValue? in
                guard let row = try Row.fetchOne(db, sql: sql) else { return nil }
                return row[0] as DatabaseValue
            }
        } catch let error as DatabaseError {
            return .fail("\(result.lastPathComponent): SQLite error \(error.resultCode.rawValue): \(error.message ?? "\(error)")")
        } catch {
            return .fail("\(result.lastPathComponent): \(error)")
        }
        guard let value else { return .fail("the query returned no row") }
        let number: Double
        switch value.storage {
        case .null: number = 0
        case .int64(let integer): number = Double(integer)
        case .double(let double): number = double
        case .string(let text):
            guard text.isEmpty || text.pythonFloat != nil else {
                return .fail("the query returned \(text.pythonRepr.clipped), which is not a number")
            }
            number = text.isEmpty ? 0 : text.pythonFloat!
        case .blob(let data):
            let text = String(decoding: data, as: UTF8.self)
            guard data.isEmpty || text.pythonFloat != nil else { return .fail("the query returned a blob that is not a number") }
            number = data.isEmpty ? 0 : text.pythonFloat!
        }
        guard !number.isNaN else { return .fail("the query returned NaN") }
        if number == 1 { return .pass }
        let score = Swift.min(Swift.max(number, 0), 1)
        return MetricOutcome(
            score: score, reason: score == number ? "the query returned \(number)" : "the query returned \(number), clamped to \(score)")
    }
}
