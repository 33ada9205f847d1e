import DeskgymSandbox
import DeskgymTestSupport
import Foundation
import Synchronization
import Testing

@testable import DeskgymServer

/// The lines of a trajectory folder's `trajectory.jsonl`.
private func lines(in folder: URL) throws -> [[String: Any]] {
    try String(contentsOf: folder.appendingPathComponent("trajectory.jsonl"), encoding: .utf8)
        .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
}

private func result(in folder: URL) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("result.json"))) as? [String: Any] ?? [:]
}

@Suite("Hybrid steps and training records", .serialized, .timeLimit(.minutes(5)))
struct ServerRecordsTests {
    @Test("a step runs shell commands between GUI actions in the session's HOME; the observation carries their output")
    func hybridStep() async throws {
        let server = try await TestServer.start()
        do {
            let (id, _) = try await server.createSession()
            let reply = try await server.step(
                id,
                """
                terminal.run("echo from-shell > made.txt && pwd && echo $DISPLAY")
                pyautogui.write("cat made.txt > seen.txt\\n")
                terminal.run("sleep 0.5; cat seen.txt; exit 3", timeout=20)
                terminal.run("sleep 60", timeout=0.5)
                """)
            #expect(reply.status == 200)
            let observation = try #require(reply.json["observation"] as? [String: Any])
            let terminal = try #require(observation["terminal"] as? [[String: Any]])
            #expect(terminal.count == 3)
            let first = terminal[0]["stdout"] as? String ?? ""
            // The sandbox's HOME and display.
            #expect(first == "/home/user\n:0\n", "\(first)")
            #expect(terminal[1]["stdout"] as? String == "from-shell\n" && terminal[1]["exit_code"] as? Int == 3)
            #expect(terminal[2]["timed_out"] as? Bool == true && terminal[2]["exit_code"] is NSNull)
            let actions = (reply.json["info"] as? [String: Any])?["actions"] as? [[String: Any]] ?? []
            #expect(actions.map { $0["action_type"] as? String ?? "" } == ["RUN_COMMAND", "TYPING", "RUN_COMMAND", "RUN_COMMAND"])
            let structured = try await server.call(
                "POST", "/sessions/\(id)/step",
                json: [
                    "actions": [["action_type": "RUN_COMMAND", "parameters": ["command": "ls"]]], "image": "none",
                ])
            let listed = ((structured.json["observation"] as? [String: Any])?["terminal"] as? [[String: Any]])?.first
            #expect((listed?["stdout"] as? String)?.contains("made.txt") == true)
            let plain = try await server.step(id, "pyautogui.press('a')")
            #expect((plain.json["observation"] as? [String: Any])?["terminal"] == nil)
            let refused = try await server.step(id, "terminal.run('ls', timeout=99999)")
            #expect(((refused.json["info"] as? [String: Any])?["error"] as? String)?.contains("timeout") == true)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("records: one trajectory folder per episode with reward, done, executed actions, timings and the client's extra")
    func records() async throws {
        let server = try await TestServer.start(records: true)
        do {
            let (id, _) = try await server.createSession(["task": try helloTaskJSON()])
            let extra: [String: Any] = ["prompt_ids": [1, 2, 3], "response_ids": [4, 5], "note": "kept as given"]
            let typed = try await server.call(
                "POST", "/sessions/\(id)/step",
                json: [
                    "action": "pyautogui.write(\"echo 'Hello, Deskgym' > ~/hello.txt\\n\")", "image": "none",
                    "extra": extra, "model_ms": 250,
                ])
            #expect(typed.status == 200)
            _ = try await server.step(id, "pyautogui.click(9999, 5)")  // refused: nothing executed
            let done = try await server.call("POST", "/sessions/\(id)/step", json: ["action": "DONE", "image": "none"])
            #expect(done.json["reward"] as? Double == 1)
            let reset = try await server.call("POST", "/sessions/\(id)/reset", json: [:])
            #expect(reset.status == 200)
            _ = try await server.call("DELETE", "/sessions/\(id)")

            let sessionFolder = server.recordsFolder.appendingPathComponent(id)
            let episodes = try FileManager.default.contentsOfDirectory(atPath: sessionFolder.path).sorted()
            #expect(episodes == ["episode-0001", "episode-0002"])
            let first = sessionFolder.appendingPathComponent("episode-0001")
            let steps = try lines(in: first)
            #expect(steps.map { $0["step"] as? Int ?? -1 } == [0, 1, 2, 3])
            #expect(FileManager.default.fileExists(atPath: first.appendingPathComponent("step-0000.png").path))
            #expect(FileManager.default.fileExists(atPath: first.appendingPathComponent("step-0003.png").path))
            #expect(steps[1]["model_ms"] as? Double == 250)
            #expect((steps[1]["extra"] as? [String: Any])?["response_ids"] as? [Int] == [4, 5])
            #expect((steps[1]["extra"] as? [String: Any])?["note"] as? String == "kept as given")
            #expect((steps[1]["executed"] as? [[String: Any]])?.first?["action_type"] as? String == "TYPING")
            #expect((steps[2]["executed"] as? [Any])?.isEmpty == true && (steps[2]["error"] as? String)?.contains("outside") == true)
            #expect(steps[3]["reward"] as? Double == 1 && steps[3]["done"] as? Bool == true)
            #expect(steps[1]["done"] as? Bool == false)
            let firstResult = try result(in: first)
            #expect(firstResult["score"] as? Double == 1 && firstResult["error_phase"] == nil)
            #expect(firstResult["instruction"] as? String != nil)
            let second = try result(in: sessionFolder.appendingPathComponent("episode-0002"))
            #expect(second["error_phase"] as? String == "interrupted")
            #expect((second["environment_error"] as? String)?.contains("deleted") == true)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

@Suite("Warm pool", .serialized, .timeLimit(.minutes(5)))
struct WarmPoolTests {
    @Test("sessions and resets take waiting desktops; every desktop stops at shutdown, nothing is left")
    func warmPool() async throws {
        let holder = Mutex<WarmPoolFactory?>(nil)
        let server = try await TestServer.start(capacity: 2) { root in
            let pool = WarmPoolFactory(size: 1, root: root, logger: testLogger)
            holder.withLock { $0 = pool }
            return pool
        }
        let pool = try #require(holder.withLock { $0 })
        let config = try VMConfig.load(from: server.folder.appendingPathComponent("vm-configs/tiny.yaml"))
        do {
            let (first, _) = try await server.createSession()  // a miss: the pool starts filling now
            #expect(await pool.misses == 1)
            #expect(await eventually { await pool.idleCount(for: config) == 1 })
            let (second, reply) = try await server.createSession(["image": "base64"])
            #expect(await pool.hits == 1)
            #expect((reply.json["observation"] as? [String: Any])?["screenshot"] is String)
            // The handed-out desktop works: a command runs in it, with its own HOME.
            let echoed = try await server.command(second, "echo $HOME")
            #expect((echoed.json["stdout"] as? String) == "/home/user\n")
            #expect(await eventually { await pool.idleCount(for: config) == 1 })
            let reset = try await server.call("POST", "/sessions/\(first)/reset", json: [:])
            let hits = await pool.hits
            #expect(reset.status == 200 && hits == 2)
        } catch {
            _ = await server.stopAndListLeftovers()
            throw error
        }
        let left = await server.stopAndListLeftovers()
        #expect(left.isEmpty, "session folders left: \(left)")
    }
}

/// Width and height from a PNG's IHDR chunk.
private func pngSize(_ data: Data) -> (Int, Int)? {
    guard data.count > 24, data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
    let bytes = [UInt8](data[16..<24])
    let width = bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }, height = bytes[4..<8].reduce(0) { $0 << 8 | Int($1) }
    return (width, height)
}

@Suite("Scaled observations", .serialized, .timeLimit(.minutes(3)))
struct ScaledObservationTests {
    @Test("observation_size scales the screenshot; the model's points are read in the image and land on the screen")
    func scaled() async throws {
        let server = try await TestServer.start()
        do {
            let (id, reply) = try await server.createSession(["observation_size": ["width": 320, "height": 240], "image": "base64"])
            let observation = try #require(reply.json["observation"] as? [String: Any])
            #expect(observation["width"] as? Int == 640 && observation["image_width"] as? Int == 320)
            let png = try #require(Data(base64Encoded: observation["screenshot"] as? String ?? ""))
            #expect(pngSize(png)?.0 == 320 && pngSize(png)?.1 == 240)
            let raw = try await server.call("GET", "/sessions/\(id)/screenshot")
            #expect(raw.status == 200 && raw.header("Content-Type") == "image/png")
            #expect(pngSize(raw.data)?.0 == 320 && pngSize(raw.data)?.1 == 240)
            // (100, 50) in the 320x240 image is (200, 100) on the 640x480 screen.
            _ = try await server.step(id, "pyautogui.moveTo(100, 50)")
            let location = try await server.command(id, "xdotool getmouselocation --shell | head -2")
            #expect(location.json["stdout"] as? String == "X=200\nY=100\n")
            let outside = try await server.step(id, "pyautogui.click(400, 10)")
            let error = (outside.json["info"] as? [String: Any])?["error"] as? String ?? ""
            #expect(error.contains("outside the 320x240 screenshot"))
            let tooLarge = try await server.call(
                "POST", "/sessions", json: ["vm_config": "tiny", "observation_size": ["width": 2000, "height": 240]])
            #expect(tooLarge.status == 400 && tooLarge.errorMessage.contains("observation_size"))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
    @Test("training records keep the screenshots the model was sent, scaled, with or without the image in the answer")
    func scaledRecords() async throws {
        let server = try await TestServer.start(records: true)
        do {
            let (id, _) = try await server.createSession(["observation_size": ["width": 320, "height": 240], "image": "none"])
            _ = try await server.call("POST", "/sessions/\(id)/step", json: ["action": "pyautogui.moveTo(100, 50)", "image": "none"])
            _ = try await server.call("POST", "/sessions/\(id)/step", json: ["action": "pyautogui.moveTo(10, 5)", "image": "base64"])
            _ = try await server.call("DELETE", "/sessions/\(id)")
            let episode = server.recordsFolder.appendingPathComponent(id).appendingPathComponent("episode-0001")
            for step in 0...2 {
                let png = try Data(contentsOf: episode.appendingPathComponent(String(format: "step-%04d.png", step)))
                #expect(pngSize(png)?.0 == 320 && pngSize(png)?.1 == 240, "step \(step)")
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("with a tree-reading observation type, training records keep each observation's tree, gzip-compressed")
    func treeRecords() async throws {
        let server = try await TestServer.start(records: true)
        do {
            let (id, _) = try await server.createSession(["observation_type": "a11y_tree", "image": "none"])
            _ = try await server.call("POST", "/sessions/\(id)/step", json: ["action": "pyautogui.moveTo(100, 50)"])
            _ = try await server.call("DELETE", "/sessions/\(id)")
            let episode = server.recordsFolder.appendingPathComponent(id).appendingPathComponent("episode-0001")
            let recorded = try lines(in: episode)
            #expect(recorded.count == 2)
            for line in recorded {
                let step = line["step"] as? Int ?? -1
                let name = try #require(line["accessibility_tree"] as? String, "step \(step)")
                let gzip = try Data(contentsOf: episode.appendingPathComponent(name))
                #expect(gzip.prefix(2) == Data([0x1F, 0x8B]), "step \(step): a gzip member")
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

@Suite("Served pages", .serialized, .timeLimit(.minutes(3)))
struct ServedPagesTests {
    @Test("a task with deskgym.pages gets its pages served to the session's browser and scores 1 with its solution")
    func pages() async throws {
        let server = try await TestServer.start(repositoryFolders: true)
        do {
            let (id, _) = try await server.createSession([
                "task": "chrome/open-contact-page", "vm_config": "browser",
                "screen": ["width": 1280, "height": 800],
            ])
            for action in [
                "pyautogui.hotkey('ctrl', 'f')\npyautogui.write('Contact us')\npyautogui.press('escape')",
                "pyautogui.press('enter')\ntime.sleep(1)",
            ] {
                #expect(try await server.step(id, action).status == 200)
            }
            let done = try await server.step(id, "DONE")
            #expect(done.json["reward"] as? Double == 1, "\(done.text)")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
