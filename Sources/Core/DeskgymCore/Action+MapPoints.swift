extension Action {
    /// The action with every point it names passed through `transform` (from one coordinate space
    /// to another); actions without points come back unchanged.
    public func mappingPoints(_ transform: (Point) -> Point) -> Action {
        switch self {
        case .moveTo(let p): .moveTo(transform(p))
        case .click(let button, let p, let count): .click(button: button, at: p.map(transform), count: count)
        case .mouseDown(let button, let p): .mouseDown(button: button, at: p.map(transform))
        case .mouseUp(let button, let p): .mouseUp(button: button, at: p.map(transform))
        case .rightClick(let p): .rightClick(at: p.map(transform))
        case .doubleClick(let p): .doubleClick(at: p.map(transform))
        case .dragTo(let p, let button): .dragTo(transform(p), button: button)
        case .scroll(let dx, let dy, let p): .scroll(dx: dx, dy: dy, at: p.map(transform))
        case .typing, .press, .keyDown, .keyUp, .hotkey, .wait, .runCommand, .fail, .done: self
        }
    }
}
