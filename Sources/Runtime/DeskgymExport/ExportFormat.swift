/// The layouts `deskgym export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// `turns.jsonl`: one line per answer — the screen the model saw (image path), what it
    /// answered, what was carried out, reward, timings and its `extra`. Needs no token ids.
    case turns
    /// `verl.jsonl`: one line per trajectory, shaped for verl's multi-turn agent loop: chat
    /// `messages` with `<image>` placeholders and their `images`, `reward_score`, `num_turns`, and,
    /// when the steps carry token ids, `prompt_ids`, `response_ids`, `response_mask`,
    /// `response_logprobs` (verl's `AgentLoopOutput` fields).
    case verl
    /// `skyrl.json`: SkyRL's generator output for the whole set — parallel lists
    /// `prompt_token_ids`, `response_ids`, `rewards`, `loss_masks`, `stop_reasons`,
    /// `rollout_logprobs`, plus `rollout_metrics` and `trajectory_ids`. Token-level: every
    /// exported trajectory needs token ids.
    case skyrl

    /// The file written in the output folder.
    public var fileName: String {
        switch self {
        case .turns: "turns.jsonl"
        case .verl: "verl.jsonl"
        case .skyrl: "skyrl.json"
        }
    }
}
