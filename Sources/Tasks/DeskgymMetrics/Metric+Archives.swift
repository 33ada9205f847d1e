import DeskgymCore
import Foundation
import ZIPFoundation

/// The metric on archives.
extension Metric {
    /// The archive formats `compare_archive` unpacks, by name ending, as Python's
    /// `shutil.unpack_archive` tells them apart.
    static let archiveSuffixes: [(suffix: String, isZip: Bool)] = [
        (".zip", true), (".tar", false), (".tar.gz", false), (".tgz", false),
        (".tar.bz2", false), (".tbz2", false), (".tar.xz", false), (".txz", false),
    ]

    /// The metric each `file_type` of `compare_archive` compares members with.
    static let archiveFileTypes = [
        "text": "compare_text_file", "pdf": "compare_pdfs", "docx": "compare_docx_files",
        "ppt": "compare_pptx_files", "image": "compare_images", "csv": "compare_csv",
        "table": "compare_table", "audio": "compare_audios", "video": "compare_videos",
    ]

    /// `compare_archive` (OSWorld's `chrome.py`): unpacks both archives and lists the folder
    /// `file_path` inside each (option, default the top level; names only, not recursive). The two
    /// sorted lists of names must be equal; then each result member is compared with the expected
    /// member of the same name by the metric for `file_type` (default `text`: `compare_text_file`;
    /// `pdf`, `docx`, `ppt`, `image`, `csv`, `table`), which gets the remaining options, and the
    /// score is the mean.
    ///
    /// Archives are recognised by name as `shutil.unpack_archive` does: `.zip` (read here, skipping
    /// members whose names start with "/" or contain "..", as Python does), and `.tar`, `.tar.gz`,
    /// `.tgz`, `.tar.bz2`, `.tbz2`, `.tar.xz`, `.txz` (unpacked by GNU tar). Another kind, an
    /// unreadable archive, or a missing `file_path` folder scores 0 and says why.
    ///
    /// - Throws: `MetricError` for a `file_type` OSWorld does not know, for `audio` and `video`
    ///   (whose metrics Deskgym does not implement), or when `tar` is missing.
    public static func compareArchive(result: URL?, expected: URL?, options: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "compare_archive"
        var inner = options
        let folder: String
        switch inner.removeValue(forKey: "file_path") {
        case nil, .null?: folder = ""
        case .string(let text)?: folder = text
        case let other?: throw MetricError(.malformedOptions, metric: metric, "option file_path must be a string, not \(other.typeName)")
        }
        let fileType: String
        switch inner.removeValue(forKey: "file_type") {
        case nil: fileType = "text"
        case .string(let text)?: fileType = text
        case let other?: throw MetricError(.malformedOptions, metric: metric, "option file_type must be a string, not \(other.typeName)")
        }
        guard let memberMetric = archiveFileTypes[fileType] else {
            throw MetricError(
                .malformedOptions, metric: metric,
                "file_type '\(fileType)' is not one OSWorld knows ("
                    + archiveFileTypes.keys.sorted().joined(separator: ", ") + ")")
        }
        guard fileType != "audio", fileType != "video" else {
            throw MetricError(
                .unsupported, metric: metric, "file_type '\(fileType)' needs \(memberMetric), which Deskgym does not implement")
        }
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-archive-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var listings: [(URL, [String])] = []
        for (archive, role) in [(result, "result"), (expected, "expected")] {
            let destination = scratch.appendingPathComponent(role)
            do {
                try unpackArchive(archive, into: destination)
            } catch let problem as ExternalToolProblem {
                throw MetricError(.unsupported, metric: metric, "\(problem)")
            } catch {
                return .fail("\(error)")
            }
            let listed = folder.isEmpty ? destination : destination.appendingPathComponent(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: listed.path) else {
                return .fail("\(archive.lastPathComponent) has no folder '\(folder)'")
            }
            listings.append((listed, names.sorted { $0.pythonCompare($1) < 0 }))
        }
        let (mineFolder, mine) = listings[0], (goldFolder, gold) = listings[1]
        guard mine.count == gold.count, zip(mine, gold).allSatisfy({ $0.pythonEquals($1) }) else {
            let missing = gold.filter { name in !mine.contains { $0.pythonEquals(name) } }
            let extra = mine.filter { name in !gold.contains { $0.pythonEquals(name) } }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing " + missing.map(\.pythonRepr).joined(separator: ", ").clipped) }
            if !extra.isEmpty { parts.append("unexpected " + extra.map(\.pythonRepr).joined(separator: ", ").clipped) }
            return .fail("the archives hold different files: " + parts.joined(separator: "; "))
        }
        // OSWorld divides by the number of files and so fails on two empty archives.
        guard !mine.isEmpty else { return .fail("neither archive holds any file" + (folder.isEmpty ? "" : " in '\(folder)'")) }

        var total = 0.0
        var notes: [String] = []
        for name in mine {
            let a = mineFolder.appendingPathComponent(name), b = goldFolder.appendingPathComponent(name)
            let outcome: MetricOutcome
            switch fileType {
            case "pdf": outcome = try comparePDFs(result: .file(a), expected: .file(b))
            case "docx": outcome = try compareDocxFiles(result: a, expected: b, options: inner)
            case "ppt": outcome = try comparePptxFiles(result: a, expected: b, options: inner)
            case "image": outcome = try compareImages(result: a, expected: b, options: inner)
            case "csv": outcome = try compareCSV(result: a, expected: [b], options: inner)
            case "table": outcome = try compareTable(result: a, expected: b, options: inner)
            default: outcome = try compareTextFile(result: a, expected: b, options: inner)
            }
            total += outcome.score
            guard outcome.score < 1 else { continue }
            // The unpacked copies are gone once this returns, so reasons name members by their
            // place inside the archive.
            var reason = outcome.reason ?? "score \(outcome.score)"
            for unpacked in [scratch.appendingPathComponent("result"), scratch.appendingPathComponent("expected")] {
                reason = reason.replacingOccurrences(of: unpacked.path + "/", with: "")
            }
            notes.append("\(name): \(reason)")
        }
        let score = total / Double(mine.count)
        if score == 1 { return .pass }
        return MetricOutcome(score: score, reason: "\(notes.count) of \(mine.count) files differ: " + notes.joined(separator: "; ").clipped)
    }

