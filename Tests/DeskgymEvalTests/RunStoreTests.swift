import DeskgymCore
import DeskgymEval
import Foundation
import Testing

@Suite("Run store")
struct RunStoreTests {
    let configuration = RunConfiguration(
        name: "baseline", agent: "reference", grammar: "pyautogui", model: nil,
        options: ["max_steps": "15"])

    func tasks(_ count: Int, domain: String = "os") -> [EvalTask] {
        (0..<count).map {
            EvalTask(
                id: "task-\($0)", domain: domain, file: "/corpus/\(domain)/task-\($0).json",
                instruction: "do thing \($0)")
        }
    }

    @Test("a new store creates its folder and file, and a new run starts with every task pending")
    func create() async throws {
        let folder = try TemporaryFolder("create")
        let path = folder.url.appendingPathComponent("runs/baseline/deskgym.sqlite")
        let store = try RunStore(path: path, logger: quietLogger())
        #expect(FileManager.default.fileExists(atPath: path.path))
        let run = try await store.startRun(configuration)
        #expect(run.configuration == configuration)
        #expect(run.finishedAt == nil)
        let all = tasks(4)
        let pending = try await store.pendingTasks(all, in: run)
        #expect(pending == all)
        let episodes = try await store.episodes(of: run)
        #expect(episodes.map(\.task) == all)
        #expect(episodes.allSatisfy { $0.status == .pending && $0.attempts == 0 })
        // The file is SQLite in WAL mode, as another client sees it.
        let mode = try await runProgram("sqlite3", [path.path, "PRAGMA journal_mode;"], in: folder.url)
        #expect(mode.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "wal")
    }

