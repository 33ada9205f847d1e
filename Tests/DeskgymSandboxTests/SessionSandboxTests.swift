import DeskgymCore
import DeskgymTestSupport
import Foundation
import Logging
import Testing

@testable import DeskgymSandbox

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.sandbox")
    logger.logLevel = .warning
    return logger
}()

private let small = VMConfig(screen: .init(width: 640, height: 480, depth: 24), windowManager: nil, source: "sandbox-test")

/// Runs `body` with a started session, stopping it however `body` ends.
private func withSession<T>(_ config: VMConfig = small, _ body: (DesktopSession) async throws -> T) async throws -> T {
    let session = try await DesktopSession.start(config: config, logger: logger)
    do {
        let result = try await body(session)
        await session.stop()
        return result
    } catch {
        await session.stop()
        throw error
    }
}

/// The pids of this machine's processes whose command line contains `text`.
private func processes(containing text: String) -> [Int32] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
        guard let pid = Int32(entry), let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        return String(decoding: line, as: UTF8.self).replacingOccurrences(of: "\0", with: " ").contains(text) ? pid : nil
    }
}

/// A TCP listener on this machine's loopback (or on `address`), on a port the kernel picks.
private final class HostListener {
    let descriptor: Int32
    let port: Int

    init(address host: String = "127.0.0.1") throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 8) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

