/// A mouse button as the action grammars name it.
public enum MouseButton: String, Sendable, Hashable, Codable, CaseIterable {
    case left
    case middle
    case right
}