    /// Unpacks `archive` into the new folder `destination`, choosing the format by the name's ending.
    static func unpackArchive(_ archive: URL, into destination: URL) throws {
        let name = archive.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: archive.path, isDirectory: &isDirectory) else {
            throw ArchiveProblem(url: archive, message: "does not exist")
        }
        guard !isDirectory.boolValue else { throw ArchiveProblem(url: archive, message: "is a directory") }
        guard let format = archiveSuffixes.first(where: { name.hasSuffix($0.suffix) }) else {
            let kind = archive.pathExtension.isEmpty ? "a file with no extension" : "a .\(archive.pathExtension) file"
            throw ArchiveProblem(
                url: archive,
                message: "is \(kind), not an archive Deskgym unpacks ("
                    + archiveSuffixes.map(\.suffix).joined(separator: ", ") + ")")
        }
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        if format.isZip {
            try unpackZip(archive, into: destination)
        } else {
            let run = try ExternalTool.tar.run(["-x", "-f", archive.path, "-C", destination.path, "--no-same-owner"])
            guard run.status == 0 else {
                throw ArchiveProblem(url: archive, message: "is not a readable \(format.suffix) archive (tar: \(run.errorSummary))")
            }
        }
    }

    /// Python's `shutil._unpack_zipfile`: every member but those named from "/" or with ".." in the
    /// name, folders made as needed, a symbolic link's target written as the member's contents.
    private static func unpackZip(_ url: URL, into destination: URL) throws {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ArchiveProblem(url: url, message: "is not a readable zip file")
        }
        for entry in archive {
            let path = entry.path
            guard !path.hasPrefix("/"), !path.contains("..") else { continue }
            let target = destination.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                if path.hasSuffix("/") {
                    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                    continue
                }
                var data = Data()
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
                try data.write(to: target)
            } catch {
                throw ArchiveProblem(url: url, message: "has a member \(path) that cannot be unpacked (\(error.localizedDescription))")
            }
        }
    }
}
