import Foundation

/// Converts flat OpenDocument files the tests write (.fodt, .fodp) to Office Open XML with the real
/// LibreOffice, headless, in a private profile so that it never joins another LibreOffice running
/// on the machine. The profile is removed afterwards; the converter exits when it is done.
public enum LibreOfficeFixture {
    /// Writes each `name → contents` as `name.EXTENSION` in `folder`, converts them all in one
    /// LibreOffice run to `format` ("docx", "pptx"), and returns the converted files by name.
    public static func convert(
        _ sources: [String: String], extension inputExtension: String, to format: String,
        in folder: URL
    ) throws -> [String: URL] {
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
        process.arguments =
            [
                "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
                "--convert-to", format, "--outdir", folder.path,
            ] + files.map(\.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: "soffice --convert-to \(format) exited \(process.terminationStatus)")
        }
        var converted: [String: URL] = [:]
        for name in sources.keys {
            let output = folder.appendingPathComponent("\(name).\(format)")
            guard FileManager.default.fileExists(atPath: output.path) else {
                throw Failure(message: "LibreOffice wrote no \(output.lastPathComponent)")
            }
            converted[name] = output
        }
        return converted
    }

    public static let namespaces = """
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
    public static func textDocument(_ paragraphs: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document \(namespaces) office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
        <office:body><office:text>\(paragraphs.joined())\
        <table:table><table:table-column/><table:table-row><table:table-cell><text:p>cell text</text:p></table:table-cell></table:table-row></table:table>\
        <text:p>Last line</text:p></office:text></office:body></office:document>
        """
    }

    /// A flat spreadsheet cell: empty, a boolean, `date:` and an ISO date, a number, or a string.
    public static func cell(_ value: String) -> String {
        switch value {
        case "": "<table:table-cell/>"
        case "true", "false":
            #"<table:table-cell office:value-type="boolean" office:boolean-value="\#(value)"><text:p>\#(value)</text:p></table:table-cell>"#
        case _ where value.hasPrefix("date:"):
            #"<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="\#(value.dropFirst(5))"><text:p>d</text:p></table:table-cell>"#
        case _ where Double(value) != nil:
            #"<table:table-cell office:value-type="float" office:value="\#(value)"><text:p>\#(value)</text:p></table:table-cell>"#
        default: #"<table:table-cell office:value-type="string"><text:p>\#(value)</text:p></table:table-cell>"#
        }
    }

    /// A flat spreadsheet whose first sheet holds these rows (the first is the header) and a second
    /// sheet that must be ignored.
    public static func spreadsheet(_ rows: [[String]]) -> String {
        let body = rows.map { "<table:table-row>" + $0.map(cell).joined() + "</table:table-row>" }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document \(namespaces) xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
            <office:automatic-styles><number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/></office:automatic-styles>
            <office:body><office:spreadsheet><table:table table:name="People">\(body)</table:table>
            <table:table table:name="Other"><table:table-row>\(cell("ignored"))</table:table-row></table:table></office:spreadsheet></office:body></office:document>
            """
    }

    /// A conversion that did not happen: the test that asked for it fails with this message.
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
