import DeskgymCore

extension Metric {
    /// `check_moved_jpgs` (OSWorld's basic_os.py): the folder a `list_directory` getter listed holds
    /// exactly the files `rules.expected` names — as many entries, and the same set of names, in any
    /// order. Nothing listed (no such folder) or a listed file rather than a folder scores 0, where
    /// OSWorld's `directory_list['children']` raises.
    public static func checkMovedJPGs(result: MetricInput, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        guard case .array(let expected)? = rules["expected"] else {
            throw MetricError(.malformedOptions, metric: "check_moved_jpgs", "rules.expected must be a list of file names")
        }
        guard case .json(let listing) = result, let children = listing.objectValue?["children"]?.arrayValue else {
            return .fail("no folder listing (the folder is missing or is not a folder)")
        }
        let names = children.compactMap { $0.objectValue?["name"]?.stringValue }
        guard names.count == expected.count else {
            return .fail("the folder holds \(names.count) entries, not \(expected.count): \(names.sorted())")
        }
        // A name that is not a string never equals a file's name.
        let wanted = Set(expected.compactMap(\.stringValue))
        return .check(
            wanted.count == Set(expected.map(\.pythonRepr)).count && Set(names) == wanted,
            else: "the folder holds \(names.sorted()), not \(expected.map(\.pythonRepr).sorted())")
    }
}
