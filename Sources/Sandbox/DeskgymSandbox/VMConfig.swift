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
        /// A remote desktop reached over VNC (not supported yet by sessions).
        case vnc
        /// A QEMU virtual machine (not supported yet by sessions).
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

        public init(quiet: Duration = .milliseconds(40), maximum: Duration = .milliseconds(2000)) {
            self.quiet = quiet
            self.maximum = maximum
        }
    }

    /// How the desktop is provided. The only required field.
    public var kind: Kind
    /// A short name for logs; defaults to the config file's name without extension
    /// (`default` for ``VMConfig/default``).
    public var name: String
    /// The virtual screen.
    public var screen: Screen
    /// Whether Xvfb keeps its GLX extension (costs about 50 MiB per session).
    public var glx: Bool
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
    /// Screen settling after actions.
    public var settle: Settle
    /// Where this config came from (a file path, or the `source` given to ``parse(yaml:source:baseDirectory:)``).
    public var source: String

    public init(kind: Kind = .xvfb,
                name: String = "default",
                screen: Screen = Screen(),
                glx: Bool = false,
                windowManager: String? = "openbox",
                windowManagerArgs: [String] = [],
                apps: [App] = [],
                homeTemplate: String? = nil,
                env: [String: String] = [:],
                xvfbArgs: [String] = [],
                settle: Settle = Settle(),
                source: String = "<built-in>") {
        self.kind = kind
        self.name = name
        self.screen = screen
        self.glx = glx
        self.windowManager = windowManager
        self.windowManagerArgs = windowManagerArgs
        self.apps = apps
        self.homeTemplate = homeTemplate
        self.env = env
        self.xvfbArgs = xvfbArgs
        self.settle = settle
        self.source = source
    }

    /// An Xvfb desktop at 1920x1080x24 with openbox, no apps, no GLX and an empty HOME.
    public static let `default` = VMConfig()
}
