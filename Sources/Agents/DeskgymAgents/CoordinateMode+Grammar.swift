import DeskgymActions

extension CoordinateMode {
    /// The mode `grammar` reads coordinates in, so that a trajectory can record it and a replay can
    /// set the grammar up the same way: ``relative`` for `uitars` on its 0–1000 grid and
    /// `qwen_computer_use` on its 0–999 grid, ``absolute`` for either in the pixels of a resized
    /// screenshot; nil for the grammars that take screen pixels and have no mode.
    ///
    /// Read from the grammar itself rather than from the agent's settings, so that every agent
    /// (model, script, replay) reports what its answers were actually read with, without a change to
    /// the ``AgentEpisode`` protocol. An absolute grammar is replayed with the resize rule of
    /// ``GrammarSetup``, the only one Deskgym's agents use.
    public init?(of grammar: any ActionGrammar) {
        switch grammar {
        case let uiTARS as UITARSGrammar:
            if case .relative1000 = uiTARS.coordinates { self = .relative } else { self = .absolute }
        case let qwen as QwenComputerUseGrammar:
            if case .relative999 = qwen.coordinates { self = .relative } else { self = .absolute }
        default:
            return nil
        }
    }
}
