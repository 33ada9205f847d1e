import DeskgymCore
import DeskgymEval
import Foundation
import Testing

@Suite("Report", .timeLimit(.minutes(3)))
struct ReportTests {
    static let instruction = #"Open <b>"Notes" & Co</b>, then type 'x'"#
    static let typed = #"héllo <world> & "q""#

    /// A run with: an episode whose steps click, drag, scroll and type, refuse an answer and end
    /// (trajectory.jsonl and the store both have its steps); an episode whose steps are only in the
    /// store; an environment error; a task never started.
    static func makeRun(in root: URL) async throws -> RunFolderFixture {
        let fixture = try await RunFolderFixture(runsFolder: root.appendingPathComponent("runs"), name: "sample")
        let clickTask = EvalTask(id: "t-click", domain: "os", file: "/corpus/os/t-click.json", instruction: instruction)
        let storeTask = EvalTask(id: "t-store", domain: "calc", file: "/corpus/calc/t-store.json", instruction: "sum the column")
        let envTask = EvalTask(id: "t-env", domain: "calc", file: "/corpus/calc/t-env.json", instruction: "never runs")
        let idleTask = EvalTask(id: "t-idle", domain: "os", file: "/corpus/os/t-idle.json", instruction: "waits")
        _ = try await fixture.store.pendingTasks([clickTask, storeTask, envTask, idleTask], in: fixture.run)

        // The main episode, written as the episode runner writes it.
        let folder = fixture.folder(of: clickTask)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let attempt = try await fixture.store.markRunning(clickTask, in: fixture.run, folder: folder)
        let steps: [(text: String?, thought: String?, actions: [[String: Any]], screenshot: String?, error: String?)] = [
            (nil, nil, [], "step-0000.png", nil),
            (
                "double click the icon", "The icon is at the top left.",
                [["action_type": "CLICK", "parameters": ["button": "left", "num_clicks": 2, "x": 40, "y": 50]]], "step-0001.png", nil
            ),
            ("drag it", nil, [["action_type": "DRAG_TO", "x": 200, "y": 150]], "step-0002.png", nil),
            (
                "scroll and type", nil,
                [
                    ["action_type": "SCROLL", "parameters": ["dx": 0, "dy": -3, "x": 100, "y": 100]],
                    ["action_type": "TYPING", "parameters": ["text": typed]],
                ], "step-0003.png", nil
            ),
            ("clik(1, 2)", nil, [], nil, "pyautogui: unknown function 'clik' <here>"),
            ("DONE", "It is <done>", [["action_type": "DONE"]], "step-0005.png", nil),
        ]
        var lines: [String] = []
        for (index, step) in steps.enumerated() {
            if let screenshot = step.screenshot { try await fixture.writeFrame(screenshot, index: index, in: folder) }
            lines.append(
                try RunFolderFixture.line(
                    step: index, text: step.text, thought: step.thought, actions: step.actions,
                    screenshot: step.screenshot, error: step.error))
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("trajectory.jsonl"))
        for step in try TrajectoryFile.steps(in: folder) {
            try await fixture.store.recordStep(step, for: attempt)
        }
        try RunFolderFixture.writeResult(
            [
                "task_id": clickTask.id, "instruction": instruction, "score": 1, "steps": 5,
                "agent": "reference", "decided_by": "compare_text_file",
                "metrics": [["name": "compare_text_file", "score": 1, "reason": "file matches <expected.txt>"]],
            ],
            in: folder)
        try await fixture.store.finishEpisode(attempt, outcome: try EpisodeOutcome.load(from: folder))

        // Steps only in the store (no trajectory.jsonl).
        let storeFolder = fixture.folder(of: storeTask)
        try FileManager.default.createDirectory(at: storeFolder, withIntermediateDirectories: true)
        let storeAttempt = try await fixture.store.markRunning(storeTask, in: fixture.run, folder: storeFolder)
        try await fixture.writeFrame("step-0000.png", index: 3, in: storeFolder)
        try await fixture.store.recordStep(StepRecord(step: 0, screenshot: "step-0000.png"), for: storeAttempt)
        try await fixture.store.recordStep(
            StepRecord(
                step: 1, actionText: "right click", grammar: "computer_13",
                actions: [.rightClick(at: Point(x: 250, y: 30))]), for: storeAttempt)
        try await fixture.store.finishEpisode(storeAttempt, outcome: EpisodeOutcome(taskID: storeTask.id, score: 0, steps: 1))

        try await fixture.addSimpleEpisode(envTask, score: nil)
        return fixture
    }

