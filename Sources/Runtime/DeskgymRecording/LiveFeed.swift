import DeskgymCore
import DeskgymVNCServer
import DeskgymX11
import Foundation
import Logging
import Synchronization

/// The recorder's side of the VNC server, called on the server's thread: pushes changed frames to
/// the viewers, and for every viewer event keeps the frame on the screen, logs the event and
/// forwards it to the X session. The finish chord ends the recording instead of being forwarded.
///
/// One viewer demonstrates at a time: the first to send input, until it leaves. Other viewers
/// watch; their input is neither forwarded nor recorded (counted, and noted in the result), so a
/// second viewer's click cannot fall between the demonstrator's keys.
final class LiveFeed: Sendable {
    /// A connection of its own to the session's display: capture, damage and input; nil once
    /// closed, before the session stops (an X connection outliving its server is best avoided).
    private let connection: Mutex<X11Desktop?>
    let frames: FrameStore
    let log: EventLog
    let started: ContinuousClock.Instant
    let logger: Logger
    private let requests: AsyncStream<FinishRequest>.Continuation
    private let state = Mutex(State())

    private struct State {
        var primed = false
        var finished = false
        var held: [Int: Set<UInt32>] = [:]
        var buttons: [Int: UInt8] = [:]
        var pointers: [Int: Point] = [:]
        /// Whether the viewer's last press typed a character.
        var typing: [Int: Bool] = [:]
        var forwardFailures = 0
        var firstForwardFailure: String?
        var captureFailure: String?
        var refused = 0
        /// The viewer whose input is forwarded and recorded; nil until one sends input, and again
        /// once it leaves.
        var demonstrator: Int?
        /// Input events of other viewers, dropped, by viewer.
        var ignored: [Int: Int] = [:]
        var authenticated = 0
        var connections = 0
        var ticks = 0
        var captures = 0
        var changedTiles = 0
        var timings = EventTimings()
    }

    init(
        desktop: X11Desktop, frames: FrameStore, log: EventLog, started: ContinuousClock.Instant,
        requests: AsyncStream<FinishRequest>.Continuation, logger: Logger
    ) {
        connection = Mutex(desktop)
        self.frames = frames
        self.log = log
        self.started = started
        self.requests = requests
        self.logger = logger
    }

    /// The feed's desktop connection, unless closed.
    private var desktop: X11Desktop? { connection.withLock { $0 } }

    /// Releases what viewers still hold, and closes the feed's X connection. Call after the VNC
    /// server has stopped.
    func closeDesktop() {
        try? desktop?.input.releaseForwarded()
        connection.withLock { $0 = nil }
    }

    var handlers: VNCServer.Handlers {
        VNCServer.Handlers(
            input: { [self] event, framebuffer in input(event, framebuffer) },
            viewer: { [self] event in viewer(event) },
            tick: { [self] framebuffer in tick(framebuffer) })
    }

    /// Milliseconds since the start, to the microsecond the log keeps.
    private func milliseconds(at time: ContinuousClock.Instant) -> Double { ((time - started).milliseconds * 1000).rounded() / 1000 }

