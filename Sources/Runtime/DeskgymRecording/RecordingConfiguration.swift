import DeskgymTasks
import Foundation

/// What to record and how to serve it.
public struct RecordingConfiguration: Sendable {
    /// The task file (OSWorld JSON).
    public var taskFile: URL
    /// The recording folder (created; it must not hold a recording already).
    public var output: URL
    /// Where `deskgym.vm_config` names are looked up.
    public var vmConfigsFolder: URL
    /// The VNC port on 127.0.0.1; 0 picks a free one.
    public var port: Int
    /// The VNC password (at most 8 characters), or nil to serve without one (the server listens on
    /// 127.0.0.1 only, so only local users and programs can connect).
    public var password: String?
    public var rules: MergeRules
    public var evaluator: TaskEvaluator

    public init(
        taskFile: URL, output: URL, vmConfigsFolder: URL, port: Int, password: String?,
        rules: MergeRules = MergeRules(), evaluator: TaskEvaluator
    ) {
        self.taskFile = taskFile
        self.output = output
        self.vmConfigsFolder = vmConfigsFolder
        self.port = port
        self.password = password
        self.rules = rules
        self.evaluator = evaluator
    }
}
