import DeskgymSandbox
import DeskgymTasks
import Foundation
import Logging

/// The sessions a server holds, up to its capacity.
///
/// Creating reserves a slot before the desktop starts (starting takes a while, and the capacity
/// counts desktops, not finished sessions). Sessions that ended are remembered for a while with
/// the reason, so that a client asking after one hears 410 and why, not 404.
public actor SessionRegistry {
    /// The most sessions alive or starting at once.
    public nonisolated let capacity: Int
    let factory: any SessionFactory
    let evaluator: TaskEvaluator
    let metrics: ServerMetrics
    let retryAfterSeconds: Int
    /// Where sessions write their training records; nil for none.
    let recordsFolder: URL?
    let logger: Logger

    private var sessions: [String: ServedSession] = [:]
    private var starting = 0
    private var ended: [String: String] = [:]
    private var endedOrder: [String] = []
    private var closing = false

    /// How many ended sessions are remembered for 410 answers.
    static let endedMemory = 10_000

    public init(
        capacity: Int, factory: any SessionFactory, evaluator: TaskEvaluator, metrics: ServerMetrics,
        retryAfterSeconds: Int = 5, recordsFolder: URL? = nil, logger: Logger
    ) {
        self.capacity = capacity
        self.recordsFolder = recordsFolder
        self.factory = factory
        self.evaluator = evaluator
        self.metrics = metrics
        self.retryAfterSeconds = retryAfterSeconds
        self.logger = logger
    }

    /// Sessions alive or starting.
    public var busyCount: Int { sessions.count + starting }

    /// Creates a session from `spec`: reserves a slot (429 when none is free), starts the desktop,
    /// runs setup, and returns the session with its first observation.
    func create(_ spec: SessionSpec) async throws(APIError) -> (ServedSession, ObservationPayload) {
        guard !closing else { throw Self.shuttingDown }
        guard busyCount < capacity else {
            throw APIError(
                status: 429, code: "capacity_full",
                message: "all \(capacity) session slots are taken; delete a session or retry later",
                retryAfterSeconds: retryAfterSeconds)
        }
        starting += 1
        updateGauge()
        let id = UUID().uuidString.lowercased()
        let session = ServedSession(
            id: id, spec: spec, factory: factory, evaluator: evaluator,
            records: recordsFolder.map { TurnRecords(folder: $0.appendingPathComponent(id)) },
            logger: logger)
        let observation: ObservationPayload
        do {
            observation = try await session.begin()
        } catch {
            starting -= 1
            updateGauge()
            throw error
        }
        starting -= 1
        if closing {
            await session.close(reason: "the server is shutting down")
            updateGauge()
            throw Self.shuttingDown
        }
        sessions[session.id] = session
        updateGauge()
        metrics.record(.sessionCreated)
        return (session, observation)
    }

    /// The session called `id`: 404 when never known, 410 with the reason when it ended.
    func session(_ id: String) throws(APIError) -> ServedSession {
        if let session = sessions[id] { return session }
        if let reason = ended[id] { throw .sessionGone(id, reason: reason) }
        throw .unknownSession(id)
    }

    /// Forgets a session that ended by itself (an environment error), keeping the reason.
    func forget(_ id: String, reason: String) {
        guard sessions.removeValue(forKey: id) != nil else { return }
        remember(id, reason: reason)
        updateGauge()
    }

    /// `DELETE /sessions/{id}`: removes the session and stops it (after a running request).
    func delete(_ id: String) async throws(APIError) {
        let session = try session(id)
        sessions.removeValue(forKey: id)
        remember(id, reason: "deleted")
        updateGauge()
        await session.close(reason: "deleted")
    }

    /// Stops and removes every idle session whose lease ran out.
    public func sweep(now: ContinuousClock.Instant = .now) async {
        var expired: [ServedSession] = []
        for session in sessions.values {
            if await session.claimIfExpired(now: now) { expired.append(session) }
        }
        for session in expired {
            sessions.removeValue(forKey: session.id)
            remember(session.id, reason: await session.endReason ?? "lease expired")
            metrics.record(.sessionReclaimed)
        }
        if !expired.isEmpty { updateGauge() }
        await withTaskGroup(of: Void.self) { group in
            for session in expired {
                group.addTask { await session.finishReclaim() }
            }
        }
    }

    /// Refuses new sessions and stops every session, all at once. Used at server shutdown.
    public func shutdown() async {
        closing = true
        let all = Array(sessions.values)
        for session in all {
            sessions.removeValue(forKey: session.id)
            remember(session.id, reason: "the server shut down")
        }
        updateGauge()
        if !all.isEmpty {
            logger.info("stopping sessions", metadata: ["count": "\(all.count)"])
        }
        await withTaskGroup(of: Void.self) { group in
            for session in all {
                group.addTask { await session.close(reason: "the server shut down") }
            }
        }
        await factory.shutdown(logger: logger)
    }

    /// Every session, as `GET /sessions` lists them, oldest first.
    func summaries(now: ContinuousClock.Instant = .now) async -> [SessionSummary] {
        var list: [(ContinuousClock.Instant, SessionSummary)] = []
        for session in sessions.values {
            list.append((session.created, await session.summary(now: now)))
        }
        return list.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The pids of a session's processes (Xvfb first); empty for an unknown or ended session.
    public func processIDs(of id: String) async -> [Int32] {
        guard let session = sessions[id] else { return [] }
        return await session.processIDs()
    }

    /// The pids of every live session's processes.
    public func allProcessIDs() async -> [Int32] {
        var pids: [Int32] = []
        for session in sessions.values { pids += await session.processIDs() }
        return pids
    }

    /// The ids of the live sessions.
    public var sessionIDs: [String] { Array(sessions.keys) }

    private func remember(_ id: String, reason: String) {
        if ended[id] == nil { endedOrder.append(id) }
        ended[id] = reason
        if endedOrder.count > Self.endedMemory {
            ended.removeValue(forKey: endedOrder.removeFirst())
        }
    }

    private func updateGauge() {
        metrics.setSessions(live: sessions.count, starting: starting)
    }

    static let shuttingDown = APIError(status: 503, code: "shutting_down", message: "the server is shutting down")
}