    func input(_ event: VNCInputEvent, _ framebuffer: VNCFramebuffer) {
        let begin = ContinuousClock.now
        // Presses may start an action: the screen as it is now is the screenshot before it. A
        // character typed right after another goes on the same typed text (the merge's rule), so
        // it needs no frame of its own.
        let gate: (startsAction: Bool, buttonReleased: Bool)? = state.withLock { state in
            guard !state.finished else { return (false, false) }
            if let demonstrator = state.demonstrator, demonstrator != event.viewer {
                state.ignored[event.viewer, default: 0] += 1
                return nil
            }
            state.demonstrator = event.viewer
            switch event.kind {
            case .pointer(_, _, let buttons):
                let held = state.buttons[event.viewer] ?? 0
                let pressed = buttons & ~held != 0
                if pressed { state.typing[event.viewer] = false }
                return (pressed || !state.primed, held & ~buttons != 0)
            case .key(let keysym, let down):
                guard down else { return (!state.primed, false) }
                let typesText = Self.typesText(keysym, holding: state.held[event.viewer] ?? [])
                let continues = typesText && state.typing[event.viewer] == true
                state.typing[event.viewer] = typesText
                return (!continues || !state.primed, false)
            }
        }
        guard let (startsAction, buttonReleased) = gate else {
            let (first, demonstrator) = state.withLock { ($0.ignored[event.viewer] == 1, $0.demonstrator ?? 0) }
            if first {
                logger.warning(
                    "a second viewer's input is ignored: viewer \(demonstrator) demonstrates until it leaves",
                    metadata: ["vnc.viewer": "\(event.viewer)"])
            }
            return
        }
        if startsAction {
            refresh(framebuffer)
            _ = framebuffer.withPixels { frames.take($0, generation: framebuffer.generation) }
        }
        let frame = frames.latest
        let time = milliseconds(at: event.time)
        enum Next { case ignore, forward, finish(RecordingOutcome) }
        let next: Next = state.withLock { state in
            guard !state.finished else { return .ignore }
            let kind: RawEvent.Kind
            switch event.kind {
            case .pointer(let x, let y, let buttons):
                state.buttons[event.viewer] = buttons
                state.pointers[event.viewer] = Point(x: x, y: y)
                kind = .pointer(x: x, y: y, buttons: buttons)
            case .key(let keysym, let down):
                if down, let outcome = FinishChord.outcome(pressing: keysym, holding: state.held[event.viewer] ?? []) {
                    state.finished = true
                    log.append {
                        RawEvent(
                            index: $0, milliseconds: time, viewer: event.viewer, frame: frame,
                            kind: .finish(outcome, source: "chord"))
                    }
                    return .finish(outcome)
                }
                if down { state.held[event.viewer, default: []].insert(keysym) } else { state.held[event.viewer]?.remove(keysym) }
                kind = .key(keysym: keysym, name: InputInjector.keysymName(keysym), down: down)
            }
            log.append { RawEvent(index: $0, milliseconds: time, viewer: event.viewer, frame: frame, kind: kind) }
            return .forward
        }
        switch next {
        case .ignore:
            return
        case .finish(let outcome):
            logger.info("finish chord pressed", metadata: ["recording.outcome": "\(outcome.rawValue)"])
            requests.yield(FinishRequest(outcome: outcome, source: "chord"))
            return
        case .forward:
            break
        }
        let recorded = ContinuousClock.now
        do {
            guard let desktop else { return }
            switch event.kind {
            case .pointer(let x, let y, let buttons):
                try desktop.input.forwardPointer(to: Point(x: x, y: y), buttons: buttons)
            case .key(let keysym, let down):
                try desktop.input.forwardKey(keysym: keysym, down: down)
            }
        } catch {
            let first = state.withLock { state in
                state.forwardFailures += 1
                defer { state.firstForwardFailure = state.firstForwardFailure ?? "\(error)" }
                return state.firstForwardFailure == nil
            }
            if first { logger.warning("an event could not be forwarded to the desktop", metadata: ["error": "\(error)"]) }
        }
        let end = ContinuousClock.now
        let eventClass: EventTimings.EventClass =
            switch event.kind {
            case .key: .key
            case .pointer: startsAction || buttonReleased ? .button : .motion
            }
        state.withLock { state in
            state.timings.entries.append(
                EventTimings.Entry(
                    eventClass: eventClass,
                    recordMicroseconds: (recorded - begin).milliseconds * 1000,
                    forwardMicroseconds: (end - recorded).milliseconds * 1000))
        }
    }

