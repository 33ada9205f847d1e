/// AT-SPI's role and state numbering (at-spi2-core's `AtspiRole` and `AtspiStateType`), as the
/// bus gives them, with the names libatspi and pyatspi give them.
public enum AccessibilityRole {
    /// The role called `number` on the bus: libatspi's name for it (`push button`), or
    /// `unknown` for a number past the table (a newer toolkit).
    public static func name(_ number: UInt32) -> String {
        Int(number) < names.count ? names[Int(number)] : "unknown"
    }

    /// The states set in AT-SPI's two 32-bit state words, by name, in numeric order.
    public static func states(low: UInt32, high: UInt32) -> [String] {
        var result: [String] = []
        for bit in 0..<64 where bit < stateNames.count {
            let word = bit < 32 ? low : high
            if word & (1 << UInt32(bit % 32)) != 0, !stateNames[bit].isEmpty { result.append(stateNames[bit]) }
        }
        return result
    }

    static let names: [String] = [
        "invalid", "accelerator label", "alert", "animation", "arrow", "calendar", "canvas", "check box",
        "check menu item", "color chooser", "column header", "combo box", "date editor", "desktop icon",
        "desktop frame", "dial", "dialog", "directory pane", "drawing area", "file chooser", "filler",
        "focus traversable", "font chooser", "frame", "glass pane", "html container", "icon", "image",
        "internal frame", "label", "layered pane", "list", "list item", "menu", "menu bar", "menu item",
        "option pane", "page tab", "page tab list", "panel", "password text", "popup menu", "progress bar",
        "push button", "radio button", "radio menu item", "root pane", "row header", "scroll bar", "scroll pane",
        "separator", "slider", "spin button", "split pane", "status bar", "table", "table cell",
        "table column header", "table row header", "tearoff menu item", "terminal", "text", "toggle button",
        "tool bar", "tool tip", "tree", "tree table", "unknown", "viewport", "window", "extended", "header",
        "footer", "paragraph", "ruler", "application", "autocomplete", "editbar", "embedded", "entry", "chart",
        "caption", "document frame", "heading", "page", "section", "redundant object", "form", "link",
        "input method window", "table row", "tree item", "document spreadsheet", "document presentation",
        "document text", "document web", "document email", "comment", "list box", "grouping", "image map",
        "notification", "info bar", "level bar", "title bar", "block quote", "audio", "video", "definition",
        "article", "landmark", "log", "marquee", "math", "rating", "timer", "static", "math fraction",
        "math root", "subscript", "superscript", "description list", "description term", "description value",
        "footnote", "content deletion", "content insertion", "mark", "suggestion", "push button menu",
    ]

    /// pyatspi's `StateType` names without `STATE_`, lower case; `invalid` (bit 0) is never written.
    static let stateNames: [String] = [
        "", "active", "armed", "busy", "checked", "collapsed", "defunct", "editable", "enabled", "expandable",
        "expanded", "focusable", "focused", "has_tooltip", "horizontal", "iconified", "modal", "multi_line",
        "multiselectable", "opaque", "pressed", "resizable", "selectable", "selected", "sensitive", "showing",
        "single_line", "stale", "transient", "vertical", "visible", "manages_descendants", "indeterminate",
        "required", "truncated", "animated", "invalid_entry", "supports_autocompletion", "selectable_text",
        "is_default", "visited", "checkable", "has_popup", "read_only",
    ]
}
