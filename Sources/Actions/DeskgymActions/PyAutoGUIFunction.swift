/// A pyautogui function the grammar turns into actions, with pyautogui 0.9.54's parameter list.
enum PyAutoGUIFunction: String, CaseIterable {
    case click, leftClick, rightClick, middleClick, doubleClick, tripleClick
    case moveTo, dragTo, mouseDown, mouseUp
    case scroll, vscroll, hscroll
    case write, typewrite, press, hotkey, shortcut, keyDown, keyUp
    case sleep

    /// The parameters in pyautogui's order, so that positional arguments bind as Python binds them.
    var parameters: [String] {
        let clickTail = ["duration", "tween", "logScreenshot", "_pause"]
        switch self {
        case .click:
            return ["x", "y", "clicks", "interval", "button"] + clickTail
        case .leftClick, .rightClick, .middleClick:
            return ["x", "y", "interval"] + clickTail
        case .doubleClick, .tripleClick:
            return ["x", "y", "interval", "button"] + clickTail
        case .moveTo:
            return ["x", "y"] + clickTail
        case .dragTo:
            return ["x", "y", "duration", "tween", "button", "logScreenshot", "_pause", "mouseDownUp"]
        case .mouseDown, .mouseUp:
            return ["x", "y", "button"] + clickTail
        case .scroll, .vscroll, .hscroll:
            return ["clicks", "x", "y", "logScreenshot", "_pause"]
        case .write, .typewrite:
            return ["message", "interval", "logScreenshot", "_pause"]
        case .press:
            return ["keys", "presses", "interval", "logScreenshot", "_pause"]
        case .hotkey, .shortcut:
            // hotkey(*args, **kwargs) reads only these keywords.
            return ["interval", "logScreenshot", "_pause"]
        case .keyDown, .keyUp:
            return ["key", "logScreenshot", "_pause"]
        case .sleep:
            return ["seconds"]
        }
    }

    /// Parameters without a default value.
    var required: Set<String> {
        switch self {
        case .scroll, .vscroll, .hscroll: ["clicks"]
        case .write, .typewrite: ["message"]
        case .press: ["keys"]
        case .keyDown, .keyUp: ["key"]
        case .sleep: ["seconds"]
        default: []
        }
    }

    /// Whether positional arguments are collected (`hotkey(*args)`) rather than bound to parameters.
    var isVariadic: Bool { self == .hotkey || self == .shortcut }

    /// Why a pyautogui function outside the grammar is refused, for the ones models do write.
    static func refusal(for name: String) -> String? {
        switch name {
        case "moveRel", "move", "dragRel", "drag":
            let absolute = name.hasPrefix("drag") ? "dragTo" : "moveTo"
            return "pyautogui.\(name) moves relative to the pointer's current position, which the grammar "
                + "does not know; use pyautogui.\(absolute)(x, y) with absolute screen coordinates"
        case "hold":
            return "pyautogui.hold is a context manager ('with' blocks are not supported); "
                + "use pyautogui.hotkey(...) or pyautogui.keyDown(...) and pyautogui.keyUp(...)"
        case "locateOnScreen", "locateCenterOnScreen", "locateAllOnScreen", "locate", "locateAll",
            "locateOnWindow", "center", "pixel", "pixelMatchesColor":
            return "pyautogui.\(name) searches the screen image, which is not supported; "
                + "act on coordinates read from the screenshot instead"
        case "screenshot", "position", "size", "resolution", "onScreen", "isValidKey",
            "alert", "confirm", "prompt", "password", "countdown", "displayMousePosition", "mouseInfo",
            "getActiveWindow", "getWindowsWithTitle", "getInfo", "printInfo":
            return "pyautogui.\(name) performs no input action and its result cannot be used; "
                + "supported: \(supportedList)"
        default:
            return nil
        }
    }

    static var supportedList: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }

    /// The supported function closest to `name`, if one is close.
    static func suggestion(for name: String) -> String? {
        nearest(to: name, among: allCases.map(\.rawValue))
    }
}