    /// The part of the page about one step, from its anchor to the next step.
    static func section(_ html: String, anchor: String) throws -> Substring {
        let start = try #require(html.range(of: "id=\"\(anchor)\""), "no element with id \(anchor)")
        let rest = html[start.upperBound...]
        let ends = ["<div class=\"step\" ", "<div class=\"step final\"", "</details>"].compactMap { rest.range(of: $0)?.lowerBound }
        let end = ends.min() ?? rest.endIndex
        return rest[..<end]
    }

    /// The integer value of attribute `name` in the first element of `element` class in `html`.
    static func attribute(_ name: String, ofFirst element: String, in html: Substring) throws -> Int {
        let tag = try #require(html.range(of: element), "no \(element)")
        let rest = html[tag.upperBound...]
        let start = try #require(rest.range(of: " \(name)=\""), "no \(name) in \(element)")
        let digits = rest[start.upperBound...].prefix { $0 == "-" || $0.isNumber }
        return try #require(Int(digits))
    }

    @Test("the page has the summary, the escaped instruction and verdict, and each action drawn where it acted on the frame before it")
    func pageContents() async throws {
        let temporary = try TemporaryFolder("report")
        let fixture = try await Self.makeRun(in: temporary.url)
        let page = try await ReportWriter(logger: quietLogger()).write(runFolder: fixture.runFolder)
        #expect(page == fixture.runFolder.appendingPathComponent("report/index.html"))
        let html = try String(contentsOf: page, encoding: .utf8)

        // Everything from the task and the agent is escaped.
        #expect(html.contains("Open &lt;b&gt;&quot;Notes&quot; &amp; Co&lt;/b&gt;, then type &#39;x&#39;"))
        #expect(!html.contains("<b>\"Notes\""))
        #expect(!html.contains("<world>") && html.contains("héllo &lt;world&gt; &amp; &quot;q&quot;"))
        #expect(html.contains("file matches &lt;expected.txt&gt;"))
        #expect(html.contains("It is &lt;done&gt;"))
        #expect(html.contains("unknown function &#39;clik&#39; &lt;here&gt;"))
        #expect(html.contains("Xvfb exited with status 1"))

        // The summary rows are the store's numbers.
        let summary = try await fixture.store.summary(of: fixture.run)
        for row in summary.domains + [summary.total] {
            let cells = ([row.domain, "\(row.tasks)", "\(row.finished)", "\(row.environmentErrors)", "\(row.unfinished)"])
                .map { "<td>\($0)</td>" }.joined()
            #expect(html.contains(cells), "summary row of \(row.domain)")
        }

        let anchor = "ep-os--t-click"
        // Step 1: a double click at (40, 50), drawn on the first frame.
        let step1 = try Self.section(html, anchor: "\(anchor)-s1")
        #expect(step1.contains("src=\"../os/t-click/step-0000.png\""))
        #expect(step1.contains("viewBox=\"0 0 \(RunFolderFixture.frameSize.width) \(RunFolderFixture.frameSize.height)\""))
        #expect(try Self.attribute("cx", ofFirst: "<circle class=\"click\"", in: step1) == 40)
        #expect(try Self.attribute("cy", ofFirst: "<circle class=\"click\"", in: step1) == 50)
        #expect(step1.contains("left ×2"))
        #expect(step1.contains("The icon is at the top left."))
        // Step 2: a drag from where the click left the pointer to (200, 150), on the frame after step 1.
        let step2 = try Self.section(html, anchor: "\(anchor)-s2")
        #expect(step2.contains("src=\"../os/t-click/step-0001.png\""))
        for (name, value) in [("x1", 40), ("y1", 50), ("x2", 200), ("y2", 150)] {
            #expect(try Self.attribute(name, ofFirst: "<line class=\"drag\"", in: step2) == value)
        }
        #expect(step2.contains("marker-end=\"url(#\(anchor)-s2-drag)\""))
        // Step 3: a scroll down at (100, 100) points down from there; the typed text is a caption.
        let step3 = try Self.section(html, anchor: "\(anchor)-s3")
        #expect(step3.contains("src=\"../os/t-click/step-0002.png\""))
        #expect(try Self.attribute("x1", ofFirst: "<line class=\"scroll\"", in: step3) == 100)
        #expect(try Self.attribute("y1", ofFirst: "<line class=\"scroll\"", in: step3) == 100)
        #expect(try Self.attribute("x2", ofFirst: "<line class=\"scroll\"", in: step3) == 100)
        #expect(try Self.attribute("y2", ofFirst: "<line class=\"scroll\"", in: step3) > 100)
        #expect(step3.contains("marker-end=\"url(#\(anchor)-s3-scroll)\""))
        #expect(step3.contains("<text class=\"caption\"") && step3.contains("type &quot;héllo &lt;world&gt;"))
        // Step 4 has no frame of its own, so step 5 is drawn on step 3's.
        let step5 = try Self.section(html, anchor: "\(anchor)-s5")
        #expect(step5.contains("src=\"../os/t-click/step-0003.png\""))
        #expect(step5.contains(">DONE</text>"))
        #expect(html.contains("src=\"../os/t-click/step-0005.png\""))

        // The episode whose steps are only in the store: a right click at (250, 30).
        let stored = try Self.section(html, anchor: "ep-calc--t-store-s1")
        #expect(stored.contains("src=\"../calc/t-store/step-0000.png\""))
        #expect(try Self.attribute("cx", ofFirst: "<circle class=\"click\"", in: stored) == 250)
        #expect(try Self.attribute("cy", ofFirst: "<circle class=\"click\"", in: stored) == 30)
        #expect(stored.contains("right ×1"))
        // The task never started is listed.
        #expect(html.contains("id=\"ep-os--t-idle\""))
        // Every linked frame exists.
        for src in html.components(separatedBy: "src=\"").dropFirst().map({ $0.prefix { $0 != "\"" } }) {
            let file = page.deletingLastPathComponent().appendingPathComponent(String(src)).standardizedFileURL
            #expect(FileManager.default.fileExists(atPath: file.path), "missing \(file.path)")
        }
    }

