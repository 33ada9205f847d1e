import ArgumentParser
import Foundation

/// The `deskgym` command: argument parsing only; every command calls into the library.
@main
struct Deskgym: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deskgym",
        abstract: "Run, see and drive headless Linux desktops for GUI agents.",
        subcommands: [
            DemoCommand.self, RunCommand.self, EvalCommand.self, ReportCommand.self, TasksCommand.self, DesktopCommand.self,
            ScreenshotCommand.self, ActCommand.self, WindowsCommand.self, TreeCommand.self,
            BenchCommand.self, FuzzCommand.self, ServeCommand.self, ExportCommand.self, RecordCommand.self,
        ])
}

/// Options shared by commands that talk to a running display.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: "The X display to use, such as :12.")
    var display: String
    @Option(name: .long, help: "The display's Xauthority file (a session's Xvfb takes only its cookie); default: $XAUTHORITY.")
    var xauthority: String?

    /// Makes Xlib present the cookie in `--xauthority` (it reads `XAUTHORITY` when connecting).
    func useAuthority() {
        if let xauthority { setenv("XAUTHORITY", xauthority, 1) }
    }
}
