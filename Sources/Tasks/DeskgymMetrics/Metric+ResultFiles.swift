import DeskgymCore
import Foundation
import ZIPFoundation

/// The metrics that compare a produced file with a gold one as a whole (OSWorld's `vscode.py`).
extension Metric {
    /// The most members of a zip `compare_zip_files` reads.
    static let zipMemberLimit = 10_000
    /// The most bytes one zip member may unpack to (a zip bomb scores 0, not the machine's memory).
    static let zipMemberByteLimit: UInt64 = 256 << 20

    /// `compare_result_files`: both files stripped. When the expected text reads as a Python
    /// `float`, the result passes if it contains the expected text or, read as a number itself,
    /// is within 1e-4 of it; otherwise the two texts must be equal. Either file missing scores 0.
    public static func compareResultFiles(result: URL?, expected: URL?) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let mine: String, gold: String
        do {
            mine = try TextFile.readBounded(result).pythonStrip()
            gold = try TextFile.readBounded(expected).pythonStrip()
        } catch {
            return .fail("\(error)")
        }
        guard let goldNumber = gold.pythonFloat else {
            return .check(
                mine.pythonEquals(gold),
                else: "\(result.lastPathComponent) holds \(mine.pythonRepr.clipped), expected \(gold.pythonRepr.clipped)")
        }
        // The result may say more than the number ("The answer is 42"): containing it is enough.
        if mine.pythonContains(gold) { return .pass }
        guard let number = mine.pythonFloat else {
            return .fail("\(result.lastPathComponent) holds \(mine.pythonRepr.clipped), which neither contains nor is the number \(gold)")
        }
        return .check(abs(number - goldNumber) < 1e-4, else: "\(result.lastPathComponent) holds \(number), expected \(goldNumber)")
    }

    /// `compare_zip_files`: both zips have the same set of member names, and each member's bytes
    /// are equal — except members named `*.pdf` (any case), whose extracted texts need a difflib
    /// similarity ratio of at least 0.95.
    ///
    /// OSWorld extracts PDF text with PyPDF2; Deskgym with `pdftotext` (see `comparePDFs`), so a
    /// PDF pair near the threshold may land on the other side of it. An unreadable zip scores 0.
    ///
    /// - Throws: `MetricError` `.unsupported` when a PDF must be compared and `pdftotext` is missing.
    public static func compareZipFiles(result: URL?, expected: URL?) throws(MetricError) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let mine: [String: Data], gold: [String: Data]
        do {
            mine = try zipMembers(result)
            gold = try zipMembers(expected)
        } catch {
            return .fail("\(error)")
        }
        guard Set(mine.keys) == Set(gold.keys) else {
            let missing = Set(gold.keys).subtracting(mine.keys).sorted(), extra = Set(mine.keys).subtracting(gold.keys).sorted()
            return .fail(
                "\(result.lastPathComponent) has other members than \(expected.lastPathComponent): missing "
                    + "\(missing.joined(separator: ", ").clipped); unexpected \(extra.joined(separator: ", ").clipped)")
        }
        for name in mine.keys.sorted() {
            let left = mine[name]!, right = gold[name]!
            guard name.lowercased().hasSuffix(".pdf") else {
                if left != right { return .fail("member \(name) of \(result.lastPathComponent) differs from the expected one") }
                continue
            }
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-zip-pdf-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            do {
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                let leftURL = scratch.appendingPathComponent("result.pdf"), rightURL = scratch.appendingPathComponent("expected.pdf")
                try left.write(to: leftURL)
                try right.write(to: rightURL)
                let ratio = SequenceMatcher(Array(try pdfText(leftURL).unicodeScalars), Array(try pdfText(rightURL).unicodeScalars)).ratio()
                if ratio < 0.95 { return .fail("member \(name): text similarity \(ratio) is below 0.95") }
            } catch let problem as ExternalToolProblem {
                throw MetricError(.unsupported, metric: "compare_zip_files", "\(problem)")
            } catch {
                return .fail("member \(name) of \(result.lastPathComponent): \(error)")
            }
        }
        return .pass
    }

    /// Every member of a zip by name (Python's `namelist()`: folders too, with empty contents).
    static func zipMembers(_ url: URL) throws(ArchiveProblem) -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ArchiveProblem(url: url, message: "does not exist")
        }
        guard !isDirectory.boolValue else { throw ArchiveProblem(url: url, message: "is a directory") }
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw ArchiveProblem(url: url, message: "is not a readable zip file")
        }
        var members: [String: Data] = [:]
        for (index, entry) in archive.enumerated() {
            guard index < zipMemberLimit else { throw ArchiveProblem(url: url, message: "has more than \(zipMemberLimit) members") }
            guard entry.type != .directory else {
                members[entry.path] = Data()
                continue
            }
            guard entry.uncompressedSize <= zipMemberByteLimit else {
                throw ArchiveProblem(url: url, message: "has a member \(entry.path) of \(entry.uncompressedSize) bytes, over the limit")
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    data.append(chunk)
                    // The header's size may lie; the bytes actually unpacked are what count.
                    if UInt64(data.count) > zipMemberByteLimit {
                        throw ArchiveProblem(url: url, message: "has a member \(entry.path) over the limit")
                    }
                }
            } catch {
                throw ArchiveProblem(url: url, message: "has a member \(entry.path) that cannot be unpacked (\(error))")
            }
            members[entry.path] = data
        }
        return members
    }
}
