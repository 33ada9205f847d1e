/// The most one model answer may ask of a desktop, and how deeply its text may nest.
///
/// Agents are untrusted programs: an answer may be megabytes long or nest thousands of brackets
/// deep, and none of that may crash the process. Each cap is far above what a real answer needs;
/// text beyond one is refused with an ``ActionParseError`` naming the problem.
public enum ActionLimits {
    /// How deeply brackets may nest in an answer's Python literals and JSON, counting every opening
    /// bracket. The readers recurse once a level, so without a cap a few kilobytes of `[` overflow
    /// the stack; real answers nest two or three levels (a point in a call, an action in a tool call
    /// in a response).
    public static let maximumNestingDepth = 64
}
