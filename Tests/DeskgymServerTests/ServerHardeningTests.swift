import DeskgymCore
import DeskgymFileHost
import DeskgymTestDesktop
import Foundation
import Synchronization
import Testing

@testable import DeskgymServer

/// The server under hostile and cross-site requests (`docs/http-api.md`, Security): web pages in
/// the user's browser, DNS rebinding, short tokens, inline tasks naming the server's files, idle
/// connections. On memory desktops: no Xvfb needed.
@Suite("Server hardening", .timeLimit(.minutes(5)))
struct ServerHardeningTests {
    static let token = "a-token-of-32-bytes-for-the-test"

    /// A test server whose sessions get memory desktops, and the factory handing them out.
    private func start(token: String? = nil, idleTimeout: Duration = .seconds(30)) async throws -> (TestServer, MemorySessionFactory) {
        let holder = Mutex<MemorySessionFactory?>(nil)
        let server = try await TestServer.start(
            token: token,
            factory: { root in
                let factory = MemorySessionFactory(root: root)
                holder.withLock { $0 = factory }
                return factory
            }, idleTimeout: idleTimeout)
        return (server, try #require(holder.withLock { $0 }))
    }

    @Test("a POST from a foreign Origin is refused with 403 naming the Origin and creates nothing; a loopback Origin is served")
    func foreignOrigin() async throws {
        let (server, factory) = try await start()
        do {
            let body: [String: Any] = ["vm_config": "tiny", "image": "none"]
            let foreign = try await server.call("POST", "/sessions", json: body, headers: ["Origin": "https://evil.example"])
            #expect(foreign.status == 403)
            #expect(foreign.errorCode == "forbidden_origin")
            #expect(
                foreign.errorMessage.contains("'Origin'") && foreign.errorMessage.contains("https://evil.example"),
                "\(foreign.errorMessage)")
            #expect(foreign.headers.keys.allSatisfy { !$0.lowercased().hasPrefix("access-control-") }, "\(foreign.headers)")
            let null = try await server.call("POST", "/sessions", json: body, headers: ["Origin": "null"])
            #expect(null.status == 403)
            let sneaky = try await server.call("POST", "/sessions", json: body, headers: ["Origin": "http://127.0.0.1.evil.example"])
            #expect(sneaky.status == 403)
            #expect(factory.starts == 0)
            #expect(await server.registry.summaries().isEmpty)

            let local = try await server.call("POST", "/sessions", json: body, headers: ["Origin": "http://localhost:\(server.port)"])
            #expect(local.status == 201, "\(local.text)")
            #expect(local.headers.keys.allSatisfy { !$0.lowercased().hasPrefix("access-control-") }, "\(local.headers)")
            // A preflight gets no CORS answer either.
            let preflight = try await server.call(
                "OPTIONS", "/sessions",
                headers: ["Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"])
            #expect(preflight.status >= 400)
            #expect(preflight.headers.keys.allSatisfy { !$0.lowercased().hasPrefix("access-control-") }, "\(preflight.headers)")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a JSON route's body must be application/json: text/plain and forms get 415 naming the header; files and empty bodies need none")
    func contentType() async throws {
        let (server, factory) = try await start()
        do {
            let body: [String: Any] = ["vm_config": "tiny", "image": "none"]
            let plain = try await server.call("POST", "/sessions", json: body, contentType: "text/plain")
            #expect(plain.status == 415)
            #expect(plain.errorCode == "unsupported_media_type")
            #expect(plain.errorMessage.contains("'Content-Type'") && plain.errorMessage.contains("text/plain"), "\(plain.errorMessage)")
            let form = try await server.call("POST", "/sessions", json: body, contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 415)
            #expect(factory.starts == 0)

            let id = try await server.createSession().id  // application/json
            let charset = try await server.call(
                "POST", "/sessions/\(id)/command", json: ["command": "true"], contentType: "application/json; charset=utf-8")
            #expect(charset.status != 415, "\(charset.text)")
            let step = try await server.call("POST", "/step", json: ["steps": []], contentType: "text/plain;charset=UTF-8")
            #expect(step.status == 415)
            // The file route takes raw bytes of any type.
            let written = try await server.call(
                "POST", "/sessions/\(id)/files?path=notes.txt", body: Data("hi".utf8), contentType: "text/plain")
            #expect(written.status == 201, "\(written.text)")
            // No body, no type: the route reads `{}` (this session has no task to evaluate).
            let evaluate = try await server.call("POST", "/sessions/\(id)/evaluate")
            #expect(evaluate.status == 409 && evaluate.errorCode == "no_task", "\(evaluate.text)")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("on a loopback server a Host that is not loopback (DNS rebinding) or names another port is refused with 403")
    func host() async throws {
        let (server, _) = try await start()
        do {
            func get(host: String) async throws -> RawConnection.Answer {
                let connection = try await RawConnection.open(
                    port: server.port, sending: "GET /sessions HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
                return try await connection.readAnswer()
            }
            let evil = try await get(host: "evil.example:\(server.port)")
            #expect(evil.status == 403)
            #expect(evil.errorCode == "forbidden_host")
            #expect(evil.errorMessage.contains("'Host'") && evil.errorMessage.contains("evil.example"), "\(evil.errorMessage)")
            #expect(try await get(host: "evil.example").status == 403)
            #expect(try await get(host: "127.0.0.1:\(server.port == 1 ? 2 : 1)").status == 403)
            #expect(try await get(host: "localhost.evil.example").status == 403)
            for host in ["127.0.0.1:\(server.port)", "localhost:\(server.port)", "[::1]:\(server.port)", "localhost", "127.0.0.2"] {
                let answer = try await get(host: host)
                #expect(answer.status == 200, "Host: \(host) → \(answer.status) \(answer.errorMessage)")
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a WebSocket upgrade without the token, or with a wrong one, is answered 401; from a foreign Origin 403; with it, 101")
    func webSocketToken() async throws {
        let (server, _) = try await start(token: Self.token)
        do {
            let id = try await server.createSession().id
            func upgrade(_ extra: String) async throws -> RawConnection.Answer {
                let connection = try await RawConnection.open(
                    port: server.port,
                    sending: "GET /sessions/\(id)/stream HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        + extra + "\r\n")
                return try await connection.readAnswer()
            }
            let missing = try await upgrade("")
            #expect(missing.status == 401, "\(missing.status) \(missing.headers)")
            #expect(missing.errorCode == "unauthorized")
            #expect(missing.headers["www-authenticate"] == "Bearer")
            let wrong = try await upgrade("Authorization: Bearer \(Self.token.dropLast())X\r\n")
            #expect(wrong.status == 401)
            let foreign = try await upgrade("Authorization: Bearer \(Self.token)\r\nOrigin: https://evil.example\r\n")
            #expect(foreign.status == 403)
            #expect(foreign.errorCode == "forbidden_origin")
            let right = try await upgrade("Authorization: Bearer \(Self.token)\r\n")
            #expect(right.status == 101)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("an inline task naming a file of the server's machine is refused naming the step and field; a task from the tasks folder may")
    func inlineTaskHostPaths() async throws {
        let (server, factory) = try await start()
        do {
            func create(_ task: [String: Any]) async throws -> Reply {
                var task = task
                task["id"] = "hostile"
                task["instruction"] = "nothing"
                task["deskgym"] = (task["deskgym"] as? [String: Any] ?? [:]).merging(["vm_config": "tiny"]) { a, _ in a }
                if task["evaluator"] == nil { task["evaluator"] = ["func": "infeasible"] }
                return try await server.call("POST", "/sessions", json: ["task": task, "image": "none"])
            }
            let upload = try await create([
                "config": [
                    ["type": "sleep", "parameters": ["seconds": 0]],
                    ["type": "upload_file", "parameters": ["files": [["local_path": "/etc/passwd", "path": "/home/user/p"]]]],
                ]
            ])
            #expect(upload.status == 400)
            #expect(upload.errorCode == "host_path_in_inline_task")
            #expect(
                upload.errorMessage.contains("config[1]") && upload.errorMessage.contains("files[0].local_path")
                    && upload.errorMessage.contains("/etc/passwd"), "\(upload.errorMessage)")
            let download = try await create([
                "config": [["type": "download", "parameters": ["files": [["url": "file:///etc/shadow", "path": "/home/user/s"]]]]]
            ])
            #expect(
                download.status == 400 && download.errorMessage.contains("config[0] (download): parameters.files[0].url"),
                "\(download.errorMessage)")
            let traversal = try await create([
                "config": [["type": "download", "parameters": ["files": [["url": "http://x.example/..", "path": "/home/user/s"]]]]]
            ])
            #expect(traversal.status == 400, "\(traversal.text)")
            let cloud = try await create([
                "evaluator": [
                    "func": "exact_match", "result": ["type": "vm_file", "path": "/home/user/a", "dest": "a"],
                    "expected": ["type": "cloud_file", "path": "/etc/hostname", "dest": "b"],
                ]
            ])
            #expect(cloud.status == 400 && cloud.errorMessage.contains("evaluator.expected (cloud_file).path"), "\(cloud.errorMessage)")
            let dest = try await create([
                "evaluator": ["func": "exact_match", "result": ["type": "vm_file", "path": "/home/user/a", "dest": "../../escape"]]
            ])
            #expect(dest.status == 400 && dest.errorMessage.contains("evaluator.result (vm_file).dest"), "\(dest.errorMessage)")
            let cache = try await create([
                "evaluator": ["func": "exact_match", "result": ["type": "cache_file", "path": "../../../etc/passwd"]]
            ])
            #expect(cache.status == 400 && cache.errorMessage.contains("(cache_file).path"), "\(cache.errorMessage)")
            let pages = try await create(["deskgym": ["pages": "/etc"]])
            #expect(pages.status == 400 && pages.errorMessage.contains("deskgym.pages"), "\(pages.errorMessage)")
            #expect(factory.starts == 0)

            // The same upload from a task file in the server's tasks folder is carried out.
            let folder = server.folder.appendingPathComponent("tasks/os")
            try Data("from the task folder\n".utf8).write(to: folder.appendingPathComponent("seed.txt"))
            let task: [String: Any] = [
                "id": "upload", "instruction": "nothing", "deskgym": ["vm_config": "tiny"], "evaluator": ["func": "infeasible"],
                "config": [["type": "upload_file", "parameters": ["files": [["local_path": "seed.txt", "path": "/home/user/seed.txt"]]]]],
            ]
            try JSONSerialization.data(withJSONObject: task).write(to: folder.appendingPathComponent("upload.json"))
            let created = try await server.call("POST", "/sessions", json: ["task": "os/upload", "image": "none"])
            #expect(created.status == 201, "\(created.text)")
            if let id = created.json["session_id"] as? String {
                let file = try await server.call("GET", "/sessions/\(id)/files?path=seed.txt")
                #expect(file.status == 200 && file.text == "from the task folder\n", "\(file.status) \(file.text)")
                _ = try await server.call("DELETE", "/sessions/\(id)")
            }

            // An inline task's http(s) downloads are read from the shared cache only: the server
            // requests no URL a client names (it could be an address of this network).
            let host = try await FileHost.start(files: ["/internal/secret.txt": Array("internal".utf8)])
            let fetched = try await create([
                "config": [
                    [
                        "type": "download",
                        "parameters": ["files": [["url": "\(host.baseURL)/internal/secret.txt", "path": "/home/user/s"]]],
                    ]
                ]
            ])
            let requests = await host.received
            await host.stop()
            #expect(fetched.status == 500, "\(fetched.text)")
            #expect(fetched.errorMessage.contains("offline"), "\(fetched.errorMessage)")
            #expect(requests.isEmpty, "the server fetched \(requests.map(\.path)) for an inline task")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a client that connects and sends nothing is disconnected after the idle time-out; so is an idle kept-alive connection")
    func idleConnection() async throws {
        let (server, _) = try await start(idleTimeout: .seconds(1))
        do {
            let started = ContinuousClock.now
            let silent = try await RawConnection.open(port: server.port)
            // Generous: a busy machine may be slow to close it, but it must close.
            #expect(try await silent.closedByServer(within: 20), "a silent connection was still open after 20 s")
            #expect(ContinuousClock.now - started >= .milliseconds(900))

            // A head that never ends (slowloris).
            let slow = try await RawConnection.open(port: server.port, sending: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            #expect(try await slow.closedByServer(within: 20), "a half-sent request head held the connection")

            let kept = try await RawConnection.open(port: server.port, sending: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await kept.readAnswer().status == 200)
            #expect(try await kept.closedByServer(within: 20), "a kept-alive connection left idle stayed open")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
