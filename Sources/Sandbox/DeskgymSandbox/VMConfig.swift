import DeskgymCore
import Foundation

/// An environment definition: what desktop a session runs and what is on it.
///
/// Written as YAML (see `vm-configs/README.md` for the format) and read with
/// ``load(from:)`` or ``parse(yaml:source:baseDirectory:)``. Decoding is strict: an unknown
/// field, a value of the wrong type or an invalid value is a ``VMConfigError`` that names the
/// file, the line, the field path and (for unknown fields) the closest known field.
public struct VMConfig: Sendable, Hashable {
    /// How the desktop is provided.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A local Xvfb server with a window manager and apps, each session in its own process group.
        case xvfb
        /// A desktop served by any VNC server, driven over VNC (see ``VMConfig/VNC``).
        case vnc
        /// A QEMU virtual machine booted from a disk image, driven over its VNC console, with
        /// commands run through the QEMU guest agent (see ``VMConfig/Qemu``).
        case qemu
    }

    /// The virtual screen: size in pixels and colour depth in bits.
    public struct Screen: Sendable, Hashable, CustomStringConvertible {
        /// Width in pixels, 1…``VMConfig/Screen/maximumDimension``.
        public var width: Int
        /// Height in pixels, 1…``VMConfig/Screen/maximumDimension``.
        public var height: Int
        /// Colour depth in bits, one of ``VMConfig/Screen/supportedDepths``.
        public var depth: Int

        /// The largest width or height the X protocol allows.
        public static let maximumDimension = 32767
        /// The depths the capture path handles.
        public static let supportedDepths: [Int] = [16, 24]

        public init(width: Int = 1920, height: Int = 1080, depth: Int = 24) {
            self.width = width
            self.height = height
            self.depth = depth
        }

        /// The size in pixels.
        public var size: Size { Size(width: width, height: height) }

        /// The form Xvfb's `-screen 0 WxHxD` option takes, e.g. `1920x1080x24`.
        public var description: String { "\(width)x\(height)x\(depth)" }
    }

    /// A program started on the desktop once the window manager is up.
    public struct App: Sendable, Hashable {
        /// The program, looked up on `PATH` (or a path containing `/`).
        public var command: String
        /// Its arguments (not including the command itself).
        public var args: [String]
        /// A label for logs and error messages; `nil` means the command name.
        public var name: String?
        /// A window title or WM_CLASS to wait for before the session counts as ready; `nil` means
        /// do not wait.
        public var waitForWindow: String?

        public init(command: String, args: [String] = [], name: String? = nil, waitForWindow: String? = nil) {
            self.command = command
            self.args = args
            self.name = name
            self.waitForWindow = waitForWindow
        }

        /// ``name`` if given, else ``command``.
        public var displayName: String { name ?? command }
    }

    /// How long to wait for the screen to become quiet after an action.
    public struct Settle: Sendable, Hashable {
        /// The screen counts as settled after this long without damage.
        public var quiet: Duration
        /// Stop waiting after this long even if the screen keeps changing.
        public var maximum: Duration
        /// Before a task is evaluated, the session's programs count as done after this long
        /// without running (``DesktopSession/waitUntilIdle(quiet:cap:)``); zero skips the wait.
        public var idle: Duration
        /// Evaluate after this long even if the session's programs keep running.
        public var idleMaximum: Duration
        /// What a step's settle waits for: the focused client's answer to a ping, the session's
        /// programs idle, the screen without repaints (all three unless set; `damage` always).
        public var signals: SettleSignals

        public init(
            quiet: Duration = .milliseconds(20), maximum: Duration = .milliseconds(2000),
            idle: Duration = .milliseconds(200), idleMaximum: Duration = .milliseconds(3000),
            signals: SettleSignals = .all
        ) {
            self.quiet = quiet
            self.maximum = maximum
            self.idle = idle
            self.idleMaximum = idleMaximum
            self.signals = signals
        }

        /// The policy of a step's settle.
        public var policy: SettlePolicy { SettlePolicy(quiet: quiet, cap: maximum, signals: signals) }
    }

    /// How a `vnc` session reaches its server, and how it runs commands.
    public struct VNC: Sendable, Hashable {
        /// Where setup steps and getters run their commands.
        public enum Commands: String, Sendable, Hashable, CaseIterable {
            /// Nowhere: a step or getter that runs a command fails, naming the vm-config.
            case none
            /// On this machine, with `HOME` = ``VMConfig/VNC/home`` and `DISPLAY` =
            /// ``VMConfig/VNC/display``: right only when the VNC server shows a desktop of this machine.
            case local
            /// In the machine behind the VNC server, through the QEMU guest agent socket
            /// ``VMConfig/VNC/guestAgent`` (a VM started elsewhere, by libvirt or a container):
            /// setup steps and getters then read and write the guest's files.
            case guestAgent = "guest_agent"
        }

        /// The server's host name or address.
        public var host: String
        /// The server's TCP port.
        public var port: Int
        /// The VNC password, or nil when the server asks for none.
        public var password: String?
        /// The local X display behind the server (`:5`), when there is one: window list,
        /// activation and closing go through it, and local commands get it as `DISPLAY`.
        public var display: String?
        /// The Xauthority file whose cookie `display` takes (a Deskgym session's Xvfb takes one);
        /// nil when the display takes none.
        public var xauthority: String?
        /// Where commands run.
        public var commands: Commands
        /// The HOME of the desktop's user on this machine: local commands run there, and task
        /// paths under `/home/user` map to it. Nil: a fresh, empty HOME in the session folder.
        /// With `commands: guest_agent`, the guest user's HOME (default `/home/user`).
        public var home: String?
        /// The Unix socket of the guest's QEMU guest agent, for `commands: guest_agent`.
        public var guestAgent: String?
        /// How long to wait for the connection and the first framebuffer.
        public var connectTimeout: Duration

        public init(
            host: String = "127.0.0.1", port: Int = 5900, password: String? = nil, display: String? = nil,
            commands: Commands = .none, home: String? = nil, guestAgent: String? = nil,
            connectTimeout: Duration = .seconds(10), xauthority: String? = nil
        ) {
            self.xauthority = xauthority
            self.host = host
            self.port = port
            self.password = password
            self.display = display
            self.commands = commands
            self.home = home
            self.guestAgent = guestAgent
            self.connectTimeout = connectTimeout
        }
    }

    /// How a `qemu` session boots its virtual machine.
    public struct Qemu: Sendable, Hashable {
        /// Hardware acceleration.
        public enum Accel: String, Sendable, Hashable, CaseIterable {
            /// KVM when `/dev/kvm` can be opened, else TCG.
            case auto
            /// KVM; start fails without it.
            case kvm
            /// Software emulation (slow, works everywhere).
            case tcg
        }

        /// Absolute path of the disk image (qcow2 or raw). It is never written: every session
        /// boots it with `-snapshot`, so every reset starts from the same disk.
        public var image: String
        /// The image format (`qcow2`, `raw`, …); nil: taken from the file name (`.qcow2` is
        /// qcow2, anything else raw).
        public var format: String?
        /// The QEMU program, looked up on `PATH`.
        public var binary: String
        /// Guest memory in MiB.
        public var memoryMiB: Int
        /// Virtual CPUs.
        public var cpus: Int
        /// Hardware acceleration.
        public var accel: Accel
        /// Whether the VM has a QEMU guest agent channel (virtio-serial `org.qemu.guest_agent.0`)
        /// through which setup steps and getters run commands. The session waits for the agent
        /// to answer before it counts as ready.
        public var guestAgent: Bool
        /// The guest user's HOME, where task paths under `/home/user` point.
        public var guestHome: String
        /// The guest's X display, which programs started in the guest get as `DISPLAY`.
        public var guestDisplay: String
        /// How long the VM may take from launch to ready (screen at its configured size, and the
        /// guest agent answering when enabled).
        public var bootTimeout: Duration
        /// Extra QEMU arguments, appended.
        public var args: [String]

        public init(
            image: String, format: String? = nil, binary: String = "qemu-system-x86_64", memoryMiB: Int = 2048,
            cpus: Int = 2, accel: Accel = .auto, guestAgent: Bool = true, guestHome: String = "/home/user", guestDisplay: String = ":0",
            bootTimeout: Duration = .seconds(300), args: [String] = []
        ) {
            self.image = image
            self.format = format
            self.binary = binary
            self.memoryMiB = memoryMiB
            self.cpus = cpus
            self.accel = accel
            self.guestAgent = guestAgent
            self.guestHome = guestHome
            self.guestDisplay = guestDisplay
            self.bootTimeout = bootTimeout
            self.args = args
        }

        /// ``format`` if given, else the one the file name suggests.
        public var resolvedFormat: String {
            format ?? (image.lowercased().hasSuffix(".qcow2") ? "qcow2" : "raw")
        }
    }

    /// Where an `xvfb` session's programs run.
    public enum Sandbox: String, Sendable, Hashable, CaseIterable {
        /// In Linux namespaces of the session's own (user, PID, mount, network, IPC, UTS), built
        /// with bubblewrap: user `user` (uid 1000) without capabilities, HOME at `/home/user`, a
        /// private `/tmp`, its own loopback, the system read-only. See `docs/security.md`.
        case namespaces
        /// As this server's user, on this machine's filesystem and network (for machines without
        /// user namespaces); the session warns at start.
        case none
    }

    /// The network a sandboxed session reaches (`network:`).
    public enum Network: String, Sendable, Hashable, CaseIterable {
        /// Its own loopback only.
        case none
        /// Its loopback and, through a NAT (slirp4netns), what this machine reaches — except this
        /// machine's loopback.
        case nat
    }

    /// What one sandboxed session may use (`limits:`); nil fields are not limited.
    public struct Limits: Sendable, Hashable, CustomStringConvertible {
        /// Memory of all the session's programs together, in MiB.
        public var memoryMiB: Int?
        /// Processes (and threads) of the session at once.
        public var processes: Int?
        /// CPU share relative to other sessions (cgroup v1 `cpu.shares`; 1024 is an even share).
        public var cpuShares: Int?

        public init(memoryMiB: Int? = nil, processes: Int? = nil, cpuShares: Int? = nil) {
            self.memoryMiB = memoryMiB
            self.processes = processes
            self.cpuShares = cpuShares
        }

        /// Whether nothing is limited.
        public var isEmpty: Bool { memoryMiB == nil && processes == nil && cpuShares == nil }

        public var description: String {
            [memoryMiB.map { "memory_mb \($0)" }, processes.map { "processes \($0)" }, cpuShares.map { "cpu_shares \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
        }
    }

    /// How the desktop is provided. The only required field.
    public var kind: Kind
    /// A short name for logs; defaults to the config file's name without extension
    /// (`default` for ``VMConfig/default``).
    public var name: String
    /// The virtual screen. For `vnc` and `qemu` the server decides the size; the session checks
    /// (waits, for `qemu`) that it is this one, which agents are told.
    public var screen: Screen
    /// Whether Xvfb keeps its GLX extension (costs about 50 MiB per session).
    public var glx: Bool
    /// Whether the session runs an accessibility bus and registry and its apps expose their
    /// accessibility trees (`xvfb` only; on unless set to false).
    public var accessibility: Bool
    /// The window manager command, or `nil` for none (`window_manager: none`).
    public var windowManager: String?
    /// Extra arguments for the window manager.
    public var windowManagerArgs: [String]
    /// Programs started after the window manager, in order.
    public var apps: [App]
    /// Absolute path of the folder copied into each session's fresh HOME, or `nil` for an empty
    /// HOME. In YAML a relative path is taken relative to the config file's folder.
    public var homeTemplate: String?
    /// Extra environment variables for every process of the session.
    public var env: [String: String]
    /// Extra arguments appended to the Xvfb command line.
    public var xvfbArgs: [String]
    /// Where the session's programs run (`xvfb` only): ``Sandbox/namespaces`` unless set.
    public var sandbox: Sandbox
    /// What a sandboxed session may use (`xvfb` with `sandbox: namespaces` only); none by default.
    public var limits: Limits
    /// The network of a sandboxed session: ``Network/none`` (its loopback only) unless set.
    public var network: Network
    /// Screen settling after actions.
    public var settle: Settle
    /// The VNC server of a `vnc` session (nil for other kinds).
    public var vnc: VNC?
    /// The virtual machine of a `qemu` session (nil for other kinds).
    public var qemu: Qemu?
    /// Where this config came from (a file path, or the `source` given to ``parse(yaml:source:baseDirectory:)``).
    public var source: String

    public init(
        kind: Kind = .xvfb,
        name: String = "default",
        screen: Screen = Screen(),
        glx: Bool = false,
        accessibility: Bool = true,
        windowManager: String? = "openbox",
        windowManagerArgs: [String] = [],
        apps: [App] = [],
        homeTemplate: String? = nil,
        env: [String: String] = [:],
        xvfbArgs: [String] = [],
        sandbox: Sandbox = .namespaces,
        limits: Limits = Limits(),
        network: Network = .none,
        settle: Settle = Settle(),
        vnc: VNC? = nil,
        qemu: Qemu? = nil,
        source: String = "<built-in>"
    ) {
        self.kind = kind
        self.name = name
        self.screen = screen
        self.glx = glx
        self.accessibility = accessibility
        self.windowManager = windowManager
        self.windowManagerArgs = windowManagerArgs
        self.apps = apps
        self.homeTemplate = homeTemplate
        self.env = env
        self.xvfbArgs = xvfbArgs
        self.sandbox = sandbox
        self.limits = limits
        self.network = network
        self.settle = settle
        self.vnc = vnc
        self.qemu = qemu
        self.source = source
    }

    /// An Xvfb desktop at 1920x1080x24 with openbox, no apps, no GLX and an empty HOME.
    public static let `default` = VMConfig()
}
