import Foundation
import Testing

@testable import DeskgymServer

extension ServerTests {
    @Test("a non-loopback address without a token is refused before starting; with a token every route but /health needs it")
    func bearerToken() async throws {
        let folder = FileManager.default.temporaryDirectory
        #expect(throws: ServerConfigurationError.self) {
            _ = try EnvironmentServer(
                configuration: ServerConfiguration(
                    host: "0.0.0.0", port: 0, vmConfigsFolder: folder,
                    tasksFolder: folder), logger: testLogger)
        }
        do {
            try ServerConfiguration(host: "192.168.1.7", vmConfigsFolder: folder, tasksFolder: folder).validate()
            Issue.record("a LAN address without a token was accepted")
        } catch {
            #expect(error.field == "host")
            #expect(error.message.contains("token"))
        }
        #expect(
            ServerConfiguration.isLoopback("127.0.0.1") && ServerConfiguration.isLoopback("::1")
                && ServerConfiguration.isLoopback("localhost") && !ServerConfiguration.isLoopback("0.0.0.0"))

        let server = try await TestServer.start(token: "s3cret-token-of-deskgym")
        do {
            let health = try await server.call("GET", "/health", token: "")
            #expect(health.status == 200)
            let missing = try await server.call("GET", "/sessions", token: "")
            #expect(missing.status == 401)
            #expect(missing.errorCode == "unauthorized")
            #expect(missing.header("WWW-Authenticate") == "Bearer")
            let wrong = try await server.call("POST", "/sessions", json: ["vm_config": "tiny"], token: "s3cret-token-of-deskgyM")
            #expect(wrong.status == 401)
            #expect(try await server.call("GET", "/health").json["busy"] as? Int == 0)
            let right = try await server.call("GET", "/sessions")
            #expect(right.status == 200)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("bad input is refused with the status and a message naming the field and value")
    func badInput() async throws {
        let server = try await TestServer.start(maximumBodyBytes: 1 << 20)
        do {
            let unknown = try await server.call("POST", "/sessions/not-a-session/step", json: ["action": "WAIT"])
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "session_not_found")
            #expect(unknown.errorMessage.contains("not-a-session"))

            let grammar = try await server.call("POST", "/sessions", json: ["vm_config": "tiny", "grammar": "pyautogoo"])
            #expect(grammar.status == 400)
            #expect(grammar.errorCode == "unknown_grammar")
            #expect(grammar.errorMessage.contains("'grammar'") && grammar.errorMessage.contains("pyautogoo"))
            let config = try await server.call("POST", "/sessions", json: ["vm_config": "../etc"])
            #expect(config.status == 400 && config.errorMessage.contains("vm_config"))
            let task = try await server.call("POST", "/sessions", json: ["task": "os/no-such-task"])
            #expect(task.status == 400 && task.errorMessage.contains("os/no-such-task"))
            let inline = try await server.call("POST", "/sessions", json: ["task": ["id": "x", "instruction": "y"]])
            #expect(inline.status == 400 && inline.errorCode == "invalid_task" && inline.errorMessage.contains("evaluator"))
            let typo = try await server.call("POST", "/sessions", json: ["vm_config": "tiny", "lease_secs": 5])
            #expect(typo.status == 400 && typo.errorMessage.contains("lease_secs") && typo.errorMessage.contains("lease_seconds"))
            let lease = try await server.call("POST", "/sessions", json: ["vm_config": "tiny", "lease_seconds": "long"])
            #expect(lease.status == 400 && lease.errorMessage.contains("lease_seconds") && lease.errorMessage.contains("long"))
            let malformed = try await server.call("POST", "/sessions", body: Data("{\"task\": ".utf8), contentType: "application/json")
            #expect(malformed.status == 400 && malformed.errorMessage.contains("not valid JSON"))
            let route = try await server.call("GET", "/nowhere")
            #expect(route.status == 404 && route.errorCode == "not_found")
            let method = try await server.call("PUT", "/sessions/abc/step", json: ["action": "WAIT"])
            #expect(method.status == 405 && method.header("Allow") == "POST")
            #expect(try await server.call("GET", "/health").json["busy"] as? Int == 0)

            let (id, _) = try await server.createSession()
            let badGrammar = try await server.call("POST", "/sessions/\(id)/step", json: ["action": "WAIT", "grammar": "nope"])
            #expect(badGrammar.status == 400 && badGrammar.errorMessage.contains("nope"))
            let badAction = try await server.call(
                "POST", "/sessions/\(id)/step",
                json: [
                    "actions": [
                        ["action_type": "CLICK", "parameters": ["x": 1, "y": 2]],
                        ["action_type": "TELEPORT"],
                    ]
                ])
            #expect(badAction.status == 400)
            #expect(badAction.errorCode == "invalid_action")
            #expect(badAction.errorMessage.contains("actions[1]") && badAction.errorMessage.contains("TELEPORT"))
            let neither = try await server.call("POST", "/sessions/\(id)/step", json: [String: Any]())
            #expect(neither.status == 400 && neither.errorMessage.contains("'action'"))

            // Text the grammar cannot read is the model's failure: the step counts and says why.
            let garbled = try await server.step(id, "pyautogui.clack(1, 2)")
            #expect(garbled.status == 200)
            let info = try #require(garbled.json["info"] as? [String: Any])
            #expect((info["error"] as? String)?.contains("clack") == true)
            #expect((garbled.json["observation"] as? [String: Any])?["step"] as? Int == 1)
            // Structured actions are carried out as given.
            let structured = try await server.call(
                "POST", "/sessions/\(id)/step",
                json: ["actions": [["action_type": "MOVE_TO", "parameters": ["x": 5, "y": 6]]]])
            #expect(structured.status == 200)
            #expect((structured.json["info"] as? [String: Any])?["grammar"] as? String == "computer_13")

            for path in ["../../../etc/passwd", "/etc/passwd", "~/../outside.txt"] {
                let escaped = try await server.call("GET", "/sessions/\(id)/files?path=\(path)")
                #expect(escaped.status == 403, "\(path)")
                #expect(escaped.errorCode == "path_outside_home")
            }
            _ = try await server.command(id, "ln -s /etc ~/etc-link")
            let throughLink = try await server.call("GET", "/sessions/\(id)/files?path=etc-link/passwd")
            #expect(throughLink.status == 403)
            let writeThroughLink = try await server.call("POST", "/sessions/\(id)/files?path=etc-link/deskgym-test", body: Data("x".utf8))
            #expect(writeThroughLink.status == 403)
            #expect(!FileManager.default.fileExists(atPath: "/etc/deskgym-test"))
            let inHome = try await server.call("POST", "/sessions/\(id)/files?path=/home/user/ok.txt", body: Data("ok".utf8))
            #expect(inHome.status == 201)
            #expect(try await server.command(id, "cat ~/ok.txt").json["stdout"] as? String == "ok")

            let large = try await server.call("POST", "/sessions/\(id)/files?path=big.bin", body: Data(count: 2 << 20))
            #expect(large.status == 413)
            #expect(large.errorCode == "body_too_large")
            let timeout = try await server.call("POST", "/sessions/\(id)/command", json: ["command": "true", "timeout_seconds": -1])
            #expect(timeout.status == 400 && timeout.errorMessage.contains("timeout_seconds"))
            // The session is unharmed by all of it.
            #expect(try await server.call("GET", "/sessions/\(id)/observation?image=none").status == 200)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
