import DeskgymCore
import DeskgymTestDesktop
import DeskgymTestSupport
import Foundation
import Synchronization
import Testing

@testable import DeskgymServer

/// The server's own logic — capacity, leases, batches, records, environment errors, the episode's
/// end — on in-memory desktops: the real server on a loopback port and real HTTP, but no Xvfb, so
/// these run in milliseconds and in parallel. What the desktop itself does (typing reaching an
/// app, a dying X server named by its signal) is proved by the real-display suites beside these.
@Suite("Server logic on memory desktops", .timeLimit(.minutes(5)))
struct ServerLogicTests {
    /// A test server whose sessions get memory desktops, and the factory handing them out.
    private func start(capacity: Int = 2, records: Bool = false) async throws -> (TestServer, MemorySessionFactory) {
        let holder = Mutex<MemorySessionFactory?>(nil)
        let server = try await TestServer.start(capacity: capacity, records: records) { root in
            let factory = MemorySessionFactory(root: root)
            holder.withLock { $0 = factory }
            return factory
        }
        return (server, try #require(holder.withLock { $0 }))
    }

    /// The memory desktop behind session `id`, found by the display name the server lists.
    private func desktop(of id: String, on server: TestServer, in factory: MemorySessionFactory) async throws -> (String, MemoryDesktop) {
        let name = try #require(try await server.call("GET", "/sessions/\(id)").json["display"] as? String)
        return (name, try #require(factory.desktop(named: name)))
    }

    @Test("at capacity a create is answered 429 and starts nothing; a delete releases the desktop and frees the slot")
    func capacity() async throws {
        let (server, factory) = try await start(capacity: 2)
        do {
            let first = try await server.createSession().id
            _ = try await server.createSession()
            #expect(factory.starts == 2)
            #expect(await server.registry.allProcessIDs().isEmpty, "memory sessions must start no process")
            let refused = try await server.call("POST", "/sessions", json: ["vm_config": "tiny"])
            #expect(refused.status == 429)
            #expect(refused.errorCode == "capacity_full")
            #expect((refused.header("Retry-After").flatMap { Int($0) } ?? 0) > 0)
            #expect(factory.starts == 2)
            let (firstName, firstDesktop) = try await desktop(of: first, on: server, in: factory)
            #expect(try await server.call("DELETE", "/sessions/\(first)").status == 200)
            #expect(factory.releases == 1 && factory.wasReleased(firstName))
            #expect(firstDesktop.isDead)
            #expect(try await server.call("GET", "/sessions/\(first)").status == 410)
            let third = try await server.call("POST", "/sessions", json: ["vm_config": "tiny", "image": "none"])
            #expect(third.status == 201)
            #expect(factory.starts == 3 && factory.liveCount == 2)
        } catch {
            await server.stop()
            throw error
        }
        let leftovers = await server.stopAndListLeftovers()
        #expect(leftovers.isEmpty, "session folders left: \(leftovers)")
        #expect(factory.liveCount == 0 && factory.isShutDown)
    }

    @Test("a desktop that fails to start answers 500 and gives its slot back")
    func failedStart() async throws {
        let (server, factory) = try await start(capacity: 1)
        do {
            factory.failNextStart(reason: "no framebuffer today")
            let failed = try await server.call("POST", "/sessions", json: ["vm_config": "tiny"])
            #expect(failed.status == 500)
            #expect(failed.errorCode == "environment_error")
            #expect(failed.errorMessage.contains("no framebuffer today"), "\(failed.errorMessage)")
            #expect(factory.failedStarts == 1 && factory.starts == 0)
            #expect(try await server.call("GET", "/health").json["busy"] as? Int == 0)
            // Capacity 1: this create succeeds only if the failed one left no slot taken.
            _ = try await server.createSession()
            #expect(factory.starts == 1)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("an expired lease reclaims the session: 410 with the reason, its desktop released; others are kept")
    func leaseExpiry() async throws {
        let (server, factory) = try await start(capacity: 3)
        do {
            let kept = try await server.createSession().id
            let (short, created) = try await server.createSession(["lease_seconds": 30])
            #expect(created.json["lease_seconds"] as? Double == 30)
            let (shortName, shortDesktop) = try await desktop(of: short, on: server, in: factory)
            let (keptName, _) = try await desktop(of: kept, on: server, in: factory)
            // The sweep as the clock will see it in 31 s: past the short lease, well within the default one.
            await server.registry.sweep(now: .now + .seconds(31))
            let gone = try await server.call("GET", "/sessions/\(short)")
            #expect(gone.status == 410)
            #expect(gone.errorMessage.contains("lease expired"), "\(gone.errorMessage)")
            #expect(factory.wasReleased(shortName) && shortDesktop.isDead)
            #expect(!factory.wasReleased(keptName))
            #expect(try await server.call("GET", "/sessions/\(kept)").status == 200)

            // The server's own sweeper does the same with a lease that really runs out.
            _ = try await server.createSession(["lease_seconds": 0.2])
            let swept = try #require(factory.desktops.last)
            #expect(await eventually { swept.isDead })
            #expect(factory.releases == 2)
            #expect(try await server.call("GET", "/health").json["busy"] as? Int == 1)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a batched step answers every entry in request order; bad entries fail alone while the others step")
    func batchedStep() async throws {
        let (server, factory) = try await start(capacity: 4)
        do {
            var ids: [String] = []
            var desktops: [MemoryDesktop] = []
            for _ in 0..<4 {
                let id = try await server.createSession().id
                ids.append(id)
                desktops.append(try await desktop(of: id, on: server, in: factory).1)
            }
            #expect(try await server.step(ids[2], "DONE").json["done"] as? Bool == true)
            let steps: [[String: Any]] = [
                ["session_id": ids[0], "action": "pyautogui.click(10, 10)"],
                ["session_id": "no-such-session", "action": "WAIT"],
                ["session_id": ids[1], "action": "pyautogui.write('hi')"],
                ["session_id": ids[2], "action": "pyautogui.click(5, 5)"],
                ["session_id": ids[3], "action": "pyautogui.click(9999, 5)"],
            ]
            let reply = try await server.call("POST", "/step", json: ["steps": steps])
            #expect(reply.status == 200, "\(reply.text)")
            let results = try #require(reply.json["results"] as? [[String: Any]])
            #expect(results.map { $0["session_id"] as? String } == [ids[0], "no-such-session", ids[1], ids[2], ids[3]])
            #expect(results.map { $0["status"] as? Int } == [200, 404, 200, 409, 200])
            let codes = results.map { ($0["error"] as? [String: Any])?["code"] as? String }
            #expect(codes == [nil, "session_not_found", nil, "episode_done", nil])
            // The off-screen click is a refused action: the step counts and says why.
            let refusedInfo = results[4]["info"] as? [String: Any]
            #expect((refusedInfo?["error"] as? String)?.contains("outside") == true, "\(results[4])")
            for index in [0, 2, 4] {
                #expect((results[index]["observation"] as? [String: Any])?["step"] as? Int == 1)
            }
            #expect(desktops[0].performed == [.click(button: .left, at: Point(x: 10, y: 10), count: 1)])
            #expect(desktops[1].performed == [.typing("hi")])
            #expect(desktops[2].performed.isEmpty && desktops[3].performed.isEmpty)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a desktop that loses its connection ends its session with info.environment_error and is released")
    func environmentError() async throws {
        let (server, factory) = try await start(capacity: 2, records: true)
        do {
            let broken = try await server.createSession().id
            let other = try await server.createSession().id
            let (brokenName, brokenDesktop) = try await desktop(of: broken, on: server, in: factory)
            #expect(try await server.step(broken, "pyautogui.click(10, 10)").status == 200)
            brokenDesktop.loseConnectionAtNextAction(reason: "the peer hung up")
            let reply = try await server.step(broken, "pyautogui.click(20, 20)")
            #expect(reply.status == 200)
            #expect(reply.json["done"] as? Bool == true)
            #expect(reply.json["observation"] == nil)
            let problem = try #require((reply.json["info"] as? [String: Any])?["environment_error"] as? String)
            #expect(problem.contains("the peer hung up"), "\(problem)")
            #expect(factory.wasReleased(brokenName))
            let after = try await server.call("GET", "/sessions/\(broken)/observation")
            #expect(after.status == 410)
            #expect(after.errorMessage.contains("environment error"), "\(after.errorMessage)")
            let episode = server.recordsFolder.appendingPathComponent(broken).appendingPathComponent("episode-0001")
            let result = try JSONSerialization.jsonObject(with: Data(contentsOf: episode.appendingPathComponent("result.json")))
            #expect((result as? [String: Any])?["error_phase"] as? String == "step")

            // One broken session does not touch the other, until its own desktop goes too: an
            // observation on a lost connection ends the session the same way.
            let fine = try await server.step(other, "pyautogui.click(30, 30)")
            #expect(fine.status == 200 && fine.json["done"] as? Bool == false)
            #expect(try await server.call("GET", "/health").json["busy"] as? Int == 1)
            let (otherName, otherDesktop) = try await desktop(of: other, on: server, in: factory)
            otherDesktop.loseConnection(reason: "the cable was pulled")
            let observed = try await server.call("GET", "/sessions/\(other)/observation")
            #expect(observed.status == 500 && observed.errorCode == "environment_error")
            #expect(observed.errorMessage.contains("the cable was pulled"), "\(observed.errorMessage)")
            #expect(factory.wasReleased(otherName) && factory.liveCount == 0)
            #expect(try await server.call("GET", "/sessions/\(other)").status == 410)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("training records: trajectory.jsonl has a line per step with executed actions, errors, the client's extra")
    func records() async throws {
        let (server, factory) = try await start(records: true)
        do {
            let (id, _) = try await server.createSession()
            let (_, memory) = try await desktop(of: id, on: server, in: factory)
            let clicked = try await server.call(
                "POST", "/sessions/\(id)/step",
                json: [
                    "action": "pyautogui.click(10, 10)", "image": "none", "model_ms": 125, "extra": ["response_ids": [4, 5]],
                ])
            #expect(clicked.status == 200)
            #expect(try await server.step(id, "pyautogui.click(9999, 5)").status == 200)
            #expect(try await server.step(id, "DONE").json["done"] as? Bool == true)
            #expect(memory.performed == [.click(button: .left, at: Point(x: 10, y: 10), count: 1)])

            let episode = server.recordsFolder.appendingPathComponent(id).appendingPathComponent("episode-0001")
            let lines = try String(contentsOf: episode.appendingPathComponent("trajectory.jsonl"), encoding: .utf8)
                .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
            #expect(lines.map { $0["step"] as? Int ?? -1 } == [0, 1, 2, 3])
            #expect((lines[1]["executed"] as? [[String: Any]])?.first?["action_type"] as? String == "CLICK")
            #expect(lines[1]["model_ms"] as? Double == 125)
            #expect((lines[1]["extra"] as? [String: Any])?["response_ids"] as? [Int] == [4, 5])
            #expect((lines[2]["executed"] as? [Any])?.isEmpty == true)
            #expect((lines[2]["error"] as? String)?.contains("outside") == true)
            #expect(lines[3]["done"] as? Bool == true && lines[1]["done"] as? Bool == false)
            for step in 0...3 {
                let png = try Data(contentsOf: episode.appendingPathComponent(String(format: "step-%04d.png", step)))
                #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
            }
            #expect(FileManager.default.fileExists(atPath: episode.appendingPathComponent("result.json").path))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("DONE ends the episode: a further step is 409 episode_done until a reset brings a fresh desktop")
    func doneEndsEpisode() async throws {
        let (server, factory) = try await start()
        do {
            let (id, created) = try await server.createSession(["image": "base64", "observation_size": ["width": 320, "height": 240]])
            let first = try #require(created.json["observation"] as? [String: Any])
            #expect(first["image_width"] as? Int == 320 && first["image_height"] as? Int == 240)
            #expect(first["width"] as? Int == 640)
            let png = try #require((first["screenshot"] as? String).flatMap { Data(base64Encoded: $0) })
            #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))

            // A driver refusing an action is the agent's problem, not the environment's: the session lives on.
            let (_, memory) = try await desktop(of: id, on: server, in: factory)
            memory.refuseActions("this desktop has no such key") { if case .press = $0 { true } else { false } }
            let refused = try await server.step(id, "pyautogui.press('a')")
            #expect(refused.status == 200 && refused.json["done"] as? Bool == false)
            #expect(((refused.json["info"] as? [String: Any])?["error"] as? String)?.contains("no such key") == true)

            let done = try await server.step(id, "DONE")
            #expect(done.status == 200)
            #expect(done.json["done"] as? Bool == true)
            #expect(done.json["reward"] as? Double == 0)
            let again = try await server.step(id, "pyautogui.click(1, 1)")
            #expect(again.status == 409)
            #expect(again.errorCode == "episode_done")
            #expect(memory.performed.isEmpty)

            #expect(try await server.call("POST", "/sessions/\(id)/reset", json: [:]).status == 200)
            #expect(factory.starts == 2 && factory.releases == 1 && memory.isDead)
            let fresh = try await server.step(id, "pyautogui.click(100, 50)")
            #expect(fresh.status == 200)
            #expect((fresh.json["observation"] as? [String: Any])?["step"] as? Int == 1)
            // Read in the 320x240 image the model sees, carried out on the 640x480 screen.
            #expect(factory.desktops.last?.performed == [.click(button: .left, at: Point(x: 200, y: 100), count: 1)])
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
