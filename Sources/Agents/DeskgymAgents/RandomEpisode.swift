import DeskgymActions
import DeskgymCore

/// One episode of ``RandomAgent``: `steps` random actions in computer_13 JSON, then `DONE`, then nil.
actor RandomEpisode: AgentEpisode {
    nonisolated let grammar: any ActionGrammar = Computer13Grammar()
    private let screen: Size
    private let steps: Int
    private var generator: SplitMix64
    private var answered = 0

    init(screen: Size, steps: Int, generator: SplitMix64) {
        self.screen = screen
        self.steps = steps
        self.generator = generator
    }

    func next(_ observation: AgentObservation) async throws(AgentError) -> AgentTurn? {
        defer { answered += 1 }
        if answered < steps {
            return AgentTurn(text: grammar.format([randomAction()]))
        }
        return answered == steps ? AgentTurn(text: grammar.format([.done])) : nil
    }

    private static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
    // Known names: Key(_:) cannot fail on them (checked by the tests).
    private static let keys = RandomAgent.safeKeys.compactMap { try? Key($0) }

    private func randomAction() -> Action {
        let roll = generator.below(100)
        switch roll {
        case ..<30: return .click(button: .left, at: randomPoint(), count: 1)
        case ..<38: return .click(button: .left, at: randomPoint(), count: 2)
        case ..<43: return .click(button: .right, at: randomPoint(), count: 1)
        case ..<58: return .moveTo(randomPoint())
        case ..<73:
            let length = 1 + generator.below(8)
            return .typing(String((0..<length).map { _ in Self.letters[generator.below(Self.letters.count)] }))
        case ..<88:
            let clicks = 1 + generator.below(5)
            return .scroll(dx: 0, dy: generator.below(2) == 0 ? clicks : -clicks, at: randomPoint())
        default:
            return .press(Self.keys[generator.below(Self.keys.count)])
        }
    }

    private func randomPoint() -> Point {
        Point(x: generator.below(screen.width), y: generator.below(screen.height))
    }
}
