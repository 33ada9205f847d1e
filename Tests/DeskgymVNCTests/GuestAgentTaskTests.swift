import DeskgymAgents
import DeskgymCore
import DeskgymRuntime
import DeskgymSandbox
import Foundation
import Testing

/// A stand-in for a VM's guest: a real `qemu-ga` in a mount namespace of its own, where the guest
/// HOME exists (the served desktop's HOME bound under a tmpfs) and which this process cannot see.
/// So a file a setup step or getter handles reaches the guest only through the agent.
struct NamespacedGuestAgent {
    let process: ChildProcess
    let socket: String
    /// Empty here; the guest's tmpfs in the namespace.
    let guestRoot: URL
    /// The guest HOME, a path that exists only in the namespace.
    var home: String { guestRoot.appendingPathComponent("home").path }

    static func start(showing served: URL, in folder: URL) async throws -> NamespacedGuestAgent {
        let root = folder.appendingPathComponent("guest-root")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let socket = folder.appendingPathComponent("qga.sock").path
        let script = """
            set -e
            mount -t tmpfs deskgym-guest "$1"
            mkdir "$1/home"
            mount --bind "$2" "$1/home"
            exec qemu-ga --method unix-listen --path "$3" --pidfile "$4" --statedir "$5"
            """
        // Root (or CAP_SYS_ADMIN) can make a mount namespace; elsewhere a user namespace mapping
        // this user to root can.
        let ways = [["--mount", "--propagation", "private"], ["--user", "--map-root-user", "--mount", "--propagation", "private"]]
        var logs: [String] = []
        for (index, way) in ways.enumerated() {
            let log = folder.appendingPathComponent("qga-\(index).log")
            let process = try ChildProcess.spawn(
                "unshare",
                arguments: way + [
                    "sh", "-c", script, "sh", root.path, served.path, socket,
                    folder.appendingPathComponent("qga.pid").path, folder.path,
                ],
                environment: ProcessInfo.processInfo.environment, output: .appendToFile(path: log.path))
            let agent = GuestAgent(socketPath: socket)
            for _ in 0..<200 {
                if agent.ping(timeout: .milliseconds(300)) {
                    return NamespacedGuestAgent(process: process, socket: socket, guestRoot: root)
                }
                if process.poll() != nil { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            _ = await process.terminate(grace: .seconds(1))
            logs.append("unshare \(way.joined(separator: " ")): " + ((try? String(contentsOf: log, encoding: .utf8)) ?? ""))
            try? FileManager.default.removeItem(atPath: socket)
        }
        Issue.record("no namespaced qemu-ga could start: \(logs.joined(separator: "; "))")
        throw CancellationError()
    }

    func stop() async {
        _ = await process.terminate(grace: .seconds(2))
    }
}

@Suite("A task through a guest agent", .serialized, .timeLimit(.minutes(4)))
struct GuestAgentTaskTests {
    /// A task whose setup puts files in the guest, starts a program there and activates a window
    /// with wmctrl there; whose agent works over VNC; whose getters read guest files (`vm_file`,
    /// `list_directory`) and run a guest command.
    static let task = """
        {
          "id": "guest-files",
          "instruction": "Write an upper-case copy of ~/docs/notes.txt to ~/upper.txt, then move notes.txt into ~/archive.",
          "config": [
            {"type": "upload_file", "parameters": {"files": [
              {"local_path": "notes.txt", "path": "/home/user/docs/notes.txt"},
              {"local_path": "expected.txt", "path": "/home/user/docs/expected.txt"}]}},
            {"type": "execute", "parameters": {"command": "mkdir -p /home/user/archive && printf 'old\\\\n' > /home/user/archive/a.txt", "shell": true}},
            {"type": "launch", "parameters": {"command": ["bash", "-c", "echo launched > /home/user/launched.txt"]}},
            {"type": "activate_window", "parameters": {"window_name": "Terminal", "strict": true}}
          ],
          "evaluator": {
            "func": ["compare_text_file", "check_direct_json_object", "exact_match"],
            "conj": "and",
            "result": [
              {"type": "vm_file", "path": "/home/user/upper.txt", "dest": "upper.txt"},
              {"type": "list_directory", "path": "/home/user/archive"},
              {"type": "vm_command_line", "command": "cat /home/user/launched.txt", "shell": true}
            ],
            "expected": [
              {"type": "vm_file", "path": "/home/user/docs/expected.txt", "dest": "expected.txt"},
              {"type": "rule", "rules": {"expected": {"type": "directory", "name": "archive", "children": [
                {"type": "file", "name": "a.txt"}, {"type": "file", "name": "notes.txt"}]}}},
              {"type": "rule", "rules": {"expected": "launched\\n"}}
            ]
          },
          "deskgym": {
            "vm_config": "default",
            "reference_solution": {"grammar": "pyautogui", "actions": [
              "pyautogui.write('tr a-z A-Z < ~/docs/notes.txt > ~/upper.txt && mv ~/docs/notes.txt ~/archive/\\\\n')",
              "DONE"]}
          }
        }
        """

    private func run(_ agent: ScriptedAgent, taskFile: URL, vmConfigs: URL) async throws -> EpisodeResult {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-guest-episode-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        let runner = EpisodeRunner(
            taskFile: taskFile, agent: agent, output: output, vmConfigsFolder: vmConfigs,
            evaluator: MetricBridge.evaluator)
        return try await runner.run(logger: logger)
    }

    @Test(
        "setup writes guest files and starts a guest program, typing over VNC changes them, getters read them back; this machine sees none of it"
    )
    func taskInTheGuest() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-guest-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The served desktop stands for the VM's screen: its terminal acts on the files the guest
        // agent (root in a namespace of its own) writes, as one user of one machine would.
        var desktop = try VMConfig.load(from: repository.appendingPathComponent("vm-configs/default.yaml"))
        desktop.screen = VMConfig.Screen(width: 1024, height: 768, depth: 24)
        desktop.sandbox = .none
        let served = try await ServedDesktop.start(config: desktop)
        defer { Task { await served.session.stop() } }
        let guest = try await NamespacedGuestAgent.start(showing: served.session.home, in: folder)
        defer { Task { await guest.stop() } }
        #expect(!FileManager.default.fileExists(atPath: guest.home), "the guest HOME is not visible here")

        let configs = folder.appendingPathComponent("vm-configs")
        try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
        let size = served.session.desktop.screenSize
        try """
        kind: vnc
        screen: \(size.width)x\(size.height)
        vnc:
          port: \(served.port)
          password: "\(vncPassword)"
          display: "\(served.session.displayName)"
          xauthority: \(served.session.xauthority?.path ?? "")
          guest_agent: \(guest.socket)
          home: \(guest.home)
        settle: {quiet_ms: 120, max_ms: 3000}
        """.write(to: configs.appendingPathComponent("default.yaml"), atomically: true, encoding: .utf8)
        let tasks = folder.appendingPathComponent("tasks")
        try FileManager.default.createDirectory(at: tasks, withIntermediateDirectories: true)
        try "pear\napple\n".write(to: tasks.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try "PEAR\nAPPLE\n".write(to: tasks.appendingPathComponent("expected.txt"), atomically: true, encoding: .utf8)
        let taskFile = tasks.appendingPathComponent("guest-files.json")
        try Self.task.write(to: taskFile, atomically: true, encoding: .utf8)

        let idle = try await run(ScriptedAgent(.none), taskFile: taskFile, vmConfigs: configs)
        #expect(idle.environmentError == nil, "\(idle.environmentError ?? "")")
        #expect(idle.score == 0, "doing nothing leaves no upper.txt and notes.txt in place")
        let home = served.session.home
        #expect(
            try String(contentsOf: home.appendingPathComponent("docs/notes.txt"), encoding: .utf8) == "pear\napple\n",
            "upload_file put the file in the guest")
        #expect(
            try String(contentsOf: home.appendingPathComponent("launched.txt"), encoding: .utf8) == "launched\n",
            "launch started the program in the guest")

        try? FileManager.default.removeItem(at: home.appendingPathComponent("docs"))
        try? FileManager.default.removeItem(at: home.appendingPathComponent("archive"))
        let solved = try await run(ScriptedAgent(.reference), taskFile: taskFile, vmConfigs: configs)
        #expect(solved.environmentError == nil, "\(solved.environmentError ?? "")")
        #expect(solved.score == 1)
        #expect(
            FileManager.default.fileExists(atPath: home.appendingPathComponent("archive/notes.txt").path),
            "the command typed over VNC ran in the served desktop")
        #expect(!FileManager.default.fileExists(atPath: guest.home), "still nothing of the guest here")
        await guest.stop()
        await served.session.stop()
    }

    @Test("a guest agent socket where no agent answers is an error naming the socket")
    func noAgent() async throws {
        let served = try await ServedDesktop.start()
        defer { Task { await served.session.stop() } }
        let socket = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-no-agent-\(UUID()).sock").path
        let size = served.session.desktop.screenSize
        let config = try VMConfig.parse(
            yaml: """
                kind: vnc
                screen: \(size.width)x\(size.height)
                vnc: {port: \(served.port), password: "\(vncPassword)", guest_agent: \(socket), connect_timeout_ms: 1000}
                """, source: "guest.yaml")
        await #expect {
            _ = try await DesktopSession.start(config: config, logger: logger)
        } throws: { error in
            "\(error)".contains(socket) && "\(error)".contains("guest agent")
        }
        await served.session.stop()
    }
}
