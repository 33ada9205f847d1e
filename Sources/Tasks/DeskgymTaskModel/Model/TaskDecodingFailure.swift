import DeskgymCore

/// A problem found while turning a JSON value into an ``OSWorldTask``; the loader adds the file
/// name and the line and column to make a ``TaskLoadError``.
struct TaskDecodingFailure: Error {
    var path: JSONPath
    var kind: TaskLoadError.Kind
    var message: String
}
