import Foundation
import Hummingbird

/// Encodes response bodies: JSON with unescaped slashes (base64 screenshots would otherwise grow
/// by every `/` they hold) and sorted keys, so answers are stable to read and diff.
enum JSONResponse {
    /// `value` as JSON text in the server's layout (sorted keys, unescaped slashes).
    static func text(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let data = try? encoder.encode(value) else {
            return "{\"error\": {\"code\": \"internal_error\", \"message\": \"cannot encode the response\"}}"
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func make(_ value: some Encodable, status: Int = 200) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            // Every body type here encodes; a failure is a programming error worth a clear answer.
            data = Data("{\"error\": {\"code\": \"internal_error\", \"message\": \"cannot encode the response\"}}".utf8)
            return Response(
                status: .internalServerError, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
