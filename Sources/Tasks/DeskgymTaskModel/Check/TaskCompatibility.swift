/// Checks tasks against the steps, getters and metrics a runner implements.
public enum TaskCompatibility {
    /// Whether `task` can run with `support`, and which setup step, postconfig step, getter or
    /// metric is missing, with its place in the file (`config[2].type = "googledrive"`).
    public static func check(_ task: OSWorldTask, support: TaskSupport) -> TaskReport {
        let features = task.features
        let missing = features.filter { !support.supports($0.name, as: $0.kind) }
        let known = TaskSupport.osworld.union(support)
        return TaskReport(
            taskID: task.id,
            isInfeasible: task.evaluator.isInfeasible,
            features: features,
            missing: missing,
            unknownToOSWorld: missing.filter { !known.supports($0.name, as: $0.kind) },
            unrecognizedFields: task.unrecognizedFields)
    }
}
