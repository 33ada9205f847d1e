internal import CX11
import Synchronization

/// What Xlib's process-wide error handlers record, per connection.
///
/// Xlib calls its error handlers with the `Display*` and nothing else, so errors are filed here by
/// the pointer's address and read back by the connection that owns it.
final class X11ErrorRegistry: Sendable {
    struct Record: Sendable {
        var code: UInt8
        var majorCode: UInt8
        var resourceID: UInt
    }

    private struct Entry {
        var errors: [Record] = []
        /// Why the connection broke, once Xlib has reported an I/O error on it.
        var lostReason: String?
        /// Which connection the entry belongs to: a closed `Display*` address can be reused at once.
        var token: UInt64 = 0
    }

    static let shared = X11ErrorRegistry()
    private let entries = Mutex<[UInt: Entry]>([:])
    private let nextToken = Mutex<UInt64>(1)

    private func key(_ display: OpaquePointer) -> UInt { UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(display))) }

    /// Starts a fresh record for `display`; the token identifies this connection's record.
    func register(_ display: OpaquePointer) -> UInt64 {
        let token = nextToken.withLock { token in
            defer { token += 1 }
            return token
        }
        entries.withLock { $0[key(display)] = Entry(token: token) }
        return token
    }

    /// Drops the record of the connection that registered with `token`, unless the address now
    /// belongs to a newer connection.
    func unregister(_ display: OpaquePointer, token: UInt64) {
        entries.withLock { entries in
            if entries[key(display)]?.token == token { entries.removeValue(forKey: key(display)) }
        }
    }

    func record(_ display: OpaquePointer, _ event: XErrorEvent) {
        let record = Record(code: event.error_code, majorCode: event.request_code, resourceID: event.resourceid)
        entries.withLock { $0[key(display), default: Entry()].errors.append(record) }
    }

    /// Records that the connection broke; the first reason stays.
    func markDead(_ display: OpaquePointer, reason: String) {
        entries.withLock { entries in
            if entries[key(display)]?.lostReason == nil { entries[key(display), default: Entry()].lostReason = reason }
        }
    }

    /// Why the connection that registered with `token` broke, or nil while it works (or when the
    /// address now belongs to another connection).
    func lostReason(_ display: OpaquePointer, token: UInt64) -> String? {
        entries.withLock { entries in
            guard let entry = entries[key(display)], entry.token == token else { return nil }
            return entry.lostReason
        }
    }

    func clearErrors(_ display: OpaquePointer) {
        entries.withLock { $0[key(display)]?.errors.removeAll() }
    }

    func takeFirstError(_ display: OpaquePointer) -> Record? {
        entries.withLock { entries in
            guard let first = entries[key(display)]?.errors.first else { return nil }
            entries[key(display)]?.errors.removeAll()
            return first
        }
    }
}
