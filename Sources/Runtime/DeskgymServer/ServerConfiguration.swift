import DeskgymSandbox
import Foundation

/// How `deskgym serve` runs: where it listens, how many desktops it holds, where tasks and
/// vm-configs are found, and who may call it.
public struct ServerConfiguration: Sendable {
    /// The address to bind; loopback unless a ``token`` is set.
    public var host: String
    /// The port; 0 lets the system pick one (the running server reports it).
    public var port: Int
    /// The most sessions alive (or starting) at once; more are refused with 429.
    public var capacity: Int
    /// Where `vm_config` names are looked up (`<name>.yaml`).
    public var vmConfigsFolder: URL
    /// Where `domain/id` task names are looked up (`<domain>/<id>.json`).
    public var tasksFolder: URL
    /// The bearer token every route but `/health` requires; nil for none (loopback only). At
    /// least ``minimumTokenBytes`` bytes of UTF-8.
    public var token: String?
    /// The lease of a session that asks for none: reclaimed after this long untouched.
    public var defaultLease: Duration
    /// The longest lease a client may ask for.
    public var maximumLease: Duration
    /// How often the sweeper looks for expired leases.
    public var sweepInterval: Duration
    /// The largest request body accepted (413 above).
    public var maximumBodyBytes: Int
    /// The `Retry-After` hint, in seconds, sent with 429.
    public var retryAfterSeconds: Int
    /// The parent of the session folders (each session's HOME lives there).
    public var sessionRoot: URL
    /// Where sessions keep their training records (`<id>/episode-NNNN/`); nil keeps none.
    public var recordsFolder: URL?
    /// How long a connection may stay open without a request: a client that connects and sends
    /// no complete request head within this time, or leaves a kept-alive connection idle this
    /// long after an answer, is disconnected. WebSocket streams are not affected.
    public var idleTimeout: Duration

    /// The shortest bearer token accepted, in bytes: `openssl rand -hex 16` gives 32.
    public static let minimumTokenBytes = 16

    public init(
        host: String = "127.0.0.1", port: Int = 8765, capacity: Int = 4,
        vmConfigsFolder: URL = URL(fileURLWithPath: "vm-configs"), tasksFolder: URL = URL(fileURLWithPath: "tasks"),
        token: String? = nil, defaultLease: Duration = .seconds(600), maximumLease: Duration = .seconds(86_400),
        sweepInterval: Duration = .seconds(1), maximumBodyBytes: Int = 64 << 20, retryAfterSeconds: Int = 5,
        sessionRoot: URL = DesktopSession.defaultRoot, recordsFolder: URL? = nil, idleTimeout: Duration = .seconds(30)
    ) {
        self.recordsFolder = recordsFolder
        self.idleTimeout = idleTimeout
        self.host = host
        self.port = port
        self.capacity = capacity
        self.vmConfigsFolder = vmConfigsFolder
        self.tasksFolder = tasksFolder
        self.token = token
        self.defaultLease = defaultLease
        self.maximumLease = maximumLease
        self.sweepInterval = sweepInterval
        self.maximumBodyBytes = maximumBodyBytes
        self.retryAfterSeconds = retryAfterSeconds
        self.sessionRoot = sessionRoot
    }

    /// Whether `host` only accepts connections from this machine: `localhost`, `::1` or an address
    /// in 127.0.0.0/8.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Refuses settings the server must not run with: a non-loopback address without a token,
    /// an empty or short token, a capacity, port or idle time-out out of range, missing folders.
    public func validate() throws(ServerConfigurationError) {
        if let token, token.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ServerConfigurationError(field: "token", message: "the bearer token is empty")
        }
        if let token, token.utf8.count < Self.minimumTokenBytes {
            throw ServerConfigurationError(
                field: "token",
                message: "the bearer token is \(token.utf8.count) bytes long; it must be at least "
                    + "\(Self.minimumTokenBytes) (make one with 'openssl rand -hex 32')")
        }
        if !Self.isLoopback(host) && token == nil {
            throw ServerConfigurationError(
                field: "host",
                message: "binding \(host) exposes desktops beyond this machine: a bearer token is required "
                    + "(set it in the environment variable named by --token-env), or bind 127.0.0.1")
        }
        guard (0...65535).contains(port) else {
            throw ServerConfigurationError(field: "port", message: "must be 0…65535, got \(port)")
        }
        guard capacity >= 1 else {
            throw ServerConfigurationError(field: "capacity", message: "must be at least 1, got \(capacity)")
        }
        guard idleTimeout > .zero else {
            throw ServerConfigurationError(field: "idle-timeout", message: "must be positive, got \(idleTimeout)")
        }
        guard defaultLease > .zero, maximumLease >= defaultLease else {
            throw ServerConfigurationError(field: "lease", message: "the default lease must be positive and at most the maximum lease")
        }
        for (field, folder) in [("vm-configs", vmConfigsFolder), ("tasks", tasksFolder)] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw ServerConfigurationError(field: field, message: "folder not found: \(folder.path)")
            }
        }
    }
}
