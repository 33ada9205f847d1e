import DeskgymCore
import Foundation

/// A value a getter fetched for a metric, already out of the session: what OSWorld passes to its
/// metric functions as `result` or `expected`.
///
/// `none` stands for "nothing was fetched" (a missing file, a command that gave no output); every
/// metric scores it 0 with a reason rather than throwing, as OSWorld's metrics return 0 for `None`.
public enum MetricInput: Sendable, Hashable {
    /// Nothing was fetched.
    case none
    /// Text, such as a command's output or a value read from an application.
    case text(String)
    /// A file copied out of the session (or from the task's cache).
    case file(URL)
    /// Several files (a `multi` getter); metrics that take one file use the first, `compare_csv`
    /// accepts any of them as the expected file.
    case files([URL])
    /// A list of strings, such as a directory listing or a spreadsheet row.
    case list([String])
    /// A JSON value: the `rules` of a `rule` getter, or structured data a getter produced.
    case json(JSONValue)
}
