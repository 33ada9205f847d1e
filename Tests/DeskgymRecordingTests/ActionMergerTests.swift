import DeskgymCore
import Foundation
import Testing

@testable import DeskgymRecording

/// Builds raw event sequences with a clock, as a viewer would send them.
private struct Script {
    var events: [RawEvent] = []
    var time = 0.0
    var frame = 0

    mutating func add(_ kind: RawEvent.Kind, after milliseconds: Double = 20) {
        time += milliseconds
        events.append(RawEvent(index: events.count, milliseconds: time, viewer: 1, frame: frame, kind: kind))
    }

    mutating func move(_ x: Int, _ y: Int, buttons: UInt8 = 0, after: Double = 20) {
        add(.pointer(x: x, y: y, buttons: buttons), after: after)
    }

    mutating func click(_ x: Int, _ y: Int, button: UInt8 = 1, after: Double = 20) {
        move(x, y, buttons: button, after: after)
        move(x, y, buttons: 0, after: 40)
    }

    mutating func key(_ keysym: UInt32, _ name: String, down: Bool, after: Double = 15) {
        add(.key(keysym: keysym, name: name, down: down), after: after)
    }

    mutating func tap(_ keysym: UInt32, _ name: String, after: Double = 15) {
        key(keysym, name, down: true, after: after)
        key(keysym, name, down: false)
    }

    /// Types ASCII text the way TigerVNC does: Shift held around upper-case letters and shifted
    /// punctuation, whose keysyms are the shifted characters.
    mutating func type(_ text: String) {
        let shifted = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ~!@#$%^&*()_+{}|:\"<>?")
        for character in text {
            let keysym = character.unicodeScalars.first!.value
            if shifted.contains(character) { key(0xFFE1, "Shift_L", down: true) }
            tap(keysym, String(character))
            if shifted.contains(character) { key(0xFFE1, "Shift_L", down: false) }
        }
    }

    func merged(_ rules: MergeRules = MergeRules()) -> MergeResult { ActionMerger(rules: rules).merge(events) }
    func actions(_ rules: MergeRules = MergeRules()) -> [[Action]] { merged(rules).actions.map(\.actions) }
}

private let shiftL: UInt32 = 0xFFE1, controlL: UInt32 = 0xFFE3, altL: UInt32 = 0xFFE9, superL: UInt32 = 0xFFEB
private let backspace: UInt32 = 0xFF08, enter: UInt32 = 0xFF0D

private func key(_ name: String) -> Key { try! Key(name) }

@Suite("Action merger")
struct ActionMergerTests {
    @Test("a press and release in place is a click at the press point; moves alone are no action")
    func singleClick() {
        var script = Script()
        script.move(10, 10)
        script.move(300, 200)
        script.click(300, 200)
        script.move(500, 500)
        #expect(script.actions() == [[.click(button: .left, at: Point(x: 300, y: 200), count: 1)]])
        let merged = script.merged().actions[0]
        #expect(merged.firstEvent == 2 && merged.lastEvent == 3, "the click is made of its press and release")
    }

