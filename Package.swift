// swift-tools-version: 6.1
import PackageDescription

/// C libraries are reached only through these system-library targets, one per library.
/// Only the driver and image modules import them.
let cShims: [Target] = [
    .systemLibrary(
        name: "CX11", path: "Sources/CShims/CX11", pkgConfig: "x11",
        providers: [.apt(["libx11-dev"])]),
    .systemLibrary(
        name: "CXExt", path: "Sources/CShims/CXExt", pkgConfig: "xext",
        providers: [.apt(["libxext-dev"])]),
    .systemLibrary(
        name: "CXTest", path: "Sources/CShims/CXTest", pkgConfig: "xtst",
        providers: [.apt(["libxtst-dev"])]),
    .systemLibrary(
        name: "CXDamage", path: "Sources/CShims/CXDamage", pkgConfig: "xdamage",
        providers: [.apt(["libxdamage-dev"])]),
    .systemLibrary(
        name: "CXFixes", path: "Sources/CShims/CXFixes", pkgConfig: "xfixes",
        providers: [.apt(["libxfixes-dev"])]),
    .systemLibrary(
        name: "CZlibSystem", path: "Sources/CShims/CZlibSystem", pkgConfig: "zlib",
        providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
        name: "CPNG", path: "Sources/CShims/CPNG", pkgConfig: "libpng",
        providers: [.apt(["libpng-dev"])]),
    // libjpeg reports errors by longjmp, which Swift cannot catch: a small C wrapper owns the setjmp.
    .target(name: "CJPEG", path: "Sources/CShims/CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
    // libvncclient (pkg-config libvncclient: -lvncclient). A C target rather than a system library:
    // its log callbacks are variadic C function pointers, which only C can implement.
    .target(name: "CVNCClient", path: "Sources/CShims/CVNCClient", linkerSettings: [.linkedLibrary("vncclient")]),
    // libc's variadic prctl, which Swift cannot call directly.
    .target(name: "CProcessControl", path: "Sources/CShims/CProcessControl"),
    // The RFB server library; shim.h routes its variadic log hooks to a plain callback.
    // libdbus: the accessibility reader speaks AT-SPI's D-Bus interfaces with it.
    .systemLibrary(
        name: "CDBus", path: "Sources/CShims/CDBus", pkgConfig: "dbus-1",
        providers: [.apt(["libdbus-1-dev"])]),
    .systemLibrary(
        name: "CVNCServer", path: "Sources/CShims/CVNCServer", pkgConfig: "libvncserver",
        providers: [.apt(["libvncserver-dev"])]),
]

let package = Package(
    name: "Deskgym",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "deskgym", targets: ["DeskgymCLI"]),
        .library(name: "DeskgymCore", targets: ["DeskgymCore"]),
        .library(name: "DeskgymX11", targets: ["DeskgymX11"]),
        .library(name: "DeskgymImage", targets: ["DeskgymImage"]),
        .library(name: "DeskgymVNC", targets: ["DeskgymVNC"]),
        .library(name: "DeskgymSandbox", targets: ["DeskgymSandbox"]),
        .library(name: "DeskgymActions", targets: ["DeskgymActions"]),
        .library(name: "DeskgymTaskModel", targets: ["DeskgymTaskModel"]),
        .library(name: "DeskgymMetrics", targets: ["DeskgymMetrics"]),
        .library(name: "DeskgymTasks", targets: ["DeskgymTasks"]),
        .library(name: "DeskgymAgents", targets: ["DeskgymAgents", "DeskgymActions"]),
        .library(name: "DeskgymRecording", targets: ["DeskgymRecording"]),
        .library(name: "DeskgymTrajectory", targets: ["DeskgymTrajectory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // SHA-256 for the download cache's keys and checksums (already resolved through AsyncHTTPClient's TLS stack).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        // NIOWebSocket: the DevTools WebSocket client (Chromium refuses the Origin header that
        // hummingbird-websocket's client always sends).
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `GET /metrics`: the Prometheus registry and exposition (a swift-metrics backend).
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The multipart/form-data bodies OSWorld's harness uploads files with.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
    ],
    targets: cShims + [
        .target(name: "DeskgymCore", path: "Sources/Core/DeskgymCore"),
        .target(
            name: "DeskgymImage", dependencies: ["DeskgymCore", "CZlibSystem", "CPNG", "CJPEG"],
            path: "Sources/Image/DeskgymImage"),
        .target(
            name: "DeskgymX11",
            dependencies: [
                "DeskgymCore", "DeskgymImage", "CX11", "CXExt", "CXTest", "CXDamage", "CXFixes",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Drivers/DeskgymX11"),
        .target(
            name: "DeskgymVNC",
            dependencies: ["DeskgymCore", "DeskgymImage", "CVNCClient", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Drivers/DeskgymVNC"),
        .target(
            name: "DeskgymVNCServer",
            dependencies: ["DeskgymCore", "CVNCServer", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Drivers/DeskgymVNCServer"),
        // The accessibility tree as data: OSWorld's XML, its linearized table, set-of-marks. Pure Swift.
        .target(
            name: "DeskgymAccessibilityTree", dependencies: ["DeskgymCore", "DeskgymImage"],
            path: "Sources/Accessibility/DeskgymAccessibilityTree"),
        // Reads a session's tree over its AT-SPI bus (libdbus behind CDBus).
        .target(
            name: "DeskgymAccessibility",
            dependencies: [
                "DeskgymCore", "DeskgymAccessibilityTree", "CDBus", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Accessibility/DeskgymAccessibility"),
        .target(
            name: "DeskgymActions", dependencies: ["DeskgymCore"],
            path: "Sources/Actions/DeskgymActions"),
        .target(
            name: "DeskgymSandbox",
            dependencies: [
                "DeskgymCore", "DeskgymX11", "DeskgymVNC", "DeskgymAccessibility", "DeskgymAccessibilityTree", "CProcessControl",
                "Yams",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Sandbox/DeskgymSandbox"),
        // OSWorld's task model, its loader and the compatibility check (`deskgym tasks check`): pure Swift.
        .target(name: "DeskgymTaskModel", dependencies: ["DeskgymCore"], path: "Sources/Tasks/DeskgymTaskModel"),
        // OSWorld's metrics: files and values in, a score out. No session, no network.
        .target(
            name: "DeskgymMetrics",
            dependencies: [
                "DeskgymCore", "DeskgymImage", "ZIPFoundation", "Yams",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Sources/Tasks/DeskgymMetrics"),
        // What touches a live session: setup steps, getters, DevTools, the evaluator.
        .target(
            name: "DeskgymTasks",
            dependencies: [
                "DeskgymCore", "DeskgymTaskModel", "DeskgymMetrics", "DeskgymSandbox", "DeskgymAccessibilityTree",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Tasks/DeskgymTasks"),
        .target(
            name: "DeskgymTrajectory", dependencies: ["DeskgymCore", "DeskgymActions"],
            path: "Sources/Trajectory/DeskgymTrajectory"),
        .target(
            name: "DeskgymAgents",
            dependencies: [
                "DeskgymCore", "DeskgymActions", "DeskgymTrajectory", .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Agents/DeskgymAgents"),
        .target(
            name: "DeskgymEval",
            dependencies: [
                "DeskgymCore", "DeskgymActions", "DeskgymTrajectory", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Runtime/DeskgymEval"),
        .target(
            name: "DeskgymBenchmarks",
            dependencies: [
                "DeskgymCore", "DeskgymX11", "DeskgymImage", "DeskgymSandbox", "DeskgymActions",
                "DeskgymRuntime", "DeskgymServer", "DeskgymRecording", "DeskgymVNC", "DeskgymTaskModel",
                "DeskgymAccessibility", "DeskgymAccessibilityTree",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Runtime/DeskgymBenchmarks"),
        .target(
            name: "DeskgymRuntime",
            dependencies: [
                "DeskgymCore", "DeskgymX11", "DeskgymSandbox", "DeskgymActions", "DeskgymTaskModel",
                "DeskgymMetrics", "DeskgymTasks", "DeskgymAgents", "DeskgymEval", "DeskgymTrajectory", "DeskgymImage",
                "DeskgymAccessibility", "DeskgymAccessibilityTree",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Runtime/DeskgymRuntime"),
        .target(
            name: "DeskgymRecording",
            dependencies: [
                "DeskgymCore", "DeskgymActions", "DeskgymX11", "DeskgymImage", "DeskgymSandbox",
                "DeskgymTaskModel", "DeskgymTasks", "DeskgymRuntime", "DeskgymVNCServer", "DeskgymTrajectory",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Runtime/DeskgymRecording"),
        .target(
            name: "DeskgymServer",
            dependencies: [
                "DeskgymCore", "DeskgymX11", "DeskgymImage", "DeskgymSandbox", "DeskgymActions",
                "DeskgymTaskModel", "DeskgymTasks", "DeskgymRuntime", "DeskgymAgents", "DeskgymAccessibility",
                "DeskgymAccessibilityTree",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            path: "Sources/Runtime/DeskgymServer"),
        // Reads trajectory folders only: no X11, VNC or NIO behind it.
        .target(
            name: "DeskgymExport", dependencies: ["DeskgymCore", "DeskgymActions", "DeskgymTrajectory"],
            path: "Sources/Runtime/DeskgymExport"),
        .executableTarget(
            name: "DeskgymCLI",
            dependencies: [
                "DeskgymCore", "DeskgymX11", "DeskgymSandbox", "DeskgymActions",
                "DeskgymBenchmarks", "DeskgymRuntime", "DeskgymAgents", "DeskgymEval",
                "DeskgymServer", "DeskgymExport", "DeskgymRecording", "DeskgymTaskModel", "DeskgymTasks",
                "DeskgymAccessibility", "DeskgymAccessibilityTree",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/CLI/DeskgymCLI"),
        .testTarget(name: "DeskgymCoreTests", dependencies: ["DeskgymCore"]),
        .testTarget(name: "DeskgymExportTests", dependencies: ["DeskgymExport", "DeskgymCore"]),
        .testTarget(name: "DeskgymTrajectoryTests", dependencies: ["DeskgymTrajectory", "DeskgymCore", "DeskgymActions"]),
        .testTarget(name: "DeskgymImageTests", dependencies: ["DeskgymImage"]),
        .testTarget(name: "DeskgymActionsTests", dependencies: ["DeskgymActions"]),
        // Fixtures: a hostile AT-SPI app (python-dbus) the tests start inside a session.
        .testTarget(
            name: "DeskgymAccessibilityTests",
            dependencies: ["DeskgymAccessibility", "DeskgymAccessibilityTree", "DeskgymSandbox", "DeskgymTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "DeskgymAccessibilityTreeTests", dependencies: ["DeskgymAccessibilityTree", "DeskgymCore", "DeskgymImage"]),
        // `deskgym fuzz`'s engine in process (the generator's determinism, a short run per parser); `bench settle`'s step cycle and frame comparison.
        .testTarget(name: "DeskgymBenchmarksTests", dependencies: ["DeskgymBenchmarks", "DeskgymCore", "DeskgymImage"]),
        // Fixtures: scripts the tests run by path (a python3-xlib client), not resources.
        .testTarget(
            name: "DeskgymX11Tests", dependencies: ["DeskgymX11", "DeskgymSandbox", "DeskgymImage", "DeskgymTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "DeskgymSandboxTests", dependencies: ["DeskgymSandbox", "DeskgymVNC", "DeskgymImage", "DeskgymTestSupport"]),
        .testTarget(
            name: "DeskgymVNCTests",
            dependencies: [
                "DeskgymVNC", "DeskgymSandbox", "DeskgymX11", "DeskgymImage", "DeskgymTasks", "DeskgymRuntime",
                "DeskgymAgents", "DeskgymActions", "DeskgymTestSupport",
            ]),
        // What several test targets share: waits for a condition instead of sleeps.
        .target(name: "DeskgymTestSupport", path: "Tests/Support/DeskgymTestSupport"),
        // An in-memory desktop driver and a session factory around it: the runtime's and the server's
        // own logic tested without Xvfb.
        .target(
            name: "DeskgymTestDesktop",
            dependencies: [
                "DeskgymCore", "DeskgymImage", "DeskgymSandbox", "DeskgymServer",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support/DeskgymTestDesktop"),
        // A bare RFB client for the tests no real viewer can do (garbage bytes, floods, bad answers).
        .target(name: "DeskgymRFBTestClient", path: "Tests/Support/DeskgymRFBTestClient"),
        .testTarget(name: "DeskgymVNCServerTests", dependencies: ["DeskgymVNCServer", "DeskgymRFBTestClient"]),
        .testTarget(
            name: "DeskgymRecordingTests",
            dependencies: [
                "DeskgymRecording", "DeskgymRuntime", "DeskgymAgents", "DeskgymSandbox", "DeskgymX11",
                "DeskgymActions", "DeskgymRFBTestClient",
            ]),
        .testTarget(
            name: "DeskgymRuntimeTests",
            dependencies: [
                "DeskgymRuntime", "DeskgymAgents", "DeskgymEval", "DeskgymSandbox",
                "DeskgymTaskModel", "DeskgymTasks",
            ]),
        // A local OpenAI-compatible endpoint answering canned model outputs, shared by test targets.
        .target(
            name: "DeskgymFakeModelServer", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/Support/DeskgymFakeModelServer"),
        .testTarget(
            name: "DeskgymAgentsTests",
            dependencies: ["DeskgymAgents", "DeskgymFakeModelServer"]),
        .testTarget(name: "DeskgymEvalTests", dependencies: ["DeskgymEval", "DeskgymTrajectory", "DeskgymSandbox"]),
        // The OSWorld corpus beside the repository, metric fixtures and LibreOffice conversions, shared by
        // the three tasks test targets.
        .target(
            name: "DeskgymTaskTestSupport", dependencies: ["DeskgymCore", "DeskgymMetrics"],
            path: "Tests/Support/DeskgymTaskTestSupport"),
        .testTarget(name: "DeskgymTaskModelTests", dependencies: ["DeskgymTaskModel", "DeskgymCore", "DeskgymTaskTestSupport"]),
        .testTarget(
            name: "DeskgymMetricsTests",
            dependencies: ["DeskgymMetrics", "DeskgymCore", "DeskgymImage", "DeskgymTaskTestSupport"]),
        // A loopback file host for the download cache's tests: plain, flaky, cut-off and ranged
        // routes, and a Google-Drive-style confirm page.
        .target(
            name: "DeskgymFileHost", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/Support/DeskgymFileHost"),
        .testTarget(
            name: "DeskgymTasksTests",
            dependencies: [
                "DeskgymTasks", "DeskgymTaskModel", "DeskgymMetrics", "DeskgymSandbox",
                "DeskgymTaskTestSupport", "DeskgymFileHost",
            ]),
        .testTarget(
            name: "DeskgymServerTests",
            dependencies: [
                "DeskgymServer", "DeskgymSandbox", "DeskgymTestSupport", "DeskgymTestDesktop", "DeskgymCore", "DeskgymFileHost",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]),
        .testTarget(
            name: "DeskgymCLITests",
            dependencies: [
                "DeskgymCLI", "DeskgymSandbox", "DeskgymCore", "DeskgymActions", "DeskgymAgents",
                "DeskgymFakeModelServer", "DeskgymFileHost",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
