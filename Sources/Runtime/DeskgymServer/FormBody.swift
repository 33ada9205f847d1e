import DeskgymCore
import Foundation
import MultipartKit
import NIOCore

/// The fields of an HTML form body, as OSWorld's harness sends them with `requests`:
/// `application/x-www-form-urlencoded` (`data={…}`) or `multipart/form-data` (`files={…}`).
///
/// Both readers are bounded: at most ``maximumFields`` fields, in a body the server has already
/// capped in size; nested multiparts are not read.
struct FormBody: Sendable {
    /// A field's value: text, or a file's bytes with the name it was sent under.
    struct Field: Sendable {
        var data: Data
        var fileName: String?
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// The most fields a form may carry.
    static let maximumFields = 256

    private(set) var fields: [String: Field] = [:]

    /// The text of field `name`, if sent.
    subscript(text name: String) -> String? { fields[name]?.text }
    /// Field `name`, if sent.
    func field(_ name: String) -> Field? { fields[name] }

    /// Reads `body` as its `contentType` says.
    /// - Throws: ``APIError`` (400) naming what is wrong: another content type, a multipart body
    ///   without a boundary or with a malformed part, too many fields.
    static func parse(_ body: Data, contentType: String?) throws(APIError) -> FormBody {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("multipart/form-data") {
            guard let boundary = parameter("boundary", in: contentType ?? ""), !boundary.isEmpty, boundary.utf8.count <= 200 else {
                throw .badRequest("a multipart/form-data body needs a boundary parameter (1 to 200 characters) in Content-Type")
            }
            return try multipart(body, boundary: boundary)
        }
        if type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") {
            return try urlEncoded(body)
        }
        throw .badRequest(
            "the body must be a form (application/x-www-form-urlencoded or multipart/form-data), got Content-Type '\(type.excerpt)'")
    }

    /// `name=value&…` with `+` for space and percent escapes, as Python's `urlencode` writes it.
    static func urlEncoded(_ body: Data) throws(APIError) -> FormBody {
        var form = FormBody()
        let text = String(decoding: body, as: UTF8.self)
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (raw: Substring) in
                String(raw).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(raw)
            }
            try form.add(decode(parts[0]), Field(data: Data(decode(parts.count > 1 ? parts[1] : "").utf8)))
        }
        return form
    }

    /// Parts separated by `--boundary`, each with headers naming the field (and a file name),
    /// read by MultipartKit's parser.
    static func multipart(_ body: Data, boundary: String) throws(APIError) -> FormBody {
        var parts: [(headers: [(String, String)], body: ByteBuffer)] = []
        var headers: [(String, String)] = []
        var content = ByteBuffer()
        var tooMany = false
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in content.writeBuffer(&chunk) }
        parser.onPartComplete = {
            if parts.count < maximumFields { parts.append((headers, content)) } else { tooMany = true }
            headers = []
            content = ByteBuffer()
        }
        do {
            try parser.execute(ByteBuffer(bytes: body))
        } catch {
            throw .badRequest("the multipart body is malformed (boundary '\(boundary.excerpt)'): \(error)")
        }
        guard !tooMany else { throw .badRequest("the form has more than \(maximumFields) fields") }
        guard !parts.isEmpty else {
            throw .badRequest("the multipart body has no complete part delimited by its boundary '\(boundary.excerpt)'")
        }
        var form = FormBody()
        for (index, part) in parts.enumerated() {
            let disposition = part.headers.first { $0.0.lowercased() == "content-disposition" }?.1
            guard let disposition, let name = parameter("name", in: disposition) else {
                throw .badRequest("multipart part \(index) has no Content-Disposition with a name")
            }
            try form.add(name, Field(data: Data(part.body.readableBytesView), fileName: parameter("filename", in: disposition)))
        }
        return form
    }

    private mutating func add(_ name: String, _ field: Field) throws(APIError) {
        guard fields.count < Self.maximumFields else { throw .badRequest("the form has more than \(Self.maximumFields) fields") }
        fields[name] = field
    }

    /// The value of `name=value` or `name="value"` among a header's `;`-separated parameters.
    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals].lowercased() == name else { continue }
            var value = String(trimmed[trimmed.index(after: equals)...])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