@Suite("Session sandbox", .serialized, .timeLimit(.minutes(3)))
struct SessionSandboxTests {
    @Test("a command runs as user 1000 without capabilities, with no_new_privs, in /home/user, on the session's hostname")
    func identity() async throws {
        try await withSession { session in
            let result = try await session.run(
                "id -un; id -u; pwd; hostname; grep -E '^(CapEff|CapPrm|NoNewPrivs)' /proc/self/status | tr -s '\\t' ' '")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.prefix(3) == ["user", "1000", "/home/user"], "\(result)")
            #expect(lines.count > 3 && lines[3] == "deskgym", "\(result)")
            #expect(lines.contains("CapEff: 0000000000000000") && lines.contains("CapPrm: 0000000000000000"), "\(result)")
            #expect(lines.contains("NoNewPrivs: 1"), "\(result)")
        }
    }

    @Test("a command cannot read /etc/shadow or write outside HOME and its private /tmp; what it writes in HOME is the session's")
    func filesystem() async throws {
        let marker = "deskgym-sandbox-\(UUID().uuidString)"
        try await withSession { session in
            let shadow = try await session.run("cat /etc/shadow")
            #expect(shadow.exitCode != 0 && shadow.stdout.isEmpty, "\(shadow)")
            for target in ["/etc/\(marker)", "/usr/\(marker)", "/\(marker)", "/var/\(marker)", "/root/\(marker)"] {
                let written = try await session.run("echo x > \(target)")
                #expect(written.exitCode != 0, "writing \(target): \(written)")
            }
            #expect(!FileManager.default.fileExists(atPath: "/etc/\(marker)"))
            let scratch = try await session.run("echo tmp > /tmp/\(marker) && cat /tmp/\(marker) && echo home > ~/\(marker)")
            #expect(scratch.exitCode == 0 && scratch.stdout == "tmp\n", "\(scratch)")
            // The session's /tmp is its own, not this machine's; HOME is the session folder's.
            #expect(!FileManager.default.fileExists(atPath: "/tmp/\(marker)"))
            let home = try String(contentsOf: session.home.appendingPathComponent(marker), encoding: .utf8)
            #expect(home == "home\n")
            // Neither the server's files nor another user's HOME are mounted.
            let listing = try await session.run("ls /home; ls \(FileManager.default.currentDirectoryPath) 2>&1")
            #expect(listing.stdout.hasPrefix("user\n") && listing.stdout.contains("No such file"), "\(listing)")
        }
    }

    @Test("a command sees only the session's processes: not the server, not its environment, not another session")
    func processIsolation() async throws {
        let secret = "DESKGYM_SECRET_\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        setenv(secret, "hidden", 1)
        defer { unsetenv(secret) }
        try await withSession { first in
            try await withSession { second in
                _ = try second.launch("sleep", arguments: ["301.5"])
                let listing = try await first.run(
                    "ps -e -o pid=,comm=; grep -a -l \(secret) /proc/*/environ 2>/dev/null; kill -0 \(getpid())")
                let names = listing.stdout.split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) ?? "" }
                #expect(!names.contains("sleep"), "another session's program is visible: \(listing)")
                #expect(!listing.stdout.contains("environ"), "the server's environment is readable: \(listing)")
                #expect(listing.exitCode != 0, "the server's pid is reachable: \(listing)")
                // Nor can a signal to every process reach anything outside the session.
                _ = try await first.run("kill -9 -1")
                try await second.checkHealth()
                #expect(!processes(containing: "sleep 301.5").isEmpty)
                let after = try await first.run("echo alive")
                #expect(after.stdout == "alive\n", "the sandbox's init survives kill -9 -1: \(after)")
            }
        }
    }

    @Test("a command cannot reach a port on this machine's loopback, nor any network with network none")
    func network() async throws {
        let listener = try HostListener()
        try await withSession { session in
            let host = try await session.run("exec 3<>/dev/tcp/127.0.0.1/\(listener.port) && echo connected")
            #expect(host.exitCode != 0 && !host.stdout.contains("connected"), "\(host)")
            let outside = try await session.run("exec 3<>/dev/tcp/192.0.2.1/80 && echo connected", timeout: .seconds(20))
            #expect(outside.exitCode != 0 && !outside.timedOut && outside.stderr.contains("unreachable"), "\(outside)")
            // Its network namespace has its loopback and nothing else.
            let interfaces = try await session.run("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '")
            #expect(interfaces.stdout == "lo\n", "\(interfaces)")
        }
    }

    @Test("network nat: a command reaches this machine's other addresses, not its loopback; slirp4netns ends with the session")
    func natNetwork() async throws {
        let address = try #require(Self.nonLoopbackAddress(), "this test needs an IPv4 address besides 127.0.0.1")
        let outside = try HostListener(address: address), loopback = try HostListener()
        var config = small
        config.network = .nat
        try await withSession(config) { session in
            #expect(session.confinement.sandbox.contains("network: nat"), "\(session.confinement)")
            let reached = try await session.run("exec 3<>/dev/tcp/\(address)/\(outside.port) && echo connected", timeout: .seconds(20))
            #expect(reached.stdout == "connected\n", "\(reached)")
            // The gateway leads to this machine, but not to its loopback.
            let gateway = try await session.run(
                "exec 3<>/dev/tcp/10.0.2.2/\(loopback.port) && echo connected", timeout: .seconds(20))
            #expect(gateway.exitCode != 0 && !gateway.stdout.contains("connected"), "\(gateway)")
            let direct = try await session.run("exec 3<>/dev/tcp/127.0.0.1/\(loopback.port) && echo connected")
            #expect(direct.exitCode != 0, "\(direct)")
            let setup = try await session.run("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort; cat /etc/resolv.conf")
            #expect(setup.stdout == "lo\ntap0\nnameserver 10.0.2.3\n", "\(setup)")
            #expect(!processes(containing: "slirp4netns --configure").isEmpty)
        }
        #expect(await eventually(within: .seconds(30)) { processes(containing: "slirp4netns --configure").isEmpty })
    }

    /// This machine's first IPv4 address that is not on its loopback.
    private static func nonLoopbackAddress() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return nil }
        defer { freeifaddrs(list) }
        var entry = list
        while let current = entry {
            defer { entry = current.pointee.ifa_next }
            guard let address = current.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            let ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            let text = String(cString: inet_ntoa(ipv4))
            if !text.hasPrefix("127.") { return text }
        }
        return nil
    }

    @Test("two sessions each listen on port 1337 of their own loopback")
    func ownLoopback() async throws {
        try await withSession { first in
            try await withSession { second in
                for (index, session) in [first, second].enumerated() {
                    _ = try session.launch("python3", arguments: ["-m", "http.server", "--bind", "127.0.0.1", "1337"])
                    try await Task.sleep(for: .milliseconds(10))
                    try "session \(index)\n".write(
                        to: session.home.appendingPathComponent("which.txt"), atomically: true, encoding: .utf8)
                }
                for (index, session) in [first, second].enumerated() {
                    var answer = ""
                    let served = await eventually(within: .seconds(20)) {
                        answer =
                            (try? await session.run(
                                "exec 3<>/dev/tcp/127.0.0.1/1337; printf 'GET /which.txt HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3"))?.stdout ?? ""
                        return answer.contains("200 OK")
                    }
                    #expect(served, "\(answer)")
                    #expect(answer.hasSuffix("session \(index)\n"), "\(answer)")
                }
            }
        }
    }

    @Test("what a command detaches dies with the session")
    func detachedDies() async throws {
        let marker = "302.\(Int.random(in: 100_000...999_999))"
        try await withSession { session in
            // A new session and process group: the command's group ending does not reach it.
            _ = try await session.run("setsid -f sleep \(marker)")
            #expect(await eventually(within: .seconds(30)) { processes(containing: "sleep \(marker)").count == 1 })
        }
        #expect(processes(containing: "sleep \(marker)").isEmpty)
    }

    @Test("the session's Xvfb refuses a client without its cookie")
    func xCookie() async throws {
        try await withSession { session in
            let xauthority = try #require(session.xauthority)
            let environment = ["PATH": "/usr/bin:/bin", "DISPLAY": session.displayName]
            func xdpyinfo(_ environment: [String: String]) async throws -> Int32? {
                let process = try ChildProcess.spawn("xdpyinfo", environment: environment)
                return await process.waitForExit(timeout: .seconds(20))?.exitCode
            }
            #expect(try await xdpyinfo(environment.merging(["XAUTHORITY": "/nonexistent"]) { $1 }) != 0)
            #expect(try await xdpyinfo(environment.merging(["XAUTHORITY": xauthority.path]) { $1 }) == 0)
        }
    }

    @Test("the server's reads and writes of session files never follow the session's links out of it")
    func linksStayInside() async throws {
        let marker = "deskgym-link-\(UUID().uuidString)"
        try await withSession { session in
            let made = try await session.run("ln -s /etc/shadow ~/leak; ln -s /etc/\(marker) ~/dangling; ln -s /etc/hostname ~/public")
            #expect(made.exitCode == 0, "\(made)")
            // Through HOME: an absolute link resolves beneath HOME, where there is no /etc/shadow.
            #expect(try session.readHomeFile("leak") == nil)
            // Through the sandbox's root: its /etc/shadow is this machine's, which its user may not read.
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent(marker)
            defer { try? FileManager.default.removeItem(at: copy) }
            #expect(try await session.copyFile(fromDesktop: session.hostPath(forProgramPath: "/home/user/leak"), to: copy) == false)
            // What the session's user may read comes through, as the sandbox sees it.
            #expect(try await session.copyFile(fromDesktop: session.hostPath(forProgramPath: "/home/user/public"), to: copy))
            #expect(try String(contentsOf: copy, encoding: .utf8) == "deskgym\n")
            // A write through a dangling link resolves beneath HOME (where no etc/ exists, so it
            // fails), never in this machine's /etc.
            #expect(throws: SessionError.self) { try session.writeHomeFile(Data("x".utf8), to: "dangling") }
            #expect(!FileManager.default.fileExists(atPath: "/etc/\(marker)"))
            // What the server writes is the session user's: a command may replace it.
            try session.writeHomeFile(Data("from server\n".utf8), to: "Documents/new.txt")
            let replaced = try await session.run("echo mine > ~/Documents/new.txt && cat ~/Documents/new.txt")
            #expect(replaced.stdout == "mine\n", "\(replaced)")
        }
    }

    @Test("limits: the session's memory and process count are capped, and its cgroups go with it")
    func limits() async throws {
        var config = small
        config.limits = VMConfig.Limits(memoryMiB: 128, processes: 64)
        var folders: [String] = []
        try await withSession(config) { session in
            let limits = try #require(session.sandbox?.limits)
            folders = limits.folders
            #expect(session.confinement.limits.contains("processes 64"), "\(session.confinement)")
            let forks = try await session.run("for i in $(seq 100); do sleep 3 & done 2>&1; wait; echo finished", timeout: .seconds(30))
            #expect(forks.stdout.contains("finished"))
            #expect(forks.stderr.contains("fork") || forks.stdout.contains("fork"), "100 processes ran under a limit of 64: \(forks)")
            if limits.mechanism == .cgroupV1 || limits.mechanism == .cgroupV2 {
                #expect(folders.allSatisfy { FileManager.default.fileExists(atPath: $0) })
                let memory = try await session.run("python3 -c 'b = bytearray(400 << 20); print(len(b))'", timeout: .seconds(30))
                #expect(memory.exitCode != 0 && !memory.stdout.contains("419430400"), "400 MiB under a limit of 128: \(memory)")
            } else {
                #expect(limits.mechanism == .rlimits)
            }
        }
        #expect(folders.allSatisfy { !FileManager.default.fileExists(atPath: $0) }, "cgroups left: \(folders)")
    }

    @Test("without limits a session still has a cgroup for accounting: every program it starts, detached or not, and their CPU time")
    func accounting() async throws {
        var folders: [String] = []
        try await withSession { session in
            let limits = try #require(session.sandbox?.limits)
            guard let usage = limits.usageFile, let members = limits.membersFile else {
                // Only where this server may write no cgroup at all (not root, no delegation).
                #expect(geteuid() != 0, "root can make a cgroup here")
                return
            }
            folders = limits.folders
            #expect(session.confinement.limits == "none")
            _ = try await session.run("setsid -f sleep 30")
            let before = try #require(ActivityProbe.cgroupCPUTime(usage))
            // A spin that ends after 0.15 s of its own CPU time, however long a loaded machine takes to give it that.
            _ = try await session.run("python3 -c 'import time\nwhile time.process_time() < 0.15: pass'")
            let after = try #require(ActivityProbe.cgroupCPUTime(usage))
            #expect(after - before >= 150_000_000, "a spin of 0.15 s of CPU time counted \(after - before) ns")
            // The detached child of `setsid -f` may still be between its fork and its exec of sleep
            // on a loaded machine: read the members until it shows as sleep (2 s at most).
            var listed: [Int32] = []
            var names: [String] = []
            let deadline = ContinuousClock.now + .seconds(2)
            repeat {
                listed = try String(contentsOfFile: members, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
                names = listed.compactMap { ProcessTree.Stat(pid: $0)?.name }
                if names.contains("sleep") { break }
                try await Task.sleep(for: .milliseconds(20))
            } while ContinuousClock.now < deadline
            #expect(names.contains("sleep") && listed.contains(session.sandbox!.initPID), "\(names)")
            #expect(!listed.contains(getpid()))
            var probe = session.activityProbe()
            let sample = probe.sample()
            #expect(sample.members.count == listed.count + 1, "the cgroup's processes and Xvfb")
        }
        #expect(folders.allSatisfy { !FileManager.default.fileExists(atPath: $0) }, "cgroups left: \(folders)")
    }

    @Test("the window manager and apps, started ahead, run inside as the config says, in the session's cgroup; an unused one ends")
    func heldPrograms() async throws {
        let config = VMConfig(
            screen: .init(width: 640, height: 480, depth: 24), windowManager: "openbox",
            apps: [VMConfig.App(command: "xterm", args: ["-title", "held xterm"], waitForWindow: "held xterm")], source: "sandbox-test")
        try await withSession(config) { session in
            let sandbox = try #require(session.sandbox)
            guard let members = sandbox.limits.membersFile else { return }  // no cgroup here: nothing is held
            let listed = try String(contentsOfFile: members, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
            let names = Set(listed.compactMap { ProcessTree.Stat(pid: $0)?.name })
            #expect(names.isSuperset(of: ["openbox", "xterm", "bash"]), "\(names)")
            #expect(!names.contains("sh"), "every held shell became its program: \(names)")
            let xterm = try #require(session.processes.first { $0.name == "xterm" })
            let commandLine = try #require(FileManager.default.contents(atPath: "/proc/\(xterm.pid)/cmdline"))
            #expect(String(decoding: commandLine, as: UTF8.self).contains("nsenter\0--target\0\(sandbox.initPID)\0"))
            let inside = try await session.run("ps -o user=,args= -C xterm,openbox")
            let lines = inside.stdout.split(separator: "\n")
            #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("user ") }, "\(inside.stdout)")
            #expect(inside.stdout.contains("xterm -title held xterm") && inside.stdout.contains("openbox --sm-disable"), "\(inside.stdout)")

            // One held for a program no spawn asks for: it ends when let go, and is reaped.
            let limits = SessionLimits.make(.init(), name: "deskgym-held-test-\(getpid())", logger: logger)
            let request = HeldProgram.Request(
                name: "sleep", command: "sleep", arguments: ["300"], environment: ["PATH": SessionSandbox.path], output: .discard)
            let held = try #require(HeldProgram.start(request, limits: limits))
            let membersFile = try #require(limits.membersFile)
            #expect(
                await eventually { ((try? String(contentsOfFile: membersFile, encoding: .utf8)) ?? "").contains("\(held.process.pid)") },
                "joined before it was released")
            held.drop()
            #expect(await eventually { held.process.poll() != nil })
            #expect(held.process.poll() == .exited(code: 125))
            _ = await held.process.terminate(grace: .seconds(1))
            await limits.remove()
        }
    }

    @Test("a sweep removes the empty session cgroups a killed server left, never one with processes")
    func sweepsLeftCgroups() async throws {
        let parent = "/sys/fs/cgroup/cpuacct"
        guard geteuid() == 0, FileManager.default.fileExists(atPath: parent + "/cgroup.procs") else { return }
        let empty = parent + "/deskgym-sweep-empty-\(getpid())", busy = parent + "/deskgym-sweep-busy-\(getpid())"
        #expect(mkdir(empty, 0o755) == 0 && mkdir(busy, 0o755) == 0)
        let sleeper = try ChildProcess.spawn(
            "sh", arguments: ["-c", "echo $$ > \(busy)/cgroup.procs && exec sleep 30"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(
            await eventually { ((try? String(contentsOfFile: busy + "/cgroup.procs", encoding: .utf8)) ?? "").contains("\(sleeper.pid)") })
        SessionLimits.sweep(parent, olderThan: -1)
        #expect(!FileManager.default.fileExists(atPath: empty))
        #expect(FileManager.default.fileExists(atPath: busy))
        _ = await sleeper.terminate(grace: .milliseconds(100))
        SessionLimits.sweep(parent, olderThan: -1)
        #expect(!FileManager.default.fileExists(atPath: busy))
    }

    @Test("bridges carry whole responses both ways: a server here to the session, a server in the session here")
    func bridges() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-bridge-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // 8 MiB: more than the sockets' buffers, so the end of the response waits behind them.
        let big = Data((0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try big.write(to: folder.appendingPathComponent("big.bin"))
        // A port the kernel picked, free again once the listener is released.
        let port = try HostListener().port
        let host = try ChildProcess.spawn(
            "python3", arguments: ["-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", folder.path],
            environment: ProcessInfo.processInfo.environment)
        defer { Task { _ = await host.terminate(grace: .milliseconds(200)) } }
        try await withSession { session in
            try await session.expose(hostPort: port)
            let fetch = "import urllib.request, sys; print(len(urllib.request.urlopen(sys.argv[1]).read()))"
            var inward = ""
            let fetched = await eventually(within: .seconds(20)) {
                inward = (try? await session.run("python3 -c '\(fetch)' http://127.0.0.1:\(port)/big.bin"))?.stdout ?? ""
                return inward == "\(big.count)\n"
            }
            #expect(fetched, "the session read \(inward) bytes of \(big.count)")
            // And the other way: a server in the session, read from here through reach(port:).
            try big.write(to: session.home.appendingPathComponent("big.bin"))
            _ = try session.launch("python3", arguments: ["-m", "http.server", "1337", "--bind", "127.0.0.1"])
            let reached = try await session.reach(port: 1337)
            var outward = ""
            let read = await eventually(within: .seconds(20)) {
                let process = try? ChildProcess.spawn(
                    "python3", arguments: ["-c", fetch, "http://127.0.0.1:\(reached)/big.bin"],
                    environment: ProcessInfo.processInfo.environment,
                    output: .separateFiles(stdout: folder.path + "/out", stderr: folder.path + "/err"))
                _ = await process?.waitForExit(timeout: .seconds(20))
                outward = (try? String(contentsOfFile: folder.path + "/out", encoding: .utf8)) ?? ""
                return outward == "\(big.count)\n"
            }
            #expect(read, "this machine read \(outward) bytes of \(big.count)")
        }
    }

    @Test("a session without a sandbox runs its commands here, as this server's user, with the host's HOME path")
    func noSandbox() async throws {
        var config = small
        config.sandbox = .none
        try await withSession(config) { session in
            let result = try await session.run("echo \"$HOME|$DISPLAY\"; id -u")
            #expect(result.stdout == "\(session.home.path)|\(session.displayName)\n\(getuid())\n", "\(result)")
        }
    }
}
