import DeskgymTestSupport
import Foundation
import Testing

@testable import DeskgymServer

extension ServerTests {
    @Test("a batched step advances three sessions, answering in request order; an unknown id fails only its entry")
    func batchedStep() async throws {
        let server = try await TestServer.start(capacity: 3)
        do {
            var ids: [String] = []
            for _ in 0..<3 { ids.append(try await server.createSession().id) }
            var steps: [[String: Any]] = ids.enumerated().map { index, id in
                ["session_id": id, "action": "pyautogui.write(\"echo \(index * 7 + 1) > ~/n.txt\\n\")"]
            }
            steps.insert(["session_id": "no-such-session", "action": "WAIT"], at: 1)
            let reply = try await server.call("POST", "/step", json: ["steps": steps])
            #expect(reply.status == 200, "\(reply.text)")
            let results = try #require(reply.json["results"] as? [[String: Any]])
            #expect(results.count == 4)
            #expect(results.map { $0["session_id"] as? String } == [ids[0], "no-such-session", ids[1], ids[2]])
            #expect(results.map { $0["status"] as? Int } == [200, 404, 200, 200])
            #expect(((results[1]["error"] as? [String: Any])?["code"] as? String) == "session_not_found")
            for result in results where result["status"] as? Int == 200 {
                #expect((result["observation"] as? [String: Any])?["step"] as? Int == 1)
            }
            for (index, id) in ids.enumerated() {
                var text = ""
                #expect(
                    try await eventually {
                        text = try await server.call("GET", "/sessions/\(id)/files?path=n.txt").text
                        return !text.isEmpty
                    })
                #expect(text == "\(index * 7 + 1)\n")
            }
            // A malformed entry refuses the whole batch, naming it, before any step runs.
            let malformed = try await server.call(
                "POST", "/step",
                json: [
                    "steps": [
                        ["session_id": ids[0], "action": "WAIT"],
                        ["action": "WAIT"],
                    ]
                ])
            #expect(malformed.status == 400 && malformed.errorMessage.contains("steps[1]"))
            let metrics = try await server.call("GET", "/metrics")
            #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("deskgym_steps_total 3\n"))
            #expect(metrics.text.contains("# HELP deskgym_steps_total Steps taken.\n"))
            #expect(metrics.text.contains("# TYPE deskgym_step_duration_seconds histogram\n"))
            #expect(metrics.text.contains("deskgym_sessions{state=\"live\"} 3.0\n"))
            #expect(metrics.text.contains("deskgym_step_duration_seconds_count 3\n"))
            #expect(metrics.text.contains("deskgym_step_duration_seconds_bucket{le=\"+Inf\"} 3\n"))
            // Two requests on one session at once run one after the other: distinct step numbers.
            let shared = ids[0]
            async let first = server.step(shared, "pyautogui.moveTo(5, 5)")
            async let second = server.step(shared, "pyautogui.moveTo(6, 6)")
            let numbers = [try await first, try await second].compactMap { ($0.json["observation"] as? [String: Any])?["step"] as? Int }
            #expect(Set(numbers) == [2, 3])
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("at capacity a create is answered 429 with Retry-After; a delete frees the slot")
    func capacity() async throws {
        let server = try await TestServer.start(capacity: 2)
        do {
            let first = try await server.createSession().id
            _ = try await server.createSession()
            let health = try await server.call("GET", "/health")
            #expect(health.json["capacity"] as? Int == 2 && health.json["free"] as? Int == 0 && health.json["busy"] as? Int == 2)
            let refused = try await server.call("POST", "/sessions", json: ["vm_config": "tiny"])
            #expect(refused.status == 429)
            #expect(refused.errorCode == "capacity_full")
            let retry = try #require(refused.header("Retry-After").flatMap { Int($0) })
            #expect(retry > 0)
            #expect(try await server.call("DELETE", "/sessions/\(first)").status == 200)
            let third = try await server.call("POST", "/sessions", json: ["vm_config": "tiny", "image": "none"])
            #expect(third.status == 201)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a session untouched for its lease is reclaimed: 410 with the reason, its processes gone")
    func leaseExpiry() async throws {
        let server = try await TestServer.start()
        do {
            // The other session first: under load its start can outlast a short lease.
            let kept = try await server.createSession().id
            let (id, created) = try await server.createSession(["lease_seconds": 3])
            #expect(created.json["lease_seconds"] as? Double == 3)
            let pids = await server.registry.processIDs(of: id)
            #expect(pids.count >= 3)
            var reply = try await server.call("GET", "/sessions/\(id)")
            #expect(reply.status == 200)
            #expect(
                try await eventually {
                    reply = try await server.call("GET", "/sessions/\(id)")
                    return reply.status != 200
                })
            #expect(reply.status == 410)
            #expect(reply.errorMessage.contains("lease expired"))
            #expect(await eventually(within: .seconds(10)) { pids.allSatisfy { !isAlive($0) } })
            // The other session, with the default lease, is untouched.
            #expect(try await server.call("GET", "/sessions/\(kept)").status == 200)
            #expect(try await server.call("GET", "/health").json["busy"] as? Int == 1)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("an X server that dies mid-session turns the next step into an environment error; the session is removed")
    func crashedDesktop() async throws {
        let server = try await TestServer.start()
        do {
            let (id, _) = try await server.createSession()
            let other = try await server.createSession().id
            let pids = await server.registry.processIDs(of: id)
            let xvfb = try #require(pids.first)
            #expect(kill(xvfb, SIGKILL) == 0)
            let reply = try await server.step(id, "pyautogui.press('a')")
            #expect(reply.status == 200)
            #expect(reply.json["done"] as? Bool == true)
            #expect(reply.json["observation"] == nil)
            let info = try #require(reply.json["info"] as? [String: Any])
            let problem = try #require(info["environment_error"] as? String)
            #expect(problem.contains("Xvfb") && problem.contains("SIGKILL"), "\(problem)")
            let after = try await server.call("GET", "/sessions/\(id)/observation")
            #expect(after.status == 410)
            #expect(after.errorMessage.contains("environment error"))
            #expect(await eventually(within: .seconds(10)) { pids.allSatisfy { !isAlive($0) } })
            // One broken session does not touch the others.
            let fine = try await server.step(other, "pyautogui.press('a')")
            #expect(fine.status == 200 && fine.json["done"] as? Bool == false)
            #expect(try await server.call("GET", "/health").json["busy"] as? Int == 1)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("shutting the server down stops every session: no process, no session folder survives")
    func shutdownStopsSessions() async throws {
        let server = try await TestServer.start()
        var pids: [Int32] = []
        var displays: [String] = []
        do {
            for _ in 0..<2 {
                let id = try await server.createSession().id
                pids += await server.registry.processIDs(of: id)
            }
            let listed = try await server.call("GET", "/sessions")
            displays = (listed.json["sessions"] as? [[String: Any]] ?? []).compactMap { $0["display"] as? String }
            #expect(displays.count == 2)
            let folders = try FileManager.default.contentsOfDirectory(atPath: server.sessionRoot.path)
            #expect(folders.count == 2)
        } catch {
            await server.stop()
            throw error
        }
        let leftovers = await server.stopAndListLeftovers()
        #expect(leftovers.isEmpty, "session folders left: \(leftovers)")
        #expect(pids.count >= 6)
        #expect(await eventually(within: .seconds(10)) { pids.allSatisfy { !isAlive($0) } })
        for display in displays {
            // Removed, or (when a parallel test took the freed number at once) answered by its new owner.
            let socket = "/tmp/.X11-unix/X\(display.dropFirst())"
            #expect(!FileManager.default.fileExists(atPath: socket) || isListening(socket))
        }
        #expect(await server.registry.sessionIDs.isEmpty)
    }
}

/// Whether something accepts connections on the Unix socket at `path`.
func isListening(_ path: String) -> Bool {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
        for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
    }
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
    }
}
