import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `run_sqlite3` (OSWorld's general.py) on databases written by the sqlite3 command-line tool.
@Suite("run_sqlite3")
struct MetricSQLiteTests {
    let folder = MetricFixture.directory()

    /// A database built by `sqlite3 FILE SQL`.
    func database(_ name: String, _ sql: String) throws -> URL {
        let file = folder.appendingPathComponent(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [file.path, sql]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "sqlite3 \(sql)")
        return file
    }

    func run(_ file: URL?, _ sql: String) throws -> MetricOutcome {
        try Metric.evaluate(
            name: "run_sqlite3", result: file.map(MetricInput.file) ?? .none,
            expected: .json(.object(["sql": .string(sql)])))
    }

    // The corpus's Thunderbird task: every message of folder 13 carries attribute 58 = 1.
    static let thunderbirdSQL =
        "SELECT COALESCE((SELECT COUNT(*) FROM messageAttributes WHERE attributeID = 58 AND value = 1 AND messageID IN (SELECT id FROM messages WHERE folderID = 13)), 0) = (SELECT COUNT(*) FROM messages WHERE folderID = 13);"

    @Test("the corpus's query scores 1 when it holds and 0 when one message lacks the attribute")
    func thunderbirdQuery() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = """
            CREATE TABLE messages (id INTEGER PRIMARY KEY, folderID INTEGER);
            CREATE TABLE messageAttributes (attributeID INTEGER, value INTEGER, messageID INTEGER);
            INSERT INTO messages VALUES (1, 13), (2, 13), (3, 4);
            INSERT INTO messageAttributes VALUES (58, 1, 1), (58, 1, 2), (58, 0, 3);
            """
        let done = try database("done.sqlite", schema)
        #expect(try run(done, Self.thunderbirdSQL) == .pass)
        let notDone = try database("not-done.sqlite", schema + "INSERT INTO messages VALUES (4, 13);")
        let outcome = try run(notDone, Self.thunderbirdSQL)
        #expect(outcome.score == 0 && outcome.reason == "the query returned 0.0", "\(outcome)")
    }

    @Test("the first column of the first row as Python's float(value or 0)")
    func values() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try database(
            "v.db", "CREATE TABLE t (n, label); INSERT INTO t VALUES (0.25, 'x'), (NULL, '0.75'), (7, ''), (' 1_0e-1 ', 'abc');")
        #expect(try run(file, "SELECT n FROM t LIMIT 1").score == 0.25)
        #expect(try run(file, "SELECT label FROM t WHERE n IS NULL").score == 0.75)  // text parsed as float
        #expect(try run(file, "SELECT n FROM t WHERE label = '0.75'").score == 0)  // NULL or 0 → 0
        #expect(try run(file, "SELECT label FROM t WHERE n = 7").score == 0)  // '' or 0 → 0
        #expect(try run(file, "SELECT n FROM t WHERE label = 'abc'") == .pass)  // float(' 1_0e-1 ') = 1.0
        let clamped = try run(file, "SELECT n FROM t WHERE n = 7")
        #expect(clamped.score == 1 && clamped.reason?.contains("returned 7.0, clamped to 1.0") == true, "\(clamped)")
        let text = try run(file, "SELECT label FROM t WHERE label = 'abc'")
        #expect(text.score == 0 && text.reason?.contains("'abc', which is not a number") == true, "\(text)")
        #expect(try run(file, "SELECT n FROM t WHERE typeof(n) = 'integer' AND n > 100").reason == "the query returned no row")
    }

    @Test("a missing file, a file that is not a database, and SQL errors score 0 with SQLite's reason; the file is never written")
    func failures() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try database("x.db", "CREATE TABLE t (n); INSERT INTO t VALUES (1);")
        let before = try Data(contentsOf: file)
        let cases: [(URL?, String, String)] = [
            (nil, "SELECT 1", "no result file"),
            (folder.appendingPathComponent("absent.db"), "SELECT 1", "does not exist"),
            (
                MetricFixture.file("notes.txt", String(repeating: "not a database\n", count: 100), in: folder), "SELECT 1",
                "file is not a database"
            ),
            (file, "SELEKT 1", "syntax error"),
            (file, "SELECT n FROM missing", "no such table: missing"),
            (file, "UPDATE t SET n = 0", "readonly"),
        ]
        for (input, sql, reason) in cases {
            let outcome = try run(input, sql)
            #expect(outcome.score == 0)
            #expect(outcome.reason?.contains(reason) == true, "\(outcome) should say \(reason)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("absent.db").path))
        #expect(try Data(contentsOf: file) == before)
        #expect(throws: MetricError.self) {
            try Metric.evaluate(name: "run_sqlite3", result: .file(file), expected: .json(.object(["query": .string("SELECT 1")])))
        }
    }

    @Test(
        "Python's float() for strings",
        arguments: [
            ("1", 1.0), (" 2.5\n", 2.5), ("-0.25", -0.25), ("+.5", 0.5), ("5.", 5.0), ("1e3", 1000.0), ("1E-2", 0.01),
            ("1_000.5", 1000.5), ("1_0e1_0", 1e11), ("Infinity", Double.infinity), ("-inf", -Double.infinity), ("١٢.٥", 12.5),
        ])
    func pythonFloat(text: String, value: Double) {
        #expect(text.pythonFloat == value)
    }

    @Test(
        "strings Python's float() refuses",
        arguments: ["", ".", "e5", "1e", "1e+", "0x10", "1__0", "_1", "1_", "1_.5", "1._5", "1.5.2", "abc", "½", "1 2", "nan1"])
    func notPythonFloat(text: String) {
        #expect(text.pythonFloat == nil)
    }
}
