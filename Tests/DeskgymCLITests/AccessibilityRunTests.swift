import DeskgymFakeModelServer
import Foundation
import Testing

/// `deskgym run --observation-type a11y_tree`: the real binary, a real mousepad session with its
/// accessibility bus, and an OpenAI-compatible endpoint on a loopback port answering canned text.
@Suite("deskgym run with the accessibility tree", .serialized, .timeLimit(.minutes(3)))
struct AccessibilityRunTests {
    /// The text of every user message of `request`, joined.
    private func userText(_ request: ReceivedRequest) -> String {
        request.messages.filter { $0["role"] as? String == "user" }.flatMap { message -> [String] in
            if let text = message["content"] as? String { return [text] }
            return (message["content"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        }.joined(separator: "\n")
    }

    /// `file` decompressed by gzip(1), an independent reader.
    private func gunzip(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "gzip -dc \(file.lastPathComponent)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        "a11y_tree: the model reads OSWorld's table and no screenshot, solves a tree-checked task, and the trajectory keeps each step's XML"
    )
    func modelReadsTheTree() async throws {
        let server = try await FakeModelServer.start([
            .completion(content: "```python\npyautogui.hotkey('ctrl', 'l')\n```"),
            .completion(content: "```python\npyautogui.hotkey('ctrl', 'a')\npyautogui.write('3')\n```"),
            .completion(content: "DONE"),
        ])
        let out = temporaryPath("deskgym-cli-a11y")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try await runDeskgymAsync([
            "run", "tasks/text_editor/go-to-line-dialog-mousepad.json", "--out", out.path, "--agent", "openai",
            "--base-url", "http://127.0.0.1:\(server.port)/v1", "--model", "test-model", "--grammar", "pyautogui",
            "--retries", "0", "--request-timeout", "30", "--observation-type", "a11y_tree",
        ])
        await server.stop()
        #expect(run.status == 0, "\(run.out)\n\(run.err)")
        #expect(try resultObject(out)["score"] as? Double == 1, "\(run.out)")

        let requests = await server.requests
        #expect(requests.count == 3)
        for (index, request) in requests.enumerated() {
            #expect(request.imageURLs.isEmpty, "request \(index + 1) shows no screenshot with a11y_tree")
        }
        /// The tree part of a request's latest user message (the instruction also says "Go To").
        func tree(_ request: ReceivedRequest) -> String {
            let marker = "Given the info from accessibility tree as below:\n"
            return userText(request).components(separatedBy: marker).last ?? ""
        }
        #expect(userText(try #require(requests.first)).contains("Given the info from accessibility tree as below:\n"))
        let first = tree(requests[0])
        #expect(first.hasPrefix("tag\tname\ttext\tclass\tdescription\tposition (top-left x&y)\tsize (w&h)\n"), "OSWorld's table header")
        #expect(first.contains("menu\tSearch\t") && first.contains("one\ntwo\nthree"), "mousepad's menus and text are in the tree")
        #expect(!first.contains("Line number:"), "no dialog before the first answer")
        #expect(
            tree(requests[1]).contains("label\tLine number:\t") && tree(requests[1]).contains("push-button\tJump to\t"),
            "the Go To dialog the first answer opened is in the next tree")

        let lines = try trajectoryLines(out)
        #expect(lines.count == 4)
        for line in lines {
            let step = line["step"] as? Int ?? -1
            let name = try #require(line["accessibility_tree"] as? String, "step \(step) names its tree")
            #expect(name == String(format: "step-%04d.a11y.xml.gz", step))
            let xml = try gunzip(out.appendingPathComponent(name))
            #expect(xml.hasPrefix("<desktop-frame"), "step \(step): OSWorld's XML")
            #expect(xml.contains("name=\"mousepad\""), "step \(step)")
        }
    }

    @Test("som: the model sees the screenshot with numbered boxes and the marks table, and a click on tag_N lands in that mark's box")
    func setOfMarks() async throws {
        let server = try await FakeModelServer.start([
            .completion(content: "```python\npyautogui.click(tag_1)\n```"),
            .completion(content: "DONE"),
        ])
        let out = temporaryPath("deskgym-cli-som")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try await runDeskgymAsync([
            "run", "tasks/text_editor/go-to-line-dialog-mousepad.json", "--out", out.path, "--agent", "openai",
            "--base-url", "http://127.0.0.1:\(server.port)/v1", "--model", "test-model", "--grammar", "pyautogui",
            "--retries", "0", "--request-timeout", "30", "--observation-type", "som",
        ])
        await server.stop()
        #expect(run.status == 0 || run.status == 1, "\(run.out)\n\(run.err)")
        let requests = await server.requests
        #expect(requests.count == 2)
        let first = try #require(requests.first)
        let text = userText(first)
        #expect(text.contains("Given the tagged screenshot and info from accessibility tree as below:\nindex\ttag\tname\ttext\n"))
        let row = try #require(
            text.split(separator: "\n").first { $0.hasPrefix("1\t") }.map(String.init), "the marks table has mark 1")
        let url = try #require(first.imageURLs.last)
        let marked = try #require(Data(base64Encoded: String(url.dropFirst("data:image/png;base64,".count))))
        let stored = try Data(contentsOf: out.appendingPathComponent("step-0000.png"))
        #expect(marked != stored, "the model saw the marked screenshot; the trajectory keeps the plain one")

        // The click landed in mark 1's box, whose bounds the step-0 tree gives for that node.
        let lines = try trajectoryLines(out)
        let click = try #require((lines[1]["actions"] as? [[String: Any]])?.first)
        #expect(click["action_type"] as? String == "CLICK", "\(lines[1])")
        let parameters = try #require(click["parameters"] as? [String: Any])
        let x = try #require(parameters["x"] as? Int)
        let y = try #require(parameters["y"] as? Int)
        let fields = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let xml = try gunzip(out.appendingPathComponent("step-0000.a11y.xml.gz"))
        let pattern = try Regex(
            "<\(fields[1]) name=\"\(fields[2])\"[^>]*cp:screencoord=\"\\((\\d+), (\\d+)\\)\"[^>]*cp:size=\"\\((\\d+), (\\d+)\\)\"")
        let match = try #require(xml.firstMatch(of: pattern), "mark 1 (\(row)) is a node of the tree")
        let numbers = (1...4).compactMap { match.output[$0].substring.flatMap { Int($0) } }
        #expect(numbers.count == 4)
        #expect(
            x >= numbers[0] && x < numbers[0] + numbers[2] && y >= numbers[1] && y < numbers[1] + numbers[3],
            "click (\(x), \(y)) in \(numbers)")
    }

    @Test("--observation-type with a word it does not know is a usage error naming the choices")
    func badObservationType() throws {
        let word = try runDeskgym(["run", "tasks/os/count-lines.json", "--agent", "none", "--observation-type", "tree"])
        #expect(word.status == 64, "EX_USAGE")
        #expect(word.err.contains("--observation-type must be one of screenshot, a11y_tree, screenshot_a11y_tree, som, got 'tree'"))
    }
}
