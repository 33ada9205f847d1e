import DeskgymActions
import DeskgymCore

extension TrajectoryLine: Codable {
    enum CodingKeys: String, CodingKey {
        case version, step, grammar, coordinates, thought, actions, executed, screenshot, usage, requests, windows
        case commands, reward, done, extra, error
        case actionText = "action_text"
        case environmentMilliseconds = "env_ms"
        case settleMilliseconds = "settle_ms"
        case unsettled = "settle_unsettled"
        case modelMilliseconds = "model_ms"
        case accessibilityTree = "accessibility_tree"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard (1...Self.currentVersion).contains(version) else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container,
                debugDescription:
                    "schema version \(version) is not one this build reads (1 to \(Self.currentVersion)); a newer Deskgym wrote it")
        }
        step = try container.decode(Int.self, forKey: .step)
        guard step >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .step, in: container, debugDescription: "a step number is 0 or more, found \(step)")
        }
        actionText = try container.decodeIfPresent(String.self, forKey: .actionText)
        grammar = try container.decodeIfPresent(String.self, forKey: .grammar)
        coordinates = try container.decodeIfPresent(String.self, forKey: .coordinates)
        thought = try container.decodeIfPresent(String.self, forKey: .thought)
        actions = try container.decodeIfPresent([Computer13Action].self, forKey: .actions)?.map(\.action) ?? []
        executed = try container.decodeIfPresent([Computer13Action].self, forKey: .executed)?.map(\.action)
        screenshot = try container.decodeIfPresent(String.self, forKey: .screenshot)
        accessibilityTree = try container.decodeIfPresent(String.self, forKey: .accessibilityTree)
        environmentMilliseconds = try container.decodeIfPresent(Double.self, forKey: .environmentMilliseconds)
        settleMilliseconds = try container.decodeIfPresent(Double.self, forKey: .settleMilliseconds)
        unsettled = try container.decodeIfPresent([String].self, forKey: .unsettled)
        modelMilliseconds = try container.decodeIfPresent(Double.self, forKey: .modelMilliseconds)
        usage = try container.decodeIfPresent(Usage.self, forKey: .usage)
        requests = try container.decodeIfPresent([Request].self, forKey: .requests)
        windows = try container.decodeIfPresent([Window].self, forKey: .windows)
        commands = try container.decodeIfPresent([CommandResult].self, forKey: .commands)
        reward = try container.decodeIfPresent(Double.self, forKey: .reward)
        done = try container.decodeIfPresent(Bool.self, forKey: .done)
        extra = try container.decodeIfPresent(JSONValue.self, forKey: .extra)
        error = try container.decodeIfPresent(String.self, forKey: .error)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(step, forKey: .step)
        try container.encodeIfPresent(actionText, forKey: .actionText)
        try container.encodeIfPresent(grammar, forKey: .grammar)
        try container.encodeIfPresent(coordinates, forKey: .coordinates)
        try container.encodeIfPresent(thought, forKey: .thought)
        try container.encode(actions.map(Computer13Action.init), forKey: .actions)
        try container.encodeIfPresent(executed?.map(Computer13Action.init), forKey: .executed)
        try container.encodeIfPresent(screenshot, forKey: .screenshot)
        try container.encodeIfPresent(accessibilityTree, forKey: .accessibilityTree)
        try container.encodeIfPresent(environmentMilliseconds, forKey: .environmentMilliseconds)
        try container.encodeIfPresent(settleMilliseconds, forKey: .settleMilliseconds)
        try container.encodeIfPresent(unsettled, forKey: .unsettled)
        try container.encodeIfPresent(modelMilliseconds, forKey: .modelMilliseconds)
        try container.encodeIfPresent(usage, forKey: .usage)
        if let requests, !requests.isEmpty { try container.encode(requests, forKey: .requests) }
        if let windows, !windows.isEmpty { try container.encode(windows, forKey: .windows) }
        if let commands, !commands.isEmpty { try container.encode(commands, forKey: .commands) }
        try container.encodeIfPresent(reward, forKey: .reward)
        try container.encodeIfPresent(done, forKey: .done)
        try container.encodeIfPresent(extra, forKey: .extra)
        try container.encodeIfPresent(error, forKey: .error)
    }
}
