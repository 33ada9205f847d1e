import Foundation
import Synchronization

/// The raw event log of a recording, `events.jsonl`: each event is kept in memory as it comes
/// (for the merge) and written to the file by ``flush()``, which the recorder calls every server
/// tick (30 ms): formatting and writing a line cost more than the rest of recording an event,
/// and are kept off the path between the viewer's event and the desktop.
public final class EventLog: Sendable {
    /// The log's file name in a recording folder.
    public static let fileName = "events.jsonl"

    public let file: URL
    private let state: Mutex<State>

    private struct State {
        var handle: FileHandle?
        var events: [RawEvent] = []
        /// How many of `events` are in the file.
        var written = 0
        var writeError: String?
    }

    /// Creates (or empties) the file.
    public init(file: URL) throws(EventLogError) {
        self.file = file
        guard FileManager.default.createFile(atPath: file.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: file)
        else {
            throw EventLogError(file: file.path, problem: "cannot create the file")
        }
        state = Mutex(State(handle: handle))
    }

    /// Appends an event made by `make` with the next index, and returns it.
    @discardableResult
    public func append(_ make: (Int) -> RawEvent) -> RawEvent {
        state.withLock { state in
            let event = make(state.events.count)
            state.events.append(event)
            return event
        }
    }

    /// Writes the events not yet in the file; returns how many.
    @discardableResult
    public func flush() -> Int {
        state.withLock { state in
            guard state.written < state.events.count, let handle = state.handle else { return 0 }
            let count = state.events.count - state.written
            let lines = state.events[state.written...].map { $0.jsonLine + "\n" }.joined()
            do {
                try handle.write(contentsOf: Data(lines.utf8))
            } catch {
                // The events stay in memory; the first failure is reported by `close()`.
                state.writeError = state.writeError ?? "\(error)"
            }
            state.written = state.events.count
            return count
        }
    }

    /// The events so far.
    public var events: [RawEvent] { state.withLock { $0.events } }

    /// The number of events so far.
    public var count: Int { state.withLock { $0.events.count } }

    /// Closes the file; throws when a write failed.
    public func close() throws(EventLogError) {
        flush()
        let problem: String? = state.withLock { state in
            try? state.handle?.synchronize()
            try? state.handle?.close()
            state.handle = nil
            return state.writeError
        }
        if let problem { throw EventLogError(file: file.path, problem: "a write failed: \(problem)") }
    }

    /// Reads a log file.
    public static func read(_ file: URL) throws(EventLogError) -> [RawEvent] {
        guard let data = try? Data(contentsOf: file) else {
            throw EventLogError(file: file.path, problem: "cannot read the file")
        }
        var events: [RawEvent] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            events.append(try RawEvent(jsonLine: String(line), line: number + 1, file: file.path))
        }
        return events
    }
}
