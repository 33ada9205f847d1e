/// A task's identity inside a run.
struct TaskKey: Hashable, Sendable {
    var domain: String
    var id: String

    init(domain: String, id: String) {
        self.domain = domain
        self.id = id
    }

    init(_ task: EvalTask) {
        self.init(domain: task.domain, id: task.id)
    }
}
