import Foundation
import Testing

/// Converts flat OpenDocument files the tests write (.fodt, .fodp) to Office Open XML with the real
/// LibreOffice, headless, in a private profile so that it never joins another LibreOffice running
/// on the machine. The profile is removed afterwards; the converter exits when it is done.
enum LibreOfficeFixture {
    /// Writes each `name → contents` as `name.EXTENSION` in `folder`, converts them all in one
    /// LibreOffice run to `format` ("docx", "pptx"), and returns the converted files by name.
    static func convert(_ sources: [String: String], extension inputExtension: String, to format: String,
                        in folder: URL) throws -> [String: URL] {
        let inputs = folder.appendingPathComponent("sources")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        var files: [URL] = []
        for (name, contents) in sources.sorted(by: { $0.key < $1.key }) {
            let file = inputs.appendingPathComponent("\(name).\(inputExtension)")
            try contents.write(to: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-lo-profile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        process.arguments = ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
                             "--convert-to", format, "--outdir", folder.path] + files.map(\.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "soffice --convert-to \(format) exited \(process.terminationStatus)")
        var converted: [String: URL] = [:]
        for name in sources.keys {
            let output = folder.appendingPathComponent("\(name).\(format)")
            try #require(FileManager.default.fileExists(atPath: output.path), "LibreOffice wrote no \(output.lastPathComponent)")
            converted[name] = output
        }
        return converted
    }

    static let namespaces = """
        xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
        xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" \
        xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" \
        xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" \
        xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" \
        xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
        xmlns:xlink="http://www.w3.org/1999/xlink"
        """

    /// A flat text document: these paragraphs (ODF `text:p` markup), a one-cell table, "Last line".
    static func textDocument(_ paragraphs: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document \(namespaces) office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
        <office:body><office:text>\(paragraphs.joined())\
        <table:table><table:table-column/><table:table-row><table:table-cell><text:p>cell text</text:p></table:table-cell></table:table-row></table:table>\
        <text:p>Last line</text:p></office:text></office:body></office:document>
        """
    }
}
