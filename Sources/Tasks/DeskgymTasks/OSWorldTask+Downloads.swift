import DeskgymCore
import DeskgymTaskModel

extension OSWorldTask {
    /// The most URLs read from one task: a task names a handful; a hostile file naming millions
    /// costs no more than this many.
    public static let maximumDownloadURLs = 10_000

    /// The http(s) URLs this task downloads, in order of appearance and without repeats: the
    /// `files[].url` of `download` steps (in `config` and in the evaluator's `postconfig`) and
    /// the `path` of `cloud_file` getters (a string or, with `multi`, a list) in `result` and
    /// `expected`.
    public var downloadURLs: [String] {
        var found: [String] = []
        var seen: Set<String> = []
        func add(_ value: JSONValue?) {
            guard found.count < Self.maximumDownloadURLs, let text = value?.stringValue else { return }
            let lowered = text.lowercased()
            guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), seen.insert(text).inserted else { return }
            found.append(text)
        }
        for step in (config + evaluator.postconfig) where step.type == "download" {
            for file in (step[parameter: "files"]?.arrayValue ?? []).prefix(Self.maximumDownloadURLs) {
                add(file["url"])
            }
        }
        let getters = (evaluator.result?.elements ?? []) + (evaluator.expected?.elements ?? [])
        for case let getter? in getters where getter.type == "cloud_file" {
            if let list = getter[field: "path"]?.arrayValue {
                list.prefix(Self.maximumDownloadURLs).forEach { add($0) }
            } else {
                add(getter[field: "path"])
            }
        }
        return found
    }
}