    @Test("two presses within the double-click time and distance are a double click; three a triple click")
    func multiClicks() {
        var script = Script()
        script.click(100, 100)
        script.click(102, 101, after: 100)
        #expect(script.actions() == [[.doubleClick(at: Point(x: 100, y: 100))]])
        script.click(101, 100, after: 100)
        #expect(script.actions() == [[.click(button: .left, at: Point(x: 100, y: 100), count: 3)]])
        script.click(100, 100, after: 100)
        #expect(
            script.actions() == [
                [.click(button: .left, at: Point(x: 100, y: 100), count: 3)],
                [.click(button: .left, at: Point(x: 100, y: 100), count: 1)],
            ],
            "a fourth press starts a new click")
    }

    @Test("presses farther apart in time or space than the rules allow are separate clicks")
    func slowClicks() {
        var slow = Script()
        slow.click(100, 100)
        slow.click(100, 100, after: 600)
        #expect(
            slow.actions() == [
                [.click(button: .left, at: Point(x: 100, y: 100), count: 1)],
                [.click(button: .left, at: Point(x: 100, y: 100), count: 1)],
            ])
        var apart = Script()
        apart.click(100, 100)
        apart.click(120, 100, after: 50)
        #expect(apart.actions().count == 2)
        // The same timing counts as a double click under a longer double-click time.
        #expect(slow.actions(MergeRules(multiClickMilliseconds: 800)) == [[.doubleClick(at: Point(x: 100, y: 100))]])
    }

    @Test("right and middle clicks; a right double click keeps its count")
    func otherButtons() {
        var script = Script()
        script.click(50, 60, button: 2)
        script.click(70, 80, button: 4, after: 700)
        script.click(90, 90, button: 4, after: 700)
        script.click(90, 90, button: 4, after: 100)
        #expect(
            script.actions() == [
                [.click(button: .middle, at: Point(x: 50, y: 60), count: 1)],
                [.rightClick(at: Point(x: 70, y: 80))],
                [.click(button: .right, at: Point(x: 90, y: 90), count: 2)],
            ])
    }

    @Test("movement beyond the drag threshold while held is a drag from the press to the release point")
    func drag() {
        var script = Script()
        script.move(100, 100, buttons: 1)
        script.move(105, 100, buttons: 1)
        script.move(200, 150, buttons: 1)
        script.move(210, 160, buttons: 0)
        #expect(script.actions() == [[.moveTo(Point(x: 100, y: 100)), .dragTo(Point(x: 210, y: 160), button: .left)]])
        var jitter = Script()
        jitter.move(100, 100, buttons: 1)
        jitter.move(106, 97, buttons: 1)
        jitter.move(103, 101, buttons: 0)
        #expect(
            jitter.actions() == [[.click(button: .left, at: Point(x: 100, y: 100), count: 1)]],
            "a hand's jitter under the threshold stays a click")
        var back = Script()
        back.move(100, 100, buttons: 1)
        back.move(140, 100, buttons: 1)
        back.move(101, 100, buttons: 0)
        #expect(
            back.actions() == [[.moveTo(Point(x: 100, y: 100)), .dragTo(Point(x: 101, y: 100), button: .left)]],
            "a drag that comes back near its start is still a drag")
    }

    @Test("wheel clicks in a run add up to one scroll with its amounts; a pause or a move away starts another")
    func scrollRuns() {
        var script = Script()
        for _ in 0..<3 { script.move(400, 300, buttons: 16); script.move(400, 300, buttons: 0, after: 5) }
        script.move(402, 301, buttons: 8, after: 50)
        script.move(402, 301, buttons: 0, after: 5)
        for _ in 0..<2 { script.move(400, 300, buttons: 64, after: 30); script.move(400, 300, buttons: 0, after: 5) }
        script.move(400, 300, buttons: 16, after: 1500)
        script.move(400, 300, buttons: 0, after: 5)
        script.move(900, 300, buttons: 8, after: 30)
        script.move(900, 300, buttons: 0, after: 5)
        #expect(
            script.actions() == [
                [.scroll(dx: 2, dy: -2, at: Point(x: 400, y: 300))],
                [.scroll(dx: 0, dy: -1, at: Point(x: 400, y: 300))],
                [.scroll(dx: 0, dy: 1, at: Point(x: 900, y: 300))],
            ])
    }

    @Test("printable keys add up to typed text with Shift choosing the characters; Enter is a key press")
    func typing() {
        var script = Script()
        script.type("echo 'Hello, World!' > ~/a.txt")
        script.tap(enter, "Return")
        #expect(script.actions() == [[.typing("echo 'Hello, World!' > ~/a.txt")], [.press(key("enter"))]])
        #expect(script.merged().actions[0].firstEvent == 0, "the text starts at its first key")
    }

    @Test("a viewer that sends Shift with lower-case letter keysyms still types capitals")
    func shiftWithLowercaseKeysyms() {
        var script = Script()
        script.key(shiftL, "Shift_L", down: true)
        script.tap(0x68, "h")
        script.key(shiftL, "Shift_L", down: false)
        script.tap(0x69, "i")
        #expect(script.actions() == [[.typing("Hi")]])
    }

    @Test("BackSpace folds into the text being typed; with nothing pending it is a key press")
    func backspaceFolding() {
        var script = Script()
        script.type("helo")
        script.tap(backspace, "BackSpace")
        script.type("lo")
        #expect(script.actions() == [[.typing("hello")]])
        var erased = Script()
        erased.type("ab")
        erased.tap(backspace, "BackSpace")
        erased.tap(backspace, "BackSpace")
        erased.tap(backspace, "BackSpace")
        erased.type("c")
        #expect(
            erased.actions() == [[.press(key("backspace"))], [.typing("c")]],
            "text erased completely did nothing; the third BackSpace erased what was there before")
        var after = Script()
        after.click(10, 10)
        after.tap(backspace, "BackSpace")
        #expect(after.actions().last == [.press(key("backspace"))])
    }

    @Test("keys with Ctrl, Alt or Super are hotkeys in the order pressed; letters lower-case with Shift in the chord")
    func hotkeys() {
        var script = Script()
        script.key(controlL, "Control_L", down: true)
        script.tap(0x63, "c")
        script.tap(0x76, "v")
        script.key(controlL, "Control_L", down: false)
        script.key(controlL, "Control_L", down: true)
        script.key(shiftL, "Shift_L", down: true)
        script.tap(0x54, "T")
        script.key(shiftL, "Shift_L", down: false)
        script.key(controlL, "Control_L", down: false)
        script.key(altL, "Alt_L", down: true)
        script.tap(0xFFC1, "F4")
        script.key(altL, "Alt_L", down: false)
        script.key(shiftL, "Shift_L", down: true)
        script.tap(0xFF09, "Tab")
        script.key(shiftL, "Shift_L", down: false)
        #expect(
            script.actions() == [
                [.hotkey([key("ctrl"), key("c")])], [.hotkey([key("ctrl"), key("v")])],
                [.hotkey([key("ctrl"), key("shift"), key("t")])], [.hotkey([key("alt"), key("f4")])],
                [.hotkey([key("shift"), key("tab")])],
            ])
        let merged = script.merged().actions
        #expect(merged[0].firstEvent == 0, "the first hotkey starts at its Ctrl press (its screenshot is from then)")
        #expect(merged[1].firstEvent == 3, "the second, with Ctrl still held, starts at its own key")
    }

    @Test("typing is cut by a hotkey and resumes after it as new text")
    func typingAroundHotkey() {
        var script = Script()
        script.type("abc")
        script.key(controlL, "Control_L", down: true)
        script.tap(0x73, "s")
        script.key(controlL, "Control_L", down: false)
        script.type("d")
        #expect(script.actions() == [[.typing("abc")], [.hotkey([key("ctrl"), key("s")])], [.typing("d")]])
    }

    @Test("a modifier pressed and released alone is a press of it; one used for a click is not")
    func loneModifier() {
        var script = Script()
        script.key(superL, "Super_L", down: true)
        script.key(superL, "Super_L", down: false)
        script.key(controlL, "Control_L", down: true)
        script.click(20, 30)
        script.key(controlL, "Control_L", down: false)
        #expect(
            script.actions() == [
                [.press(key("win"))],
                [
                    .keyDown(key("ctrl")), .click(button: .left, at: Point(x: 20, y: 30), count: 1),
                    .keyUp(key("ctrl")),
                ],
            ])
    }

    @Test("keys typed while a button is held are kept, after the click they came in")
    func typingWhileButtonHeld() {
        var script = Script()
        script.move(300, 200, buttons: 1)
        script.type("ab")
        script.move(300, 200, buttons: 0)
        script.type("c")
        #expect(script.actions() == [[.click(button: .left, at: Point(x: 300, y: 200), count: 1)], [.typing("ab")], [.typing("c")]])
    }

    @Test("the finish event ends the merge and gives the outcome; later events are ignored")
    func finishEvent() {
        var script = Script()
        script.type("x")
        script.add(.finish(.infeasible, source: "chord"))
        script.type("y")
        let merged = script.merged()
        #expect(merged.actions.map(\.actions) == [[.typing("x")]])
        #expect(merged.outcome == .infeasible)
    }

    @Test("each action carries the frame of its first event")
    func frames() {
        var script = Script()
        script.frame = 3
        script.click(10, 10)
        script.frame = 4
        script.type("ab")
        script.frame = 9
        script.tap(enter, "Return")
        #expect(script.merged().actions.map(\.frame) == [3, 4, 9])
    }

    @Test("non-ASCII keysyms type their characters; keys pyautogui cannot name are dropped with a note")
    func unicodeAndUnknown() {
        var script = Script()
        script.tap(0xE9, "eacute")
        script.tap(0x0100_4E2D, "U4E2D")
        script.tap(0xFE50, "dead_grave")
        let merged = script.merged()
        #expect(merged.actions.map(\.actions) == [[.typing("é中")]])
        #expect(merged.notes.count == 1 && merged.notes[0].contains("dead_grave"))
    }

    @Test("named keys map to pyautogui's common names")
    func namedKeys() {
        #expect(KeysymTable.meaning(keysym: 0xFF0D, name: "Return") == .named(key("enter")))
        #expect(KeysymTable.meaning(keysym: 0xFF1B, name: "Escape") == .named(key("esc")))
        #expect(KeysymTable.meaning(keysym: 0xFF56, name: "Page_Down") == .named(key("pagedown")))
        #expect(KeysymTable.meaning(keysym: 0xFFFF, name: "Delete") == .named(key("delete")))
        #expect(KeysymTable.meaning(keysym: 0xFFB7, name: "KP_7") == .named(key("num7")))
        #expect(KeysymTable.meaning(keysym: 0x20, name: "space") == .character(" "))
        #expect(KeysymTable.meaning(keysym: 0xFFE4, name: "Control_R") == .modifier(.ctrl))
    }

    @Test("the raw event log reads back what was written, and names the line of a bad one")
    func eventLogRoundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-eventlog-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(EventLog.fileName)
        let log = try EventLog(file: file)
        var script = Script()
        script.add(.viewer(.connected, host: "127.0.0.1"))
        script.click(5, 6)
        script.tap(0x61, "a")
        script.add(.finish(.done, source: "signal"))
        for event in script.events {
            log.append { index in
                var copy = event; copy.index = index; return copy
            }
        }
        try log.close()
        let read = try EventLog.read(file)
        #expect(read == script.events)
        try Data("{\"i\": 0, \"t_ms\": 1, \"type\": \"pointer\", \"x\": 1, \"y\": 2}\n".utf8).write(to: file)
        let error = #expect(throws: EventLogError.self) { try EventLog.read(file) }
        #expect(error?.line == 1)
        #expect(error?.problem.contains("'buttons'") == true, "\(String(describing: error))")
    }
}
