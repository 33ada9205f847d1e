/// One task of a run, as the eval runner found it.
public struct EvalTask: Sendable, Hashable, Codable {
    /// The task's id (OSWorld's `id`).
    public var id: String
    /// Its domain (the folder it came from: `chrome`, `libreoffice_calc`, …).
    public var domain: String
    /// The task file's path.
    public var file: String
    /// The instruction, kept so that reports can show it for episodes that never wrote a result.
    public var instruction: String?

    public init(id: String, domain: String, file: String, instruction: String? = nil) {
        self.id = id
        self.domain = domain
        self.file = file
        self.instruction = instruction
    }
}
