import DeskgymCore

/// A key name, or a key combination, that a tool-call grammar cannot map to the core's keys; the
/// grammar puts `message` after the field it came from.
struct KeyNameProblem: Error {
    /// What is wrong, with the closest valid name where there is one (`has an unknown key name
    /// 'Retrun'; did you mean 'Return'?`).
    var message: String

    /// The problem of an unknown `name`, suggesting the nearest of `candidates`.
    static func unknown(_ name: String, in whole: String? = nil, candidates: [String]) -> KeyNameProblem {
        var message = "has an unknown key name '\(name.excerpt)'"
        if let whole, whole != name { message += " in '\(whole.excerpt)'" }
        if let near = nearest(to: name, among: candidates) { message += "; did you mean '\(near)'?" }
        return KeyNameProblem(message: message)
    }
}
