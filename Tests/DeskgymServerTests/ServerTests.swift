import DeskgymTestSupport
import Foundation
import Testing

@testable import DeskgymServer

/// `deskgym serve` end to end: a real server on a loopback port, real desktops, real HTTP.
/// Every test starts its own server and stops it, which stops every session it made.
@Suite("Environment server", .serialized, .timeLimit(.minutes(3)))
struct ServerTests {
    @Test("create, step by typing into xterm, read the result with a command, evaluate 0 then 1, DONE rewards the score")
    func episodeOverHTTP() async throws {
        let server = try await TestServer.start()
        do {
            let (id, created) = try await server.createSession(["task": try helloTaskJSON(), "image": "base64"])
            let first = try #require(created.json["observation"] as? [String: Any])
            #expect(first["width"] as? Int == 640 && first["height"] as? Int == 480)
            #expect(first["step"] as? Int == 0)
            let encoded = try #require(first["screenshot"] as? String)
            let png = try #require(Data(base64Encoded: encoded))
            #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            let windows = try #require(first["windows"] as? [[String: Any]])
            #expect(windows.contains { $0["title"] as? String == "Terminal" && $0["class"] as? String == "XTerm" })
            #expect(created.json["task"] as? String == "create-hello-file")

            let before = try await server.call("POST", "/sessions/\(id)/evaluate")
            #expect(before.status == 200)
            #expect(before.json["score"] as? Double == 0)

            let typed = try await server.step(id, #"pyautogui.write("echo 'Hello, Deskgym' > ~/hello.txt\n")"#)
            #expect(typed.status == 200, "\(typed.text)")
            #expect(typed.json["done"] as? Bool == false)
            #expect(typed.json["reward"] as? Double == 0)
            let info = try #require(typed.json["info"] as? [String: Any])
            let actions = try #require(info["actions"] as? [[String: Any]])
            #expect(actions.first?["action_type"] as? String == "TYPING")
            #expect(info["grammar"] as? String == "pyautogui")
            #expect(info["error"] == nil)
            #expect((typed.json["observation"] as? [String: Any])?["step"] as? Int == 1)
            #expect((typed.json["observation"] as? [String: Any])?["screenshot"] == nil)

            var content = ""
            let written = try await eventually {
                let reply = try await server.command(id, "cat ~/hello.txt")
                content = reply.json["stdout"] as? String ?? ""
                return reply.json["exit_code"] as? Int == 0
            }
            #expect(written)
            #expect(content == "Hello, Deskgym\n")

            let after = try await server.call("POST", "/sessions/\(id)/evaluate")
            #expect(after.json["score"] as? Double == 1)
            let metrics = try #require(after.json["metrics"] as? [[String: Any]])
            #expect(metrics.first?["name"] as? String == "exact_match")

            let done = try await server.step(id, "DONE")
            #expect(done.json["done"] as? Bool == true)
            #expect(done.json["reward"] as? Double == 1)
            let again = try await server.step(id, "WAIT")
            #expect(again.status == 409)
            #expect(again.errorCode == "episode_done")

            let listed = try await server.call("GET", "/sessions")
            let sessions = try #require(listed.json["sessions"] as? [[String: Any]])
            #expect(sessions.count == 1)
            #expect(sessions.first?["session_id"] as? String == id)
            #expect(sessions.first?["steps"] as? Int == 2)
            #expect((sessions.first?["lease_seconds_left"] as? Double ?? 0) > 0)

            let pids = await server.registry.processIDs(of: id)
            #expect(!pids.isEmpty)
            let deleted = try await server.call("DELETE", "/sessions/\(id)")
            #expect(deleted.status == 200)
            let gone = try await server.call("GET", "/sessions/\(id)/observation")
            #expect(gone.status == 410)
            #expect(gone.errorMessage.contains("deleted"))
            #expect(pids.allSatisfy { !isAlive($0) })
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a task named domain/id runs its setup; reset gives a fresh HOME and step 0; files are written and read in HOME")
    func resetAndFiles() async throws {
        let server = try await TestServer.start()
        do {
            let (id, created) = try await server.createSession(["task": "os/create-hello-file"])
            #expect(created.json["task"] as? String == "create-hello-file")
            let content = Data("kept?\n".utf8)
            let written = try await server.call("POST", "/sessions/\(id)/files?path=notes/today.txt", body: content)
            #expect(written.status == 201, "\(written.text)")
            let read = try await server.call("GET", "/sessions/\(id)/files?path=notes/today.txt")
            #expect(read.status == 200)
            #expect(read.data == content)
            let listed = try await server.command(id, "cat ~/notes/today.txt")
            #expect(listed.json["stdout"] as? String == "kept?\n")
            #expect(try await server.step(id, "pyautogui.moveTo(10, 10)").status == 200)
            let oldPIDs = await server.registry.processIDs(of: id)

            let reset = try await server.call("POST", "/sessions/\(id)/reset", json: [String: Any]())
            #expect(reset.status == 200, "\(reset.text)")
            #expect((reset.json["observation"] as? [String: Any])?["step"] as? Int == 0)
            let afterReset = try await server.call("GET", "/sessions/\(id)/files?path=notes/today.txt")
            #expect(afterReset.status == 404)
            #expect(afterReset.errorCode == "file_not_found")
            #expect(oldPIDs.allSatisfy { !isAlive($0) })
            let newPIDs = await server.registry.processIDs(of: id)
            #expect(!newPIDs.isEmpty && Set(newPIDs).isDisjoint(with: oldPIDs))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("DELETE ends a running command instead of waiting for its time-out")
    func deleteCancelsCommand() async throws {
        let server = try await TestServer.start()
        do {
            let (id, _) = try await server.createSession()
            let marker = "303.\(Int.random(in: 100_000...999_999))"
            let running = Task { try await server.command(id, "echo started; sleep \(marker)", timeout: 600) }
            #expect(await eventually(within: .seconds(20)) { !processes(containing: "sleep \(marker)").isEmpty })
            let deleted = try await server.call("DELETE", "/sessions/\(id)")
            #expect(deleted.status == 200 || deleted.status == 204, "\(deleted.text)")
            // The command's request comes back (killed), long before its 600 s time-out.
            let reply = try await running.value
            #expect(reply.json["timed_out"] as? Bool != true, "\(reply.text)")
            #expect(processes(containing: "sleep \(marker)").isEmpty)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a command past its time-out is killed with its process group and reported")
    func commandTimeout() async throws {
        let server = try await TestServer.start()
        do {
            let (id, _) = try await server.createSession()
            let reply = try await server.command(id, "sleep 300 & echo $! > ~/child.pid; echo started; sleep 300", timeout: 0.5)
            #expect(reply.status == 200)
            #expect(reply.json["timed_out"] as? Bool == true)
            #expect(reply.json["stdout"] as? String == "started\n")
            #expect(reply.json["exit_code"] is NSNull)
            // The pid is the session's (its own PID namespace): ask the session whether it runs.
            var probe = ""
            let ended = await eventually(within: .seconds(30)) {
                probe =
                    (try? await server.command(id, "kill -0 $(cat ~/child.pid) && echo running || echo gone"))?.json["stdout"] as? String
                    ?? ""
                return probe == "gone\n"
            }
            #expect(ended, "\(probe)")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

/// The pids of this machine's processes whose command line contains `text`.
private func processes(containing text: String) -> [Int32] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
        guard let pid = Int32(entry), let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        return String(decoding: line, as: UTF8.self).replacingOccurrences(of: "\0", with: " ").contains(text) ? pid : nil
    }
}
