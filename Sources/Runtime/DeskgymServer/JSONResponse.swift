import Foundation
import Hummingbird

/// Encodes response bodies: JSON with unescaped slashes (base64 screenshots would otherwise grow
/// by every `/` they hold) and sorted keys, so answers are stable to read and diff.
enum JSONResponse {
    static func make(_ value: some Encodable, status: Int = 200) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            // Every body type here encodes; a failure is a programming error worth a clear answer.
            data = Data("{\"error\": {\"code\": \"internal_error\", \"message\": \"cannot encode the response\"}}".utf8)
            return Response(status: .internalServerError, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        return Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
