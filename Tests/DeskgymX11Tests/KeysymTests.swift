import DeskgymCore
import Testing

@testable import DeskgymX11

@Suite("X11 keysyms", .serialized, .timeLimit(.minutes(3)))
struct KeysymTests {
    @Test("every pyautogui key name maps to a keysym Xlib knows, and pressing each on a bare desktop succeeds")
    func everyKeyName() async throws {
        try await withSession(width: 640, height: 480) { session in
            let input = session.x11!.input
            var unknown: [String] = []
            for name in Key.allNames {
                let key = try Key(name)
                if (try? input.keysym(for: key)) == nil { unknown.append(name) }
            }
            #expect(unknown.isEmpty, "no keysym for: \(unknown)")
            // Modifiers and lock keys are left out: pressing them alone changes later input.
            let skipped: Set<String> = ["capslock", "numlock", "scrolllock", "modechange"]
            for name in Key.allNames where !skipped.contains(name) {
                try await input.press(try Key(name))
            }
            try await input.releaseAll()
            #expect(!session.desktop.isDead)
        }
    }
}
