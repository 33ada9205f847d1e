import ArgumentParser

/// The `deskgym` command: argument parsing only; every command calls into the library.
@main
struct Deskgym: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deskgym",
        abstract: "Run, see and drive headless Linux desktops for GUI agents.",
        subcommands: [
            DemoCommand.self, RunCommand.self, EvalCommand.self, ReportCommand.self, TasksCommand.self, DesktopCommand.self,
            ScreenshotCommand.self, ActCommand.self, WindowsCommand.self,
            BenchCommand.self, ServeCommand.self, ExportCommand.self, RecordCommand.self,
        ])
}

/// Options shared by commands that talk to a running display.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: "The X display to use, such as :12.")
    var display: String
}
