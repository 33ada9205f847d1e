import DeskgymCore
import DeskgymSandbox
import DeskgymTestSupport
import DeskgymX11
import Foundation
import Testing

/// Input through XTest into real applications, read back from what the applications report.
@Suite("X11 input", .serialized, .timeLimit(.minutes(2)))
struct InputTests {
    @Test("typing ASCII and characters outside the keymap into xterm produces exactly that text")
    func typingIntoXterm() async throws {
        let apps = [
            VMConfig.App(
                command: "xterm", args: ["-e", "sh", "-c", "cat > \"$HOME/typed.txt\""],
                waitForWindow: "xterm")
        ]
        try await withSession(apps: apps) { session in
            let xterm = try await window(named: "xterm", in: session)
            try session.desktop.windows.activate(xterm.id)
            let text = "Hello, World! ~`|\\ \"quotes\" {x}\ncafé Straße 中文 😀 €\n"
            try await session.desktop.perform(
                [
                    .click(button: .left, at: xterm.frame.center, count: 1),
                    .typing(text), .hotkey([try Key("ctrl"), try Key("d")]),
                ],
                settle: .standard)
            let typed = try await homeFile("typed.txt", in: session) { $0.hasSuffix("€\n") }
            #expect(typed == text)
        }
    }

    @Test("typing ASCII and characters outside the keymap into mousepad (GTK) and saving with ctrl+s writes exactly that text")
    func typingIntoMousepad() async throws {
        let apps = [VMConfig.App(command: "mousepad", args: ["typed-in-mousepad.txt"], waitForWindow: "mousepad")]
        try await withSession(apps: apps) { session in
            let mousepad = try await window(named: "mousepad", in: session)
            try session.desktop.windows.activate(mousepad.id)
            try await session.desktop.perform([], settle: SettlePolicy(quiet: .milliseconds(200), cap: .seconds(3)))
            let text = "GTK: naïve façade, Ελληνικά, 日本語 ✓ {braces} [x] <y>\nsecond line\n"
            try await session.desktop.perform([.typing(text), .hotkey([try Key("ctrl"), try Key("s")])], settle: .standard)
            let saved = try await homeFile("typed-in-mousepad.txt", in: session) { $0.hasPrefix("GTK") && $0.contains("second line") }
            #expect(saved.trimmingCharacters(in: .newlines) == text.trimmingCharacters(in: .newlines))
        }
    }

    @Test("hotkeys hold modifiers: ctrl+a, shift+b, and shifted characters arrive as the bytes a terminal sends")
    func hotkeysInRawTerminal() async throws {
        let script = "stty raw -echo; head -c 5 | od -An -tx1 > \"$HOME/keys.txt\""
        let apps = [VMConfig.App(command: "xterm", args: ["-e", "sh", "-c", script], waitForWindow: "xterm")]
        try await withSession(apps: apps) { session in
            let xterm = try await window(named: "xterm", in: session)
            try session.desktop.windows.activate(xterm.id)
            try await Task.sleep(for: .milliseconds(300))  // stty must run before the keys arrive
            try await session.desktop.perform(
                [
                    .click(button: .left, at: xterm.frame.center, count: 1),
                    .hotkey([try Key("ctrl"), try Key("a")]),
                    .hotkey([try Key("shift"), try Key("b")]),
                    .press(try Key("!")),
                    .press(try Key("enter")),
                    .press(try Key("tab")),
                ], settle: .standard)
            let bytes = try await homeFile("keys.txt", in: session)
            #expect(bytes.split(whereSeparator: \.isWhitespace).map(String.init) == ["01", "42", "21", "0d", "09"])
        }
    }

    @Test("key down, key up, press and typing reach the focused window with the keysyms asked for")
    func keyEventsSeenByXev() async throws {
        try await withSession { session in
            _ = try session.launch("xev", arguments: ["-geometry", "400x300+50+50", "-event", "keyboard"])
            let xev = try await window(named: "Event Tester", in: session)
            try session.desktop.windows.activate(xev.id)
            #expect(try await eventually { try session.desktop.windows.list().first { $0.id == xev.id }?.isActive == true })
            try await session.desktop.perform(
                [
                    .keyDown(try Key("shift")), .press(try Key("a")), .keyUp(try Key("shift")),
                    .typing("~"), .hotkey([try Key("ctrl"), try Key("f5")]),
                ], settle: .standard)
            let log = session.folder.appendingPathComponent("logs/xev.log")
            var presses: [String] = []
            _ = await eventually {
                presses = xevKeyEvents((try? String(contentsOf: log, encoding: .utf8)) ?? "").filter { $0.kind == "KeyPress" }.map(\.keysym)
                return presses.count >= 6
            }
            #expect(presses == ["Shift_L", "A", "Shift_L", "asciitilde", "Control_L", "F5"])
        }
    }

