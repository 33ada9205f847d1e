import Foundation

extension MetricInput {
    /// The files of a metric that takes a path or a list of paths (`compare_image_list`): a list
    /// gives its files, one file a list of one, and nothing a list of one missing entry (OSWorld
    /// wraps `None` in a list and then scores the missing pair 0).
    func imageList(for metric: String, role: String) throws(MetricError) -> [URL?] {
        switch self {
        case .none: return [nil]
        case .file(let url): return [url]
        case .files(let urls): return urls
        default: throw MetricError(.wrongInput, metric: metric, "expects a file or a list of files as its \(role), not \(kindName)")
        }
    }
}
