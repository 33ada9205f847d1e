internal import CDBus

/// A private connection to one D-Bus bus (the session's accessibility bus), for one reader at a
/// time: pipelined calls out, replies matched by serial.
final class DBusConnection: @unchecked Sendable {
    // @unchecked: libdbus connections are locked internally, and a reader uses one from a single
    // thread; the class exists to own the pointer and close it.
    private let pointer: OpaquePointer
    let address: String

    /// The largest reply taken (a bigger one closes the connection: the read ends, truncated).
    static let maximumMessageBytes = 32 << 20
    /// What may wait unread in this process at a time.
    static let maximumReceivedBytes = 128 << 20

    /// Connects to the bus at `address` and says hello (a unique name is needed to call anything).
    init(address: String) throws(AccessibilityError) {
        var error = DBusError()
        dbus_error_init(&error)
        defer { dbus_error_free(&error) }
        guard let connection = dbus_connection_open_private(address, &error) else {
            throw AccessibilityError(.connect(address: address), underlying: Self.describe(error))
        }
        // libdbus would exit the process when the bus goes away.
        dbus_connection_set_exit_on_disconnect(connection, 0)
        dbus_connection_set_max_message_size(connection, Int(Self.maximumMessageBytes))
        dbus_connection_set_max_received_size(connection, Int(Self.maximumReceivedBytes))
        guard dbus_bus_register(connection, &error) != 0 else {
            let cause = Self.describe(error)
            dbus_connection_close(connection)
            dbus_connection_unref(connection)
            throw AccessibilityError(.connect(address: address), underlying: cause)
        }
        self.pointer = connection
        self.address = address
    }

    deinit {
        dbus_connection_close(pointer)
        dbus_connection_unref(pointer)
    }

    /// Queues `message` to be sent and returns its serial (0 when libdbus is out of memory).
    func send(_ message: DBusMessage) -> UInt32 {
        var serial: UInt32 = 0
        guard dbus_connection_send(pointer, message.pointer, &serial) != 0 else { return 0 }
        return serial
    }

    /// Writes what is queued and reads what has come, waiting at most `milliseconds` when there
    /// is nothing; false once the connection is closed.
    func exchange(waitingAtMost milliseconds: Int32) -> Bool {
        dbus_connection_read_write(pointer, max(0, milliseconds)) != 0
    }

    /// The next message received, if one is waiting.
    func nextMessage() -> DBusMessage? {
        dbus_connection_pop_message(pointer).map { DBusMessage(taking: $0) }
    }

    /// Sends `message` and waits at most `milliseconds` for its reply (an error reply is thrown).
    func call(_ message: DBusMessage, waitingAtMost milliseconds: Int32, what: String) throws(AccessibilityError) -> DBusMessage {
        var error = DBusError()
        dbus_error_init(&error)
        defer { dbus_error_free(&error) }
        guard let reply = dbus_connection_send_with_reply_and_block(pointer, message.pointer, milliseconds, &error) else {
            throw AccessibilityError(.call(what), underlying: Self.describe(error))
        }
        return DBusMessage(taking: reply)
    }

    var isConnected: Bool { dbus_connection_get_is_connected(pointer) != 0 }

    private static func describe(_ error: DBusError) -> String {
        let name = error.name.map { String(cString: $0) } ?? "unknown error"
        let message = error.message.map { String(cString: $0) } ?? ""
        return message.isEmpty ? name : "\(name): \(message)"
    }
}
