import DeskgymCore

/// Whether one task can run with a given ``TaskSupport``, and if not, exactly what is missing.
/// Made by ``TaskCompatibility/check(_:support:)``.
public struct TaskReport: Sendable, Hashable {
    /// The task's `id`.
    public var taskID: String
    /// Whether the task is OSWorld's infeasible kind (`func: "infeasible"`).
    public var isInfeasible: Bool
    /// Every step, getter and metric the task uses, in file order.
    public var features: [TaskFeature]
    /// The uses whose name the support lacks, in file order; empty when the task can run.
    public var missing: [TaskFeature]
    /// The missing uses whose name OSWorld does not know either (most likely typos).
    public var unknownToOSWorld: [TaskFeature]
    /// Members of the task file the format does not know (kept, not refused).
    public var unrecognizedFields: [JSONPath]

    /// Creates a report.
    public init(
        taskID: String, isInfeasible: Bool, features: [TaskFeature], missing: [TaskFeature],
        unknownToOSWorld: [TaskFeature], unrecognizedFields: [JSONPath]
    ) {
        self.taskID = taskID
        self.isInfeasible = isInfeasible
        self.features = features
        self.missing = missing
        self.unknownToOSWorld = unknownToOSWorld
        self.unrecognizedFields = unrecognizedFields
    }

    /// Whether every step, getter and metric the task uses is supported.
    public var isRunnable: Bool { missing.isEmpty }

    /// The distinct names the task uses, per registry.
    public func usedNames(_ category: TaskFeature.Category) -> Set<String> {
        Set(features.filter { $0.kind.category == category }.map(\.name))
    }

    /// The distinct names the task lacks, per registry.
    public func missingNames(_ category: TaskFeature.Category) -> Set<String> {
        Set(missing.filter { $0.kind.category == category }.map(\.name))
    }

    /// The missing names grouped by kind and name, each with every place it is used:
    /// `setup step "download" (config[0].type, config[3].type)`, joined by `; `.
    public var missingSummary: String {
        var groups: [(kind: TaskFeature.Kind, name: String, paths: [JSONPath])] = []
        for feature in missing {
            if let index = groups.firstIndex(where: { $0.kind == feature.kind && $0.name == feature.name }) {
                groups[index].paths.append(feature.path)
            } else {
                groups.append((feature.kind, feature.name, [feature.path]))
            }
        }
        let unknown = Set(unknownToOSWorld.map { "\($0.kind.category)/\($0.name)" })
        return groups.map { group in
            let paths = group.paths.map(\.description).joined(separator: ", ")
            let note = unknown.contains("\(group.kind.category)/\(group.name)") ? ", unknown to OSWorld too" : ""
            return "\(group.kind.label) \(JSONValue.string(group.name)) (\(paths)\(note))"
        }.joined(separator: "; ")
    }
}
