import ArgumentParser
import DeskgymSandbox
import DeskgymServer
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve desktop sessions over HTTP for agents and RL trainers (see docs/http-api.md).",
        discussion: """
            Binds 127.0.0.1 by default. Binding any other address requires a bearer token, read from the \
            environment variable --token-env names; with a token, every route but /health needs \
            'Authorization: Bearer <token>'. SIGINT or SIGTERM stops taking requests, finishes the running ones \
            and stops every session.
            """)

    @Option(help: "The address to bind.")
    var host = "127.0.0.1"
    @Option(help: "The port (0: any free port; the chosen one is printed).")
    var port = 8765
    @Option(help: "The most sessions alive at once; more are answered 429.")
    var capacity = 4
    @OptionGroup var vmConfigs: VMConfigsOption
    @Option(help: "Where \"domain/id\" task names are looked up.")
    var tasks = "tasks"
    @Option(help: "The environment variable holding the bearer token (required when --host is not loopback).")
    var tokenEnv = "DESKGYM_TOKEN"
    @Option(help: "The lease of a session that asks for none, in seconds.")
    var leaseSeconds = 600.0
    @Option(help: "The largest request body, in MiB.")
    var maxBodyMb = 64
    @Option(help: "Seconds a connection may stay open without a request before it is closed.")
    var idleSeconds = 30.0
    @Option(help: "Keep training records: each session's episodes as trajectory folders under DIR/<session id>/ (see docs/rollouts.md).")
    var records: String?
    @Option(help: "Keep this many started desktops waiting per vm-config (0: start one per session and reset).")
    var warm = 0
    @Option(help: "A vm-config name to warm up at start (repeat for several); needs --warm.")
    var prewarm: [String] = []
    @OptionGroup var logLevel: LogLevelOption

    func validate() throws {
        guard leaseSeconds > 0 else { throw ValidationError("--lease-seconds must be positive, got \(leaseSeconds)") }
        guard warm >= 0 else { throw ValidationError("--warm must be 0 or more, got \(warm)") }
        guard prewarm.isEmpty || warm > 0 else { throw ValidationError("--prewarm needs --warm N (N ≥ 1)") }
        guard maxBodyMb >= 1 else { throw ValidationError("--max-body-mb must be at least 1, got \(maxBodyMb)") }
        guard idleSeconds > 0 else { throw ValidationError("--idle-seconds must be positive, got \(idleSeconds)") }
    }

    func run() async throws {
        let logger = logLevel.logger()
        let token = ProcessInfo.processInfo.environment[tokenEnv].flatMap { $0.isEmpty ? nil : $0 }
        let configuration = ServerConfiguration(
            host: host, port: port, capacity: capacity, vmConfigsFolder: vmConfigs.folder,
            tasksFolder: URL(fileURLWithPath: tasks), token: token,
            defaultLease: .milliseconds(Int64(leaseSeconds * 1000)),
            maximumLease: .milliseconds(Int64(max(leaseSeconds, 86_400) * 1000)),
            maximumBodyBytes: maxBodyMb << 20, recordsFolder: records.map { URL(fileURLWithPath: $0) },
            idleTimeout: .milliseconds(Int64(idleSeconds * 1000)))
        var pool: WarmPoolFactory?
        var configs: [VMConfig] = []
        if warm > 0 {
            for name in prewarm {
                do {
                    configs.append(try VMConfig.load(from: vmConfigs.folder.appendingPathComponent("\(name).yaml")))
                } catch {
                    throw ValidationError("--prewarm \(name): \(error)")
                }
            }
            pool = WarmPoolFactory(size: warm, root: configuration.sessionRoot, logger: logger)
        }
        let server: EnvironmentServer
        do {
            server = try EnvironmentServer(
                configuration: configuration, factory: pool, stopOnSignals: true,
                logger: logger)
        } catch  where error.field == "host" {
            throw ValidationError(
                "--host \(host) is not a loopback address: a bearer token is required; set it in "
                    + "$\(tokenEnv) (see --token-env), or bind 127.0.0.1")
        } catch  where error.field == "token" {
            throw ValidationError("$\(tokenEnv): \(error.message)")
        } catch {
            throw ValidationError("\(error)")
        }
        // Only once the server is sure to run: a refused configuration must leave nothing started.
        await pool?.prewarm(configs)
        async let serving: Void = server.run()
        if let bound = await server.listeningPort() {
            let shown = host.contains(":") ? "[\(host)]" : host
            emit("listening on http://\(shown):\(bound) (capacity \(capacity)\(token == nil ? "" : ", bearer token required"))")
        }
        try await serving
        emit("stopped: every session is gone")
    }
}
