import DeskgymCore
import Foundation
import HTTPTypes
import Hummingbird
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
    /// The `Host` and `Origin` checks, made again here (the connection's first-request gate makes
    /// them first, so that a refusal is answered with its status).
    let policy: CrossSitePolicy

    /// The largest message a client may send.
    static let maximumMessageBytes = 16 << 20

    /// Upgrades `GET /sessions/{id}/stream` for a live session and the right token; anything else
    /// stays HTTP, where the normal routes answer it (401, 404, 410, or 400 without the upgrade).
    func shouldUpgrade(_ request: HTTPRequest) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let path = (request.path ?? "").split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let parts = path.split(separator: "/")
        guard request.method == .get, parts.count == 3, parts[0] == "sessions", parts[2] == "stream" else { return .dontUpgrade }
        if let token, !BearerCredentials.authorizes(request.headerFields[.authorization], token: token) {
            return .dontUpgrade
        }
        if policy.refusal(authority: request.authority, origin: request.headerFields[.origin]) != nil { return .dontUpgrade }
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

    /// One request: `{"op": "step" | "observe" | "reset" | "evaluate", …}`, the route's fields;
    /// `image` is `"binary"` (default: the PNG follows as a binary message), `"base64"` or `"none"`.
    func handle(_ text: String, session id: String) async -> (String, Data?) {
        do throws(APIError) {
            let body = try RequestBody.parse(
                ByteBuffer(string: text),
                allowed: ["op", "task", "vm_config"] + StepInput.fields)
            let op = try body.string("op") ?? "step"
            let mode = try body.choice("image", among: ["binary", "base64", "none"]) ?? "binary"
            let binary = mode == "binary"
            // The routes know base64 and none; "binary" asks them for the PNG, which goes apart.
            var members = body.members
            members["op"] = nil
            members["image"] = .string(binary ? "base64" : mode)
            switch op {
            case "step":
                let input = try StepInput(try RequestBody(.object(members), place: body.place, allowed: StepInput.fields))
                var answer = try await routes.step(id, input)
                let png = Self.takeApart(&answer.observation, binary: binary)
                return (JSONResponse.text(answer), png)
            case "observe":
                let image = ImageMode(rawValue: binary ? "base64" : mode)
                var observation = try await routes.onSession(id) { try await $0.observe(image: image) }
                let png = Self.takeApart(&observation, binary: binary)
                return (JSONResponse.text(observation), png)
            case "reset":
                members["image"] = nil
                var answer = try await routes.reset(
                    id,
                    try RequestBody(
                        .object(members), place: body.place,
                        allowed: ["task", "vm_config"]))
                let png = Self.takeApart(&answer.observation, binary: binary)
                return (JSONResponse.text(answer), png)
            case "evaluate":
                return (JSONResponse.text(try await routes.onSession(id) { try await $0.evaluateNow() }), nil)
            default:
                throw APIError.badRequest("field 'op': unknown operation '\(op.excerpt)'; known: 'step', 'observe', 'reset', 'evaluate'")
            }
        } catch {
            return (Self.errorText(error), nil)
        }
    }

    /// With `binary`, marks the observation's screenshot as sent apart and returns its bytes.
    static func takeApart(_ observation: inout ObservationPayload, binary: Bool) -> Data? {
        guard binary, let png = observation.screenshotPNG else { return nil }
        observation.screenshotSentApart = true
        return png
    }

    static func takeApart(_ observation: inout ObservationPayload?, binary: Bool) -> Data? {
        guard var present = observation else { return nil }
        defer { observation = present }
        return takeApart(&present, binary: binary)
    }

    static func errorText(_ error: APIError) -> String {
        JSONResponse.text(
            StreamError(
                status: error.status,
                error: .init(
                    code: error.code, message: error.message,
                    retryAfterSeconds: error.retryAfterSeconds)))
    }
}

/// An error answered on the stream.
struct StreamError: Encodable {
    var status: Int
    var error: APIError.Body.Detail
}
