import DeskgymCore
import Foundation

extension MetricInput {
    /// The value as OSWorld's Python metric would receive it: text and lists as `str` and `list`,
    /// a file as its path, JSON as loaded; nil for `none`.
    var pythonValue: JSONValue? {
        switch self {
        case .none: nil
        case .text(let text): .string(text)
        case .file(let url): .string(url.path)
        case .files(let urls): .array(urls.map { .string($0.path) })
        case .list(let items): .array(items.map(JSONValue.string))
        case .json(let value): value
        }
    }

    /// The `rules` object of a `rule` getter, which most metrics take as their expected value.
    func rules(for metric: String) throws(MetricError) -> [String: JSONValue] {
        guard case .json(let value) = self, let object = value.objectValue else {
            throw MetricError(
                .wrongInput, metric: metric,
                "expects rules (a `rule` getter's object) as its expected value, not \(kindName)")
        }
        return object
    }

    /// The one file this input names (the first of several), nil for `none`.
    func file(for metric: String, role: String) throws(MetricError) -> URL? {
        switch self {
        case .none: return nil
        case .file(let url): return url
        case .files(let urls): return urls.first
        default: throw MetricError(.wrongInput, metric: metric, "expects a file as its \(role), not \(kindName)")
        }
    }

    /// Every file this input names (empty for `none`).
    func files(for metric: String, role: String) throws(MetricError) -> [URL] {
        switch self {
        case .none: return []
        case .file(let url): return [url]
        case .files(let urls): return urls
        default: throw MetricError(.wrongInput, metric: metric, "expects a file as its \(role), not \(kindName)")
        }
    }

    /// What kind of input this is, for messages.
    var kindName: String {
        switch self {
        case .none: "nothing"
        case .text: "text"
        case .file: "a file"
        case .files: "a list of files"
        case .list: "a list of strings"
        case .json(let value): "JSON \(value.typeName)"
        }
    }
}
