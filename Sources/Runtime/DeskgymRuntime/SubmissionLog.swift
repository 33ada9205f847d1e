import DeskgymCore
import Foundation
import Hummingbird
import Synchronization

/// The form submissions a ``PageServer`` received, in order, kept in a JSON file that the
/// evaluator can read (`cache_file`) once the episode ends:
///
/// ```json
/// [{"method": "POST", "path": "/order", "query": "", "content_type": "application/x-www-form-urlencoded",
///   "fields": {"name": "Ada", "size": "L", "extras": ["milk", "sugar"]}, "body": "name=Ada&size=L&…"}]
/// ```
///
/// A field sent more than once (checkboxes) holds the list of its values. `fields` is empty for
/// bodies that are not URL-encoded forms; `body` is the raw body as UTF-8 text.
final class SubmissionLog: Sendable {
    /// The file the submissions go to; nil: they are answered but not kept.
    let file: URL?
    private let entries = Mutex<[JSONValue]>([])

    /// Bodies larger than this are refused (413): forms here are small.
    static let maximumBodySize = 1 << 20

    init(file: URL?) {
        self.file = file
    }

    /// Records one request and answers it with a short HTML page.
    func record(_ request: Request) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maximumBodySize)
        let body = String(decoding: buffer.readableBytesView, as: UTF8.self)
        let contentType = request.headers[.contentType] ?? ""
        let isForm = contentType.lowercased().hasPrefix("application/x-www-form-urlencoded")
        let entry = JSONValue.object([
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "query": .string(request.uri.query ?? ""),
            "content_type": .string(contentType),
            "fields": .object(isForm ? Self.formFields(body) : [:]),
            "body": .string(body),
        ])
        try entries.withLock { entries in
            entries.append(entry)
            guard let file else { return }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(JSONValue.array(entries)).write(to: file, options: .atomic)
        }
        let page = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Submission received</title></head>
            <body><h1>Submission received</h1><p>Thank you.</p></body></html>
            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// The fields of an `application/x-www-form-urlencoded` body: `+` is a space, `%XX` a byte; a
    /// name given several times maps to the list of its values, in order.
    static func formFields(_ body: String) -> [String: JSONValue] {
        var fields: [String: [String]] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            fields[name, default: []].append(value)
        }
        return fields.mapValues { $0.count == 1 ? .string($0[0]) : .array($0.map(JSONValue.string)) }
    }
}
