/// One parser under `deskgym fuzz`: how to call it, and what its inputs look like, so that the
/// generator can make inputs that get past its first checks.
public struct FuzzTarget: Sendable {
    /// The shape of the parser's language, for structure-aware generation.
    public enum Structure: Sendable {
        /// JSON values (objects whose keys come from ``FuzzTarget/words``).
        case json
        /// Python calls with literal arguments (`name(1, 'a', key=[2, 3])`).
        case python
        /// YAML documents (block and flow collections, anchors and aliases).
        case yaml
    }

    /// What one call of the parser did with an input.
    public enum Outcome: Sendable {
        /// The parser read the input.
        case accepted
        /// The parser refused it with an error (the expected answer to most fuzz inputs).
        case refused
    }

    /// The name `--parser` selects it by.
    public var name: String
    /// The shape of its inputs.
    public var structure: Structure
    /// Valid (or nearly valid) inputs that mutations start from.
    public var corpus: [String]
    /// Texts around a generated value: each `§` is replaced by one (a fenced block, `Action: §`).
    public var frames: [String]
    /// Names the language knows (function names, keys, enum values), used as keys, function
    /// names and string values, and inserted by mutations.
    public var words: [String]
    /// Calls the parser; thrown errors are caught here, so only a trap or a hang escapes.
    public var run: @Sendable ([UInt8]) -> Outcome

    /// A target; see the properties.
    public init(
        name: String, structure: Structure, corpus: [String], frames: [String] = ["§"], words: [String],
        run: @escaping @Sendable ([UInt8]) -> Outcome
    ) {
        self.name = name
        self.structure = structure
        self.corpus = corpus
        self.frames = frames
        self.words = words
        self.run = run
    }
}
