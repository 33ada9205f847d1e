import DeskgymCore

/// A grammar of absolute pixel coordinates (pyautogui, computer_13) read against a screenshot that
/// was scaled down for the model: the model's points are in the image, and become screen pixels
/// with the same arithmetic as the Anthropic and OpenAI grammars' (one factor per axis, rounded
/// half to even). A point outside the image is refused, naming the image's size.
public struct ImageSpaceGrammar<Base: ActionGrammar>: ActionGrammar {
    public static var name: String { Base.name }

    public let base: Base
    let scale: ScreenshotScale

    /// `base` read against `image`-sized screenshots of a `screen`-sized screen.
    public init(_ base: Base, screen: Size, image: Size) {
        self.base = base
        scale = ScreenshotScale(screen: screen, image: image)
    }

    public func parse(_ text: String) throws(ActionParseError) -> [Action] {
        let actions = try base.parse(text)
        guard !scale.isIdentity else { return actions }
        for action in actions {
            for point in action.points {
                if let problem = scale.problem(x: Double(point.x), y: Double(point.y)) {
                    throw ActionParseError(
                        grammar: Base.name, line: 0, column: 0, snippet: "",
                        message: "\(action.typeName) point (\(point.x), \(point.y)) \(problem)")
                }
            }
        }
        return actions.map { $0.mappingPoints { scale.screenPoint(x: Double($0.x), y: Double($0.y)) } }
    }

    public func format(_ actions: [Action]) -> String {
        guard !scale.isIdentity else { return base.format(actions) }
        return base.format(
            actions.map {
                $0.mappingPoints { point in
                    let (x, y) = scale.imagePoint(of: point)
                    return Point(x: x, y: y)
                }
            })
    }
}
