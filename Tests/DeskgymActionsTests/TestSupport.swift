import DeskgymActions
import DeskgymCore

/// A key that the test knows to be valid; a typo here is a test bug, so it stops the run loudly.
func key(_ name: String) -> Key {
    do {
        return try Key(name)
    } catch {
        fatalError("test key '\(name)': \(error)")
    }
}

func point(_ x: Int, _ y: Int) -> Point { Point(x: x, y: y) }

/// The error `grammar` throws for `text`, or nil when it parses.
func parseError(_ grammar: some ActionGrammar, _ text: String) -> ActionParseError? {
    do {
        _ = try grammar.parse(text)
        return nil
    } catch {
        return error
    }
}

let pyautogui = PyAutoGUIGrammar()
let computer13 = Computer13Grammar()
