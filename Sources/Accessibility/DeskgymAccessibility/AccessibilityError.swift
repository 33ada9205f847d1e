/// Why the accessibility tree could not be read at all (a tree cut short by a cap is not an
/// error: it comes back with ``DeskgymAccessibilityTree/AccessibilityTree/truncated``).
public struct AccessibilityError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable {
        /// The session has no accessibility bus (started with `accessibility: false`, or not an
        /// `xvfb` session).
        case noBus
        /// The bus at `address` did not take the connection.
        case connect(address: String)
        /// A call on the bus failed as a whole (not one object's property: those are skipped).
        case call(String)
    }

    public var kind: Kind
    /// The D-Bus error's name and message, when there was one.
    public var underlying: String?

    public init(_ kind: Kind, underlying: String? = nil) {
        self.kind = kind
        self.underlying = underlying
    }

    public var description: String {
        let what: String
        switch kind {
        case .noBus: what = "this session has no accessibility bus (its vm-config sets accessibility: false, or it is not an xvfb session)"
        case .connect(let address): what = "cannot connect to the accessibility bus at \(address)"
        case .call(let call): what = "the accessibility bus call \(call) failed"
        }
        return underlying.map { "\(what): \($0)" } ?? what
    }
}
