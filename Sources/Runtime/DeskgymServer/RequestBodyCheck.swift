import DeskgymCore
import Foundation
import NIOCore

/// The server's reading of request bodies without a server: a body's bytes in, the 400 a route
/// would answer out (or nothing, when the route would go on to act). The same code the routes run,
/// for `deskgym fuzz` to feed hostile bytes.
public enum RequestBodyCheck {
    /// The routes whose bodies can be checked.
    public enum Route: String, CaseIterable, Sendable {
        /// `POST /sessions/{id}/step`: one step object (action text or computer_13 actions).
        case step
        /// `POST /steps`: a batch of step objects, each with its `session_id`.
        case batch
        /// `POST /sessions`: the members, an inline task (decoded and held to the inline-task
        /// policy) and the grammar; a task or vm-config named by a string is not looked up.
        case createSession = "create_session"
        /// `POST /sessions/{id}/command`.
        case command
    }

    /// Reads `bytes` as a body of `route`, throwing the ``APIError`` the route would answer.
    public static func check(_ bytes: [UInt8], as route: Route) throws(APIError) {
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        switch route {
        case .step:
            _ = try StepInput(try RequestBody.parse(buffer, allowed: StepInput.fields))
        case .batch:
            _ = try StepInput.batch(try RequestBody.parse(buffer, allowed: ["steps"]))
        case .createSession:
            let body = try RequestBody.parse(buffer, allowed: SessionSpec.fields)
            if let task = body["task"], case .object = task {
                let resolver = TaskResolver(
                    tasksFolder: URL(fileURLWithPath: "/nonexistent"), vmConfigsFolder: URL(fileURLWithPath: "/nonexistent"))
                _ = try resolver.task(from: task)
            }
            _ = try SessionGrammar(named: try body.string("grammar") ?? "pyautogui", field: "grammar")
            _ = try body.number("lease_seconds", in: 0.001...86_400)
            _ = try body.choice("image", among: ImageMode.allCases.map(\.rawValue))
        case .command:
            let body = try RequestBody.parse(buffer, allowed: ["command", "timeout_seconds"])
            _ = try body.string("command")
            _ = try body.number("timeout_seconds", in: 0.001...3600)
        }
    }
}
