import DeskgymCore
import Foundation

/// What a getter fetched for a metric: a file copied out of the session, command output, or a
/// JSON value (rules, sizes, directory trees). A file that could not be fetched is `nil`, which
/// the evaluator scores 0 with the reason, as OSWorld does.
public enum GetterValue: Sendable, Hashable {
    case file(URL?)
    case files([URL?])
    case text(String?)
    case json(JSONValue)
}