    @Test("a key pressed again right after its release arrives at least 2 ms later, so it cannot pass for auto-repeat")
    func repeatedKeysAreNotAutoRepeat() async throws {
        try await withSession { session in
            _ = try session.launch("xev", arguments: ["-geometry", "400x300+50+50", "-event", "keyboard"])
            let xev = try await window(named: "Event Tester", in: session)
            try session.desktop.windows.activate(xev.id)
            #expect(try await eventually { try session.desktop.windows.list().first { $0.id == xev.id }?.isActive == true })
            // LibreOffice's X11 toolkit took these for auto-repeat and kept one "a" of four, two Downs of six.
            try await session.desktop.perform(
                [
                    .typing("aaAA"), .press(try Key("down")), .press(try Key("down")),
                    .press(try Key("down")),
                ], settle: .standard)
            let log = session.folder.appendingPathComponent("logs/xev.log")
            var events: [(kind: String, keysym: String, time: Int)] = []
            _ = await eventually {
                events = xevKeyTimes((try? String(contentsOf: log, encoding: .utf8)) ?? "")
                return events.filter { $0.kind == "KeyRelease" && $0.keysym == "Down" }.count >= 3
            }
            let presses = events.filter { $0.kind == "KeyPress" && $0.keysym != "Shift_L" }.map(\.keysym)
            #expect(presses == ["a", "a", "A", "A", "Down", "Down", "Down"])
            var repeats = 0
            for (previous, next) in zip(events, events.dropFirst())
            where previous.kind == "KeyRelease" && next.kind == "KeyPress" && previous.keysym.lowercased() == next.keysym.lowercased() {
                repeats += 1
                #expect(next.time - previous.time >= 2, "\(previous) then \(next)")
            }
            #expect(repeats >= 4, "the sequence has a release followed by a press of the same key: \(events)")
        }
    }

    @Test("clicks, multi-clicks, scrolls and drags land where asked, as xev reports them")
    func pointerEventsSeenByXev() async throws {
        try await withSession { session in
            let xev = try session.launch(
                "xev",
                arguments: [
                    "-geometry", "600x400+50+50", "-event", "button",
                    "-event", "mouse",
                ])
            let window = try await window(named: "Event Tester", in: session)
            let log = session.folder.appendingPathComponent("logs/xev.log")
            let frame = window.frame
            let target = Point(x: frame.x + 123, y: frame.y + 77)
            let desktop = session.x11!
            try await desktop.perform([.click(button: .left, at: target, count: 1)], settle: .standard)
            try await desktop.perform(
                [.click(button: .right, at: Point(x: frame.x + 10, y: frame.y + 20), count: 3)],
                settle: .standard)
            try await desktop.perform(
                [
                    .scroll(dx: 0, dy: 3, at: Point(x: frame.x + 200, y: frame.y + 200)),
                    .scroll(dx: -2, dy: -1, at: nil),
                ], settle: .standard)
            try await desktop.perform(
                [
                    .doubleClick(at: Point(x: frame.x + 30, y: frame.y + 40)),
                    .mouseDown(button: .middle, at: Point(x: frame.x + 50, y: frame.y + 60)),
                    .mouseUp(button: .middle, at: Point(x: frame.x + 70, y: frame.y + 80)),
                ], settle: .standard)
            try await desktop.perform(
                [
                    .moveTo(Point(x: frame.x + 300, y: frame.y + 300)),
                    .dragTo(Point(x: frame.x + 400, y: frame.y + 350), button: .left),
                ],
                settle: .standard)
            #expect(try desktop.input.cursorPosition() == Point(x: frame.x + 400, y: frame.y + 350))
            let events = try await XevLog.read(log) { $0.filter { $0.kind == "ButtonRelease" }.count >= 14 }
            _ = xev
            let presses = events.filter { $0.kind == "ButtonPress" }
            try #require(presses.count == 14, "xev saw \(events)")
            #expect(presses[0].button == 1 && presses[0].root == target && presses[0].local == Point(x: 123, y: 77))
            #expect(presses[1...3].allSatisfy { $0.button == 3 && $0.local == Point(x: 10, y: 20) })
            #expect(presses[4...6].map(\.button) == [4, 4, 4])
            #expect(presses[7].button == 5)
            #expect(presses[8...9].map(\.button) == [6, 6])
            #expect(presses[10...11].allSatisfy { $0.button == 1 && $0.local == Point(x: 30, y: 40) }, "\(presses[10...12])")
            #expect(presses[12].button == 2 && presses[12].local == Point(x: 50, y: 60))
            let middleRelease = events.first { $0.kind == "ButtonRelease" && $0.button == 2 }
            #expect(middleRelease?.local == Point(x: 70, y: 80))
            #expect(presses[13].button == 1 && presses[13].local == Point(x: 300, y: 300))
            let release = events.last { $0.kind == "ButtonRelease" }
            #expect(release?.button == 1 && release?.local == Point(x: 400, y: 350))
            let motions = events.filter { $0.kind == "MotionNotify" && (Int($0.state.dropFirst(2), radix: 16) ?? 0) & 0x100 != 0 }
            #expect(motions.count >= 5, "a drag moves with the button held")
        }
    }
}

