import Foundation

/// Reads text files the way OSWorld's metrics do with Python's `open(path).read()`: UTF-8, strict,
/// with universal-newline translation ("\r\n" and "\r" become "\n").
enum TextFile {
    /// `open(path).read()`: strict UTF-8 (a byte-order mark stays, as U+FEFF).
    static func read(_ url: URL) throws(TextFileProblem) -> String {
        let data = try bytes(url)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw TextFileProblem(url: url, message: "is not UTF-8 text")
        }
        return text.pythonUniversalNewlines()
    }

    /// OSWorld's `_safe_read_file` (used by `compare_csv` and `sheet_print`): UTF-8, else
    /// Latin-1, which reads any bytes. A byte-order mark stays, as U+FEFF at the start of the
    /// first line: Python tries plain "utf-8" first, which keeps it, so a file saved with a BOM
    /// differs from the same file without one (and, when not UTF-8, it reads as "ï»¿").
    static func readLenient(_ url: URL) throws(TextFileProblem) -> String {
        let data = try bytes(url)
        let text =
            String(validating: data, as: UTF8.self)
            ?? String(String.UnicodeScalarView(data.map { Unicode.Scalar($0) }))
        return text.pythonUniversalNewlines()
    }

    private static func bytes(_ url: URL) throws(TextFileProblem) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TextFileProblem(url: url, message: "does not exist")
        }
        guard !isDirectory.boolValue else { throw TextFileProblem(url: url, message: "is a directory") }
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw TextFileProblem(url: url, message: "cannot be read (\(error.localizedDescription))")
        }
    }
}