    func viewer(_ event: VNCViewerEvent) {
        let change: RawEvent.ViewerChange =
            switch event.kind {
            case .connected: .connected
            case .refused: .refused
            case .authenticated: .authenticated
            case .disconnected: .disconnected
            }
        let time = milliseconds(at: event.time)
        let frame = frames.latest
        // What a leaving viewer still holds is released, in the log as in X: otherwise the merge
        // would take a Ctrl it never saw go up as held for the next viewer's keys.
        let (logged, releases): (Bool, [VNCInputEvent.Kind]) = state.withLock { state in
            switch change {
            case .connected: state.connections += 1
            case .refused: state.refused += 1
            case .authenticated: state.authenticated += 1
            case .disconnected: break
            }
            guard !state.finished else { return (false, []) }
            var releases: [VNCInputEvent.Kind] = []
            if change == .disconnected {
                if state.demonstrator == event.viewer { state.demonstrator = nil }
                for keysym in (state.held.removeValue(forKey: event.viewer) ?? []).sorted() {
                    releases.append(.key(keysym: keysym, down: false))
                }
                if let buttons = state.buttons.removeValue(forKey: event.viewer), buttons != 0,
                    let point = state.pointers[event.viewer]
                {
                    releases.append(.pointer(x: point.x, y: point.y, buttons: 0))
                }
                state.pointers[event.viewer] = nil
                for release in releases {
                    let kind: RawEvent.Kind =
                        switch release {
                        case .key(let keysym, _): .key(keysym: keysym, name: InputInjector.keysymName(keysym), down: false)
                        case .pointer(let x, let y, _): .pointer(x: x, y: y, buttons: 0)
                        }
                    log.append { RawEvent(index: $0, milliseconds: time, viewer: event.viewer, frame: frame, kind: kind) }
                }
            }
            log.append { RawEvent(index: $0, milliseconds: time, viewer: event.viewer, kind: .viewer(change, host: event.host)) }
            return (true, releases)
        }
        guard logged, let desktop else { return }
        for release in releases {
            switch release {
            case .key(let keysym, _): try? desktop.input.forwardKey(keysym: keysym, down: false)
            case .pointer(let x, let y, _): try? desktop.input.forwardPointer(to: Point(x: x, y: y), buttons: 0)
            }
        }
        let metadata: Logger.Metadata = ["vnc.viewer": "\(event.viewer)", "vnc.host": "\(event.host)"]
        if change == .refused {
            logger.warning("viewer refused: wrong password", metadata: metadata)
        } else {
            logger.info("viewer \(change.rawValue)", metadata: metadata)
        }
    }

    func tick(_ framebuffer: VNCFramebuffer) {
        guard
            !state.withLock({ state in
                state.ticks += 1
                return state.finished
            })
        else { return }
        let flushStarted = ContinuousClock.now
        let lines = log.flush()
        if lines > 0 {
            let spent = (ContinuousClock.now - flushStarted).milliseconds * 1000
            state.withLock { state in
                state.timings.loggedLines += lines
                state.timings.logMicroseconds += spent
            }
        }
        refresh(framebuffer)
        if frames.latest == nil {
            _ = framebuffer.withPixels { frames.take($0, generation: framebuffer.generation) }
        }
    }

    /// Whether pressing `keysym` with `held` keys down types a character (no Ctrl, Alt or Super).
    static func typesText(_ keysym: UInt32, holding held: Set<UInt32>) -> Bool {
        guard case .character = KeysymTable.meaning(keysym: keysym, name: nil) else { return false }
        return !held.contains { keysym in
            switch KeysymTable.meaning(keysym: keysym, name: nil) {
            case .modifier(let modifier): modifier != .shift
            default: false
            }
        }
    }

    /// Captures the screen into the framebuffer when X reported a repaint since the last capture.
    private func refresh(_ framebuffer: VNCFramebuffer) {
        let primed = state.withLock { $0.primed }
        guard let desktop else { return }
        do {
            let repaints = try desktop.damage.takeRepaints()
            guard repaints > 0 || !primed else { return }
            let changed = try desktop.capturer.capture { view in
                framebuffer.update(from: view.bytes, bytesPerLine: view.bytesPerLine)
            }
            state.withLock { state in
                state.primed = true
                state.captures += 1
                state.changedTiles += changed
            }
        } catch {
            let first = state.withLock { state in
                defer { state.captureFailure = state.captureFailure ?? "\(error)" }
                return state.captureFailure == nil
            }
            if first { logger.warning("the screen could not be captured", metadata: ["error": "\(error)"]) }
        }
    }

    /// Ends the recording from outside the viewer (a signal, the API). Returns false when it had
    /// ended already.
    @discardableResult
    func finish(_ request: FinishRequest) -> Bool {
        let time = milliseconds(at: .now)
        let frame = frames.latest
        let first: Bool = state.withLock { state in
            guard !state.finished else { return false }
            state.finished = true
            log.append { RawEvent(index: $0, milliseconds: time, frame: frame, kind: .finish(request.outcome, source: request.source)) }
            return true
        }
        if first { requests.yield(request) }
        return first
    }

    /// Counters for `recording.json` and the result.
    var report: FeedReport {
        state.withLock {
            FeedReport(
                timings: $0.timings, forwardFailures: $0.forwardFailures, firstForwardFailure: $0.firstForwardFailure,
                captureFailure: $0.captureFailure, connections: $0.connections, authenticated: $0.authenticated,
                refused: $0.refused, ignoredInput: $0.ignored, ticks: $0.ticks, captures: $0.captures,
                changedTiles: $0.changedTiles)
        }
    }
}
