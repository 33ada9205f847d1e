import DeskgymCore
import Testing

@Suite("Action validation")
struct ActionTests {
    let screen = Size(width: 1920, height: 1080)

    @Test("points on the screen pass; the last pixel is 1919x1079")
    func onScreen() throws {
        try Action.click(button: .left, at: Point(x: 1919, y: 1079), count: 3).validate(on: screen)
        try Action.moveTo(Point(x: 0, y: 0)).validate(on: screen)
        try Action.typing("anything").validate(on: screen)
    }

    @Test(
        "a point off the screen names the action, the point and the screen",
        arguments: [
            Action.click(button: .left, at: Point(x: 1920, y: 5), count: 1),
            .moveTo(Point(x: -1, y: 0)), .dragTo(Point(x: 10, y: 1080), button: .left),
            .scroll(dx: 0, dy: 3, at: Point(x: 5000, y: 5)), .mouseDown(button: .right, at: Point(x: 0, y: -3)),
        ])
    func offScreen(action: Action) {
        #expect {
            try action.validate(on: screen)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(action.typeName) && text.contains("outside the 1920x1080 screen")
        }
    }

    @Test("click counts outside 1–3, negative waits and empty hotkeys are refused")
    func ranges() {
        #expect(throws: ActionError.self) { try Action.click(button: .left, at: nil, count: 0).validate(on: screen) }
        #expect(throws: ActionError.self) { try Action.click(button: .left, at: nil, count: 4).validate(on: screen) }
        #expect(throws: ActionError.self) { try Action.wait(seconds: -1).validate(on: screen) }
        #expect(throws: ActionError.self) { try Action.hotkey([]).validate(on: screen) }
    }

    @Test("type names follow computer_13 and DONE/FAIL end an episode")
    func names() throws {
        #expect(Action.doubleClick(at: nil).typeName == "DOUBLE_CLICK")
        #expect(Action.hotkey([try Key("ctrl"), try Key("c")]).typeName == "HOTKEY")
        #expect(Action.done.isTerminal && Action.fail.isTerminal && !Action.wait(seconds: 1).isTerminal)
    }
}
