import DeskgymCore

/// How OSWorld's `activate_window`/`close_window` pick a window (its server uses `wmctrl`).
enum WindowMatch {
    /// `by_class`: the name is part of `instance.class` (case-insensitive); `strict`: the title is
    /// exactly the name; otherwise the title contains the name (case-insensitive).
    static func matches(_ window: WindowInfo, name: String, strict: Bool, byClass: Bool) -> Bool {
        if byClass {
            let wmClass = "\(window.instanceName).\(window.className)".lowercased()
            return strict ? (window.instanceName == name || window.className == name) : wmClass.contains(name.lowercased())
        }
        return strict ? window.title == name : window.title.lowercased().contains(name.lowercased())
    }
}
