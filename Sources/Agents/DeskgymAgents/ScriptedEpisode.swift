import DeskgymActions

/// An episode that answers a fixed list of texts in order, then nil.
actor ScriptedEpisode: AgentEpisode {
    nonisolated let grammar: any ActionGrammar
    private let texts: [String]
    private var position = 0

    init(grammar: any ActionGrammar, texts: [String]) {
        self.grammar = grammar
        self.texts = texts
    }

    func next(_ observation: AgentObservation) async throws(AgentError) -> AgentTurn? {
        guard position < texts.count else { return nil }
        defer { position += 1 }
        return AgentTurn(text: texts[position])
    }
}
