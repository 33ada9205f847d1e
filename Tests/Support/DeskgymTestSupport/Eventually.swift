/// Polls `condition` every `interval` until it holds or `limit` passes; returns whether it held
/// (checked once more at the end). A wait for something to happen, not a measurement: tests assert
/// the outcome, never the time it took.
public func eventually(
    within limit: Duration = .seconds(20), every interval: Duration = .milliseconds(10),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