    @Test("resume after a kill: finished tasks are skipped, a task left running is pending again, and its new attempt replaces the old")
    func resume() async throws {
        let folder = try TemporaryFolder("resume")
        let path = folder.url.appendingPathComponent("deskgym.sqlite")
        let all = tasks(5)
        let stale: EpisodeAttempt
        do {
            let store = try RunStore(path: path, logger: quietLogger())
            let run = try await store.startRun(configuration)
            _ = try await store.pendingTasks(all, in: run)
            let first = try await store.markRunning(all[0], in: run, folder: folder.url.appendingPathComponent("os/task-0"))
            try await store.recordStep(StepRecord(step: 0, screenshot: "step-0000.png"), for: first)
            try await store.finishEpisode(first, outcome: EpisodeOutcome(taskID: all[0].id, score: 1, steps: 3))
            stale = try await store.markRunning(all[1], in: run, folder: folder.url.appendingPathComponent("os/task-1"))
            try await store.recordStep(StepRecord(step: 0, screenshot: "step-0000.png"), for: stale)
            try await store.recordStep(
                StepRecord(step: 1, actionText: "click", actions: [.click(button: .left, at: Point(x: 1, y: 2), count: 1)]),
                for: stale)
            // The process is killed here: task-1 stays `running`, the run unfinished.
        }
        let store = try RunStore(path: path, logger: quietLogger())
        let run = try await store.startRun(configuration)
        let pending = try await store.pendingTasks(all, in: run)
        #expect(pending == Array(all.dropFirst()))
        let before = try await store.episodes(of: run)
        #expect(before.first { $0.task == all[1] }?.status == .running)

        let again = try await store.markRunning(all[1], in: run, folder: folder.url.appendingPathComponent("os/task-1"))
        #expect(again.number == stale.number + 1)
        let restarted = try #require(try await store.episodes(of: run).first { $0.task == all[1] })
        #expect(try await store.steps(of: restarted).isEmpty)
        // The killed attempt can no longer write.
        await #expect {
            try await store.recordStep(StepRecord(step: 2), for: stale)
        } throws: { error in
            guard let error = error as? RunStoreError, case .staleAttempt(let task, let attempt, let latest, _) = error.kind else {
                return false
            }
            return task == all[1].id && attempt == stale.number && latest == again.number
        }
        let attempts = try await store.attempts(of: restarted)
        #expect(attempts.map(\.number) == [1, 2])
        #expect(attempts.map(\.status) == [.running, .running])
    }

    @Test("a resume with another agent or model is refused, naming each difference and the store")
    func rejectMismatch() async throws {
        let folder = try TemporaryFolder("mismatch")
        let path = folder.url.appendingPathComponent("deskgym.sqlite")
        let store = try RunStore(path: path, logger: quietLogger())
        _ = try await store.startRun(configuration)
        var other = configuration
        other.agent = "openai:gpt-x"
        other.model = "gpt-x"
        let error = await #expect(throws: RunStoreError.self) { try await store.startRun(other) }
        guard case .runMismatch(let run, let differences)? = error?.kind else {
            Issue.record("expected runMismatch, got \(String(describing: error))")
            return
        }
        #expect(run == "baseline")
        #expect(differences.contains { $0.hasPrefix("agent:") && $0.contains("reference") && $0.contains("openai:gpt-x") })
        #expect(differences.contains { $0.hasPrefix("model:") && $0.contains("gpt-x") })
        #expect(error?.description.contains(path.path) == true)
        // The same settings still resume.
        #expect(try await store.startRun(configuration).name == "baseline")
    }

    @Test("environment errors are retried on resume unless asked not to; each attempt is kept")
    func environmentErrorRetry() async throws {
        let folder = try TemporaryFolder("enverror")
        let store = try RunStore(path: folder.url.appendingPathComponent("deskgym.sqlite"), logger: quietLogger())
        let run = try await store.startRun(configuration)
        let all = tasks(2)
        _ = try await store.pendingTasks(all, in: run)
        let attempt = try await store.markRunning(all[0], in: run, folder: folder.url.appendingPathComponent("os/task-0"))
        try await store.recordEnvironmentError(attempt, message: "session start: Xvfb exited with status 1", kind: "session")
        #expect(try await store.pendingTasks(all, in: run) == all)
        #expect(try await store.pendingTasks(all, in: run, retryEnvironmentErrors: false) == [all[1]])

        let second = try await store.markRunning(all[0], in: run, folder: folder.url.appendingPathComponent("os/task-0"))
        try await store.finishEpisode(second, outcome: EpisodeOutcome(taskID: all[0].id, score: 0.5, steps: 2))
        let episode = try #require(try await store.episodes(of: run).first { $0.task == all[0] })
        #expect(episode.status == .finished && episode.score == 0.5 && episode.attempts == 2 && episode.environmentError == nil)
        let attempts = try await store.attempts(of: episode)
        #expect(attempts.map(\.status) == [.environmentError, .finished])
        #expect(attempts.first?.environmentError == "session start: Xvfb exited with status 1")
        #expect(attempts.first?.errorKind == "session")
        // An outcome that carries an environment error ends the episode as one.
        let third = try await store.markRunning(all[1], in: run, folder: folder.url.appendingPathComponent("os/task-1"))
        try await store.finishEpisode(
            third,
            outcome: EpisodeOutcome(
                taskID: all[1].id, score: 0, steps: 1,
                environmentError: "evaluation: getter failed"))
        #expect(try await store.episodes(of: run).first { $0.task == all[1] }?.status == .environmentError)
    }

    @Test("summary: per-domain and total means, successes and steps are those of the inserted episodes")
    func summaryNumbers() async throws {
        let folder = try TemporaryFolder("summary")
        let store = try RunStore(path: folder.url.appendingPathComponent("deskgym.sqlite"), logger: quietLogger())
        let run = try await store.startRun(configuration)
        // (domain, score, steps); nil score: environment error.
        let planned: [(String, Double?, Int)] = [
            ("chrome", 1, 4), ("chrome", 0, 15), ("chrome", 0.5, 7),
            ("calc", 1, 3), ("calc", 1, 5), ("calc", nil, 2),
        ]
        var all: [EvalTask] = []
        for (index, (domain, _, _)) in planned.enumerated() {
            all.append(EvalTask(id: "t\(index)", domain: domain, file: "/tasks/t\(index).json"))
        }
        let unstarted = EvalTask(id: "t-pending", domain: "chrome", file: "/tasks/p.json")
        _ = try await store.pendingTasks(all + [unstarted], in: run)
        for (task, (_, score, steps)) in zip(all, planned) {
            let attempt = try await store.markRunning(task, in: run, folder: folder.url.appendingPathComponent(task.id))
            if let score {
                try await store.finishEpisode(attempt, outcome: EpisodeOutcome(taskID: task.id, score: score, steps: steps))
            } else {
                try await store.recordEnvironmentError(attempt, message: "setup failed")
            }
        }
        let summary = try await store.summary(of: run)
        #expect(summary.domains.map(\.domain) == ["calc", "chrome"])
        for row in summary.domains + [summary.total] {
            let mine = planned.filter { row.domain == "total" || $0.0 == row.domain }
            let finished = mine.compactMap { $0.1 == nil ? nil : ($0.1!, $0.2) }
            #expect(row.finished == finished.count)
            #expect(row.environmentErrors == mine.count - finished.count)
            #expect(row.tasks == mine.count + (row.domain == "calc" ? 0 : 1))
            #expect(row.unfinished == (row.domain == "calc" ? 0 : 1))
            #expect(row.successes == finished.filter { $0.0 == 1 }.count)
            let mean = finished.map(\.0).reduce(0, +) / Double(finished.count)
            #expect(abs((row.meanScore ?? -1) - mean) < 1e-12)
            let steps = Double(finished.map(\.1).reduce(0, +)) / Double(finished.count)
            #expect(abs((row.meanSteps ?? -1) - steps) < 1e-12)
        }
        let table = summary.table()
        let lines = table.split(separator: "\n")
        #expect(lines.count == 2 + summary.domains.count + 1)
        #expect(lines.last?.hasPrefix("total") == true)
        #expect(table.contains(String(format: "%.1f%%", (summary.total.meanScore ?? 0) * 100)))
    }

    @Test("concurrent episodes writing at once lose no step and no result")
    func concurrentWrites() async throws {
        let folder = try TemporaryFolder("concurrent")
        let store = try RunStore(path: folder.url.appendingPathComponent("deskgym.sqlite"), logger: quietLogger())
        let run = try await store.startRun(configuration)
        let all = tasks(24, domain: "a") + tasks(24, domain: "b")
        _ = try await store.pendingTasks(all, in: run)
        let stepsPerTask = 6
        let root = folder.url
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, task) in all.enumerated() {
                group.addTask {
                    let attempt = try await store.markRunning(
                        task, in: run, folder: root.appendingPathComponent("\(task.domain)/\(task.id)"))
                    for step in 0..<stepsPerTask {
                        try await store.recordStep(
                            StepRecord(
                                step: step, actionText: "answer \(index).\(step)",
                                actions: [.moveTo(Point(x: index, y: step))]), for: attempt)
                    }
                    try await store.finishEpisode(
                        attempt,
                        outcome: EpisodeOutcome(
                            taskID: task.id, score: Double(index % 3) / 2,
                            steps: stepsPerTask - 1))
                }
            }
            try await group.waitForAll()
        }
        let episodes = try await store.episodes(of: run)
        #expect(episodes.count == all.count)
        #expect(episodes.allSatisfy { $0.status == .finished && $0.attempts == 1 })
        for episode in episodes {
            let index = try #require(all.firstIndex(of: episode.task))
            #expect(episode.score == Double(index % 3) / 2)
            let steps = try await store.steps(of: episode)
            #expect(steps.map(\.step) == Array(0..<stepsPerTask))
            #expect(steps.map(\.actionText) == (0..<stepsPerTask).map { "answer \(index).\($0)" })
            #expect(try steps.last?.actions() == [.moveTo(Point(x: index, y: stepsPerTask - 1))])
        }
        let summary = try await store.summary(of: run)
        #expect(summary.total.finished == all.count)
        #expect(abs(summary.total.scoreSum - all.indices.map { Double($0 % 3) / 2 }.reduce(0, +)) < 1e-9)
    }

    @Test("a file that is not SQLite is refused with an error naming it; a missing store too when not creating")
    func notADatabase() async throws {
        let folder = try TemporaryFolder("notdb")
        let path = folder.url.appendingPathComponent("deskgym.sqlite")
        try Data(String(repeating: "this is a text file, not a database\n", count: 200).utf8).write(to: path)
        let error = #expect(throws: RunStoreError.self) { try RunStore(path: path, logger: quietLogger()) }
        guard case .notADatabase? = error?.kind else {
            Issue.record("expected notADatabase, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains(path.path) == true)
        #expect(error?.description.contains("not a SQLite database") == true)
        // The file is left as it was.
        #expect(try String(contentsOf: path, encoding: .utf8).hasPrefix("this is a text file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["deskgym.sqlite"])

        let missing = folder.url.appendingPathComponent("elsewhere/deskgym.sqlite")
        let missingError = #expect(throws: RunStoreError.self) { try RunStore(path: missing, create: false, logger: quietLogger()) }
        #expect(missingError?.kind == .missing)
        #expect(missingError?.description.contains(missing.path) == true)
        #expect(!FileManager.default.fileExists(atPath: missing.deletingLastPathComponent().path))
    }

    @Test("an unknown run name lists the runs there are")
    func unknownRun() async throws {
        let folder = try TemporaryFolder("unknown")
        let store = try RunStore(path: folder.url.appendingPathComponent("deskgym.sqlite"), logger: quietLogger())
        _ = try await store.startRun(configuration)
        let error = await #expect(throws: RunStoreError.self) { try await store.run(named: "nope") }
        #expect(error?.kind == .unknownRun(name: "nope", known: ["baseline"]))
    }
}
