/// Deskgym's own fields of a task, all under one top-level key, `deskgym`, so that a Deskgym task
/// is still an OSWorld task file and OSWorld's fields keep their meaning:
///
/// ```json
/// "deskgym": {
///   "vm_config": "browser",
///   "pages": "pages/shop",
///   "reference_solution": {"grammar": "computer_13", "actions": [{"action_type": "TYPING", "text": "ls\n"}, "DONE"]}
/// }
/// ```
///
/// Unknown members inside `deskgym` are load errors (a typo would otherwise be ignored
/// silently); every member is optional. See `docs/task-format.md`.
public struct DeskgymExtension: Sendable, Hashable {
    /// The environment the task runs in: the name of a file in `vm-configs/` without `.yaml`
    /// (`default`), or a path to a vm-config file, relative to the task file's folder when
    /// relative. Nil: the default vm-config.
    public var vmConfig: String?
    /// A known solution, for checking the task's own checkers and as a demonstration.
    public var referenceSolution: ReferenceSolution?
    /// A folder of web pages the episode serves on a loopback port while it runs (relative to the
    /// task file's folder when relative). Setup steps, getter commands and `rule` getters reach it
    /// through the placeholder `{PAGES_URL}`. Nil: no pages are served.
    public var pages: String?

    /// The member names allowed inside `deskgym`.
    public static let fieldNames: [String] = ["vm_config", "reference_solution", "pages"]

    /// Creates the extension fields.
    public init(vmConfig: String? = nil, referenceSolution: ReferenceSolution? = nil, pages: String? = nil) {
        self.vmConfig = vmConfig
        self.referenceSolution = referenceSolution
        self.pages = pages
    }
}
