import ArgumentParser
import Foundation

/// `--vm-configs`: the folder where vm-config names are looked up, for every command that starts desktops by name.
struct VMConfigsOption: ParsableArguments {
    @Option(help: "Where vm-config names are looked up.")
    var vmConfigs = "vm-configs"

    /// The folder as a file URL.
    var folder: URL { URL(fileURLWithPath: vmConfigs) }
}
