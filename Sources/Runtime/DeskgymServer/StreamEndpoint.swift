import DeskgymTasks
import Foundation
import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore

/// `GET /sessions/{id}/stream` upgraded to a WebSocket: a trainer keeps one connection per session
/// and sends its requests as text messages; each answer comes back as one text message with the
/// same JSON as the HTTP route's, and the screenshot, unless asked otherwise, as raw PNG bytes in
/// the binary message that follows it (no base64). See `docs/http-api.md`.
///
/// Requests on one connection run one after the other. An error answers `{"status": …, "error":
/// {…}}` and the connection stays open; it closes when the session ends or the client goes.
struct StreamEndpoint: Sendable {
    let routes: Routes
    let registry: SessionRegistry
    let token: String?

    /// The largest message a client may send.
    static let maximumMessageBytes = 16 << 20

    /// Upgrades `GET /sessions/{id}/stream` for a live session and the right token; anything else
    /// stays HTTP, where the normal routes answer it (401, 404, 410, or 400 without the upgrade).
    func shouldUpgrade(_ request: HTTPRequest) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let path = (request.path ?? "").split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let parts = path.split(separator: "/")
        guard request.method == .get, parts.count == 3, parts[0] == "sessions", parts[2] == "stream" else { return .dontUpgrade }
        if let token, request.headerFields[.authorization] != "Bearer \(token)" { return .dontUpgrade }
        let id = String(parts[1])
        guard (try? await registry.session(id)) != nil else { return .dontUpgrade }
        return .upgrade([:]) { inbound, outbound, _ in
            for try await message in inbound.messages(maxSize: Self.maximumMessageBytes) {
                guard case .text(let text) = message else {
                    try await outbound.write(.text(Self.errorText(.badRequest("send requests as text messages holding JSON"))))
                    continue
                }
                let (answer, png) = await handle(text, session: id)
                try await outbound.write(.text(answer))
                if let png { try await outbound.write(.binary(ByteBuffer(bytes: png))) }
                if (try? await registry.session(id)) == nil { break }
            }
            try? await outbound.close(.normalClosure, reason: nil)
        }
    }

    /// One request: `{"op": "step" | "observe" | "reset" | "evaluate", …the route's fields}`;
    /// `image` is `"binary"` (default: the PNG follows as a binary message), `"base64"` or `"none"`.
    func handle(_ text: String, session id: String) async -> (String, Data?) {
        do throws(APIError) {
            let body = try RequestBody.parse(ByteBuffer(string: text),
                                             allowed: ["op", "task", "vm_config"] + StepInput.fields)
            let op = try body.string("op") ?? "step"
            let binary = try body.string("image").map { $0 == "binary" } ?? true
            let stepBody = try binary ? Self.replacing(body, image: "base64", allowed: StepInput.fields + ["op"]) : body
            switch op {
            case "step":
                let input = try StepInput(try Self.dropping(["op"], from: stepBody, allowed: StepInput.fields))
                return Self.splitting(Self.object(try await routes.step(id, input)), binary: binary)
            case "observe":
                let image = try stepBody.choice("image", among: ImageMode.allCases.map(\.rawValue)).flatMap(ImageMode.init(rawValue:))
                return Self.splitting(Self.object(try await routes.onSession(id) { try await $0.observe(image: image) }), binary: binary)
            case "reset":
                let resetBody = try Self.dropping(["op", "image"], from: body, allowed: ["task", "vm_config"])
                return Self.splitting(Self.object(try await routes.reset(id, resetBody)), binary: binary)
            case "evaluate":
                return (JSONResponse.text(try await routes.onSession(id) { try await $0.evaluateNow() }), nil)
            default:
                throw APIError.badRequest("field 'op': unknown operation '\(op)'; known: 'step', 'observe', 'reset', 'evaluate'")
            }
        } catch {
            return (Self.errorText(error), nil)
        }
    }

    static func errorText(_ error: APIError) -> String {
        JSONResponse.text(StreamError(status: error.status, error: .init(code: error.code, message: error.message,
                                                                      retryAfterSeconds: error.retryAfterSeconds)))
    }

    /// The answer as a JSON object, to move its screenshot out.
    static func object(_ value: some Encodable) -> JSONValue {
        let text = JSONResponse.text(value)
        return (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .object([:])
    }

    /// The answer's text, and with `binary` its screenshot's PNG bytes taken out of the JSON (which
    /// then says `"screenshot": "binary"`).
    static func splitting(_ answer: JSONValue, binary: Bool) -> (String, Data?) {
        guard binary, case .object(var fields) = answer else { return (JSONResponse.text(answer), nil) }
        // The observation sits at the top (observe) or under "observation" (step, reset).
        if case .string(let encoded) = fields["screenshot"], let png = Data(base64Encoded: encoded) {
            fields["screenshot"] = .string("binary")
            return (JSONResponse.text(JSONValue.object(fields)), png)
        }
        if case .object(var observation) = fields["observation"], case .string(let encoded) = observation["screenshot"],
           let png = Data(base64Encoded: encoded) {
            observation["screenshot"] = .string("binary")
            fields["observation"] = .object(observation)
            return (JSONResponse.text(JSONValue.object(fields)), png)
        }
        return (JSONResponse.text(answer), nil)
    }

    static func replacing(_ body: RequestBody, image: String, allowed: [String]) throws(APIError) -> RequestBody {
        var members = body.members
        members["image"] = .string(image)
        return try RequestBody(.object(members), place: body.place, allowed: allowed + ["task", "vm_config"])
    }

    static func dropping(_ keys: [String], from body: RequestBody, allowed: [String]) throws(APIError) -> RequestBody {
        var members = body.members
        for key in keys { members[key] = nil }
        return try RequestBody(.object(members), place: body.place, allowed: allowed)
    }
}

/// An error answered on the stream.
struct StreamError: Encodable {
    var status: Int
    var error: APIError.Body.Detail
}