/// Key events from xev's output: the kind and the keysym name xev prints.
func xevKeyEvents(_ text: String) -> [(kind: String, keysym: String)] {
    var events: [(String, String)] = []
    var kind: String?
    for line in text.split(separator: "\n") {
        if line.hasPrefix("KeyPress") { kind = "KeyPress" } else if line.hasPrefix("KeyRelease") { kind = "KeyRelease" }
        if let current = kind, let range = line.range(of: "(keysym 0x") {
            let rest = line[range.upperBound...]
            if let comma = rest.firstIndex(of: ","), let close = rest.firstIndex(of: ")") {
                events.append((current, rest[rest.index(after: comma)..<close].trimmingCharacters(in: .whitespaces)))
            }
            kind = nil
        }
    }
    return events
}

/// Button and motion events parsed from xev's output.
struct XevLog {
    struct Event: Sendable, CustomStringConvertible {
        var kind: String
        var button: Int
        var root: Point
        var local: Point
        var state: String
        var description: String { "\(kind) b\(button) \(local) root \(root) \(state)" }
    }

    static func read(_ url: URL, until ready: ([Event]) -> Bool) async throws -> [Event] {
        var events: [Event] = []
        _ = await eventually {
            events = parse((try? String(contentsOf: url, encoding: .utf8)) ?? "")
            return ready(events)
        }
        return events
    }

    static func parse(_ text: String) -> [Event] {
        var events: [Event] = []
        var current: Event?
        for line in text.split(separator: "\n") {
            if let kind = ["ButtonPress", "ButtonRelease", "MotionNotify"].first(where: { line.hasPrefix($0) }) {
                if let current { events.append(current) }
                current = Event(kind: kind, button: 0, root: Point(x: -1, y: -1), local: Point(x: -1, y: -1), state: "")
            } else if line.contains("root:("), var event = current {
                event.local = point(after: "time", in: String(line)) ?? event.local
                event.root = point(after: "root:", in: String(line)) ?? event.root
                current = event
            } else if line.contains("state "), var event = current {
                if let range = line.range(of: "button ") {
                    event.button = Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
                }
                if let range = line.range(of: "state ") {
                    event.state = String(line[range.upperBound...].prefix { $0 != "," })
                }
                current = event
            } else if !line.hasPrefix(" "), let done = current {
                events.append(done)
                current = nil
            }
        }
        if let current { events.append(current) }
        return events
    }

    /// The first "(x,y)" after `marker`.
    static func point(after marker: String, in line: String) -> Point? {
        guard let start = line.range(of: marker) else { return nil }
        let rest = line[start.upperBound...]
        guard let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") else { return nil }
        let numbers = rest[rest.index(after: open)..<close].split(separator: ",").compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        return Point(x: numbers[0], y: numbers[1])
    }
}

/// Key events from xev's output with their server timestamps (milliseconds).
func xevKeyTimes(_ text: String) -> [(kind: String, keysym: String, time: Int)] {
    var events: [(String, String, Int)] = []
    var kind: String?
    var time: Int?
    for line in text.split(separator: "\n") {
        if line.hasPrefix("KeyPress") { kind = "KeyPress" } else if line.hasPrefix("KeyRelease") { kind = "KeyRelease" }
        if let range = line.range(of: "time ") {
            time = Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        if let current = kind, let stamp = time, let range = line.range(of: "(keysym 0x") {
            let rest = line[range.upperBound...]
            if let comma = rest.firstIndex(of: ","), let close = rest.firstIndex(of: ")") {
                events.append((current, rest[rest.index(after: comma)..<close].trimmingCharacters(in: .whitespaces), stamp))
            }
            kind = nil
            time = nil
        }
    }
    return events
}