    @Test("headless Chromium renders the page: frames load through their relative links and the overlay is drawn")
    func rendersInChromium() async throws {
        let temporary = try TemporaryFolder("render")
        let fixture = try await Self.makeRun(in: temporary.url)
        let page = try await ReportWriter(logger: quietLogger(), expandEpisodes: true).write(runFolder: fixture.runFolder)
        let shot = temporary.url.appendingPathComponent("page.png")
        let profile = temporary.url.appendingPathComponent("chromium-profile")
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = temporary.url.path
        let chromium = try await runProgram(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=\(profile.path)", "--screenshot=\(shot.path)",
                "--window-size=1280,2000", page.absoluteString,
            ],
            environment: environment, timeout: .seconds(90), in: temporary.url)
        try #require(chromium.status.isSuccess, "chromium: \(chromium.status) \(chromium.stderr.suffix(2000))")
        let size = try await runProgram("identify", ["-format", "%w %h", shot.path], in: temporary.url)
        #expect(size.stdout == "1280 2000")
        let deviation = try await runProgram("convert", [shot.path, "-format", "%[fx:standard_deviation]", "info:"], in: temporary.url)
        #expect((Double(deviation.stdout) ?? 0) > 0.01, "the page rendered blank")
        // Pixels of the frames' blue rectangle (the PNGs loaded) and of the click circles' red (the SVG drew).
        for colour in ["#3060a0", "#e5261e"] {
            let count = try await runProgram(
                "convert",
                [
                    shot.path, "-fuzz", "8%", "-fill", "white", "+opaque", colour,
                    "-fill", "black", "-opaque", colour,
                    "-format", "%[fx:round((1-mean)*w*h)]", "info:",
                ], in: temporary.url)
            #expect((Int(count.stdout) ?? 0) > 20, "no \(colour) pixels in the rendered page (\(count.stdout) \(count.stderr))")
        }
    }

    @Test("comparison: per task scores of both runs, B's wins, losses and ties, links to each run's episode")
    func comparison() async throws {
        let temporary = try TemporaryFolder("compare")
        let runs = temporary.url.appendingPathComponent("runs")
        let a = try await RunFolderFixture(runsFolder: runs, name: "A")
        let b = try await RunFolderFixture(runsFolder: runs, name: "B", agent: "openai:model-b")
        // nil: an environment error; a task only A has, one only B has.
        let scoresA: [String: Double?] = ["t1": 1, "t2": 0, "t3": 0.5, "t4": nil, "t5": 1, "only-a": 0]
        let scoresB: [String: Double?] = ["t1": 0, "t2": 1, "t3": 0.5, "t4": 1, "t5": 1, "only-b": 1]
        for (fixture, scores) in [(a, scoresA), (b, scoresB)] {
            for (id, score) in scores.sorted(by: { $0.key < $1.key }) {
                let task = EvalTask(
                    id: id, domain: id.hasPrefix("t") ? "chrome" : "gimp", file: "/corpus/\(id).json",
                    instruction: "task \(id)")
                _ = try await fixture.store.pendingTasks([task], in: fixture.run)
                try await fixture.addSimpleEpisode(task, score: score)
            }
        }
        let comparison = try await ReportWriter(logger: quietLogger()).compare(a.runFolder, b.runFolder)
        var better = 0, worse = 0, same = 0
        for (id, scoreA) in scoresA {
            guard let scoreA, let scoreB = scoresB[id] ?? nil else { continue }
            if scoreB > scoreA { better += 1 } else if scoreB < scoreA { worse += 1 } else { same += 1 }
        }
        #expect(comparison.better == better && comparison.worse == worse && comparison.same == same)
        #expect(comparison.rows.count == Set(scoresA.keys).union(scoresB.keys).count)
        #expect(comparison.notComparable == comparison.rows.count - better - worse - same)
        #expect(comparison.page == b.runFolder.appendingPathComponent("report/compare-A.html"))

        let html = try String(contentsOf: comparison.page, encoding: .utf8)
        #expect(html.contains("better on \(better)</b>") && html.contains("worse on \(worse)</b>"))
        #expect(html.contains("href=\"../../A/report/index.html#ep-chrome--t1\""))
        #expect(html.contains("href=\"index.html#ep-chrome--t1\""))
        let t1 = try #require(html.components(separatedBy: "<tr").first { $0.contains(">t1</td>") })
        #expect(t1.contains("class=\"changed worse\"") && t1.contains("▼"))
        let t4 = try #require(html.components(separatedBy: "<tr").first { $0.contains(">t4</td>") })
        #expect(t4.contains(">environment_error</a>") && t4.contains("not-comparable"))
        // The linked reports exist, with the linked anchors.
        let reportA = try String(contentsOf: a.runFolder.appendingPathComponent("report/index.html"), encoding: .utf8)
        #expect(reportA.contains("id=\"ep-chrome--t1\""))
        #expect(FileManager.default.fileExists(atPath: b.runFolder.appendingPathComponent("report/index.html").path))
    }

    @Test("a folder without a store gets an error naming it")
    func missingStore() async throws {
        let temporary = try TemporaryFolder("nostore")
        let error = await #expect(throws: ReportError.self) {
            try await ReportWriter(logger: quietLogger()).write(runFolder: temporary.url)
        }
        #expect(error?.description.contains(temporary.url.appendingPathComponent(RunStore.fileName).path) == true)
    }
}
