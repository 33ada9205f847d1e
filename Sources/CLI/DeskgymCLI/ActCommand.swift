import ArgumentParser
import DeskgymActions
import DeskgymCore
import DeskgymX11
import Foundation

struct ActCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "act",
        abstract: "Carry out actions written in an action grammar on a display.",
        discussion: "Example: deskgym act --display :12 'pyautogui.click(100, 200); pyautogui.write(\"hi\")'")

    @OptionGroup var target: DisplayOptions
    @Option(help: "The grammar the action text is written in (\(ActionGrammars.names.joined(separator: ", "))).")
    var grammar: String = "pyautogui"
    @Option(help: "Milliseconds without a repaint after which the screen counts as settled.")
    var quietMs: Int = 40
    @Flag(help: "Return as soon as the input is sent, without waiting for the screen to settle.")
    var noSettle = false
    @Argument(help: "The action text.")
    var text: String

    func run() async throws {
        let actions = try ActionGrammars.named(grammar).parse(text)
        target.useAuthority()
        let desktop = try X11Desktop(displayName: target.display)
        let policy = noSettle ? nil : SettlePolicy(quiet: .milliseconds(quietMs), cap: .seconds(2))
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try await desktop.perform(actions, settle: policy)
        let elapsed = clock.now - start
        for action in actions { print(action.typeName, action) }
        if let outcome {
            print("settled after \(elapsed) (\(outcome.damageEvents) repaints, cap reached: \(outcome.hitCap))")
        }
    }
}
