// swift-tools-version: 6.1
import PackageDescription

/// C libraries are reached only through these system-library targets, one per library.
/// Only the driver and image modules import them.
let cShims: [Target] = [
    .systemLibrary(name: "CX11", path: "Sources/CShims/CX11", pkgConfig: "x11",
                   providers: [.apt(["libx11-dev"])]),
    .systemLibrary(name: "CXExt", path: "Sources/CShims/CXExt", pkgConfig: "xext",
                   providers: [.apt(["libxext-dev"])]),
    .systemLibrary(name: "CXTest", path: "Sources/CShims/CXTest", pkgConfig: "xtst",
                   providers: [.apt(["libxtst-dev"])]),
    .systemLibrary(name: "CXDamage", path: "Sources/CShims/CXDamage", pkgConfig: "xdamage",
                   providers: [.apt(["libxdamage-dev"])]),
    .systemLibrary(name: "CXFixes", path: "Sources/CShims/CXFixes", pkgConfig: "xfixes",
                   providers: [.apt(["libxfixes-dev"])]),
    .systemLibrary(name: "CZlib", path: "Sources/CShims/CZlib", pkgConfig: "zlib",
                   providers: [.apt(["zlib1g-dev"])]),
    // libc's variadic prctl, which Swift cannot call directly.
    .target(name: "CProcessControl", path: "Sources/CShims/CProcessControl"),
]

let package = Package(
    name: "Deskgym",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "deskgym", targets: ["DeskgymCLI"]),
        .library(name: "DeskgymCore", targets: ["DeskgymCore"]),
        .library(name: "DeskgymX11", targets: ["DeskgymX11"]),
        .library(name: "DeskgymImage", targets: ["DeskgymImage"]),
        .library(name: "DeskgymSandbox", targets: ["DeskgymSandbox"]),
        .library(name: "DeskgymActions", targets: ["DeskgymActions"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: cShims + [
        .target(name: "DeskgymCore", path: "Sources/Core/DeskgymCore"),
        .target(name: "DeskgymImage", dependencies: ["DeskgymCore", "CZlib"],
                path: "Sources/Image/DeskgymImage"),
        .target(name: "DeskgymX11",
                dependencies: ["DeskgymCore", "DeskgymImage", "CX11", "CXExt", "CXTest", "CXDamage", "CXFixes",
                               .product(name: "Logging", package: "swift-log")],
                path: "Sources/Drivers/DeskgymX11"),
        .target(name: "DeskgymActions", dependencies: ["DeskgymCore"],
                path: "Sources/Actions/DeskgymActions"),
        .target(name: "DeskgymSandbox",
                dependencies: ["DeskgymCore", "DeskgymX11", "CProcessControl", "Yams",
                               .product(name: "Logging", package: "swift-log")],
                path: "Sources/Sandbox/DeskgymSandbox"),
        .target(name: "DeskgymBenchmarks",
                dependencies: ["DeskgymCore", "DeskgymX11", "DeskgymImage", "DeskgymSandbox", "DeskgymActions",
                               .product(name: "Logging", package: "swift-log")],
                path: "Sources/Runtime/DeskgymBenchmarks"),
        .target(name: "DeskgymRuntime",
                dependencies: ["DeskgymCore", "DeskgymX11", "DeskgymSandbox", "DeskgymActions",
                               .product(name: "Logging", package: "swift-log")],
                path: "Sources/Runtime/DeskgymRuntime"),
        .executableTarget(name: "DeskgymCLI",
                          dependencies: ["DeskgymCore", "DeskgymX11", "DeskgymSandbox", "DeskgymActions",
                                         "DeskgymBenchmarks", "DeskgymRuntime",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Logging", package: "swift-log")],
                          path: "Sources/CLI/DeskgymCLI"),
        .testTarget(name: "DeskgymCoreTests", dependencies: ["DeskgymCore"]),
        .testTarget(name: "DeskgymImageTests", dependencies: ["DeskgymImage"]),
        .testTarget(name: "DeskgymActionsTests", dependencies: ["DeskgymActions"]),
        .testTarget(name: "DeskgymX11Tests", dependencies: ["DeskgymX11", "DeskgymSandbox"]),
        .testTarget(name: "DeskgymSandboxTests", dependencies: ["DeskgymSandbox"]),
        .testTarget(name: "DeskgymRuntimeTests", dependencies: ["DeskgymRuntime"]),
    ],
    swiftLanguageModes: [.v6]
)
