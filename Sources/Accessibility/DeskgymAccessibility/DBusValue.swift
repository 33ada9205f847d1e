/// A value read from a D-Bus message, decoded into Swift before the message is freed.
///
/// Decoding stops at ``DBusMessage/maximumNesting`` containers deep and keeps at most
/// ``DBusMessage/maximumElements`` elements of any one array: the replies come from the session's
/// apps, which an agent's program can be, and may be built to exhaust a reader.
indirect enum DBusValue: Sendable {
    case string(String)
    case objectPath(String)
    case signature(String)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case bool(Bool)
    case array([DBusValue])
    case structure([DBusValue])
    /// A dictionary entry (inside an array: `a{sv}` is an array of these).
    case entry(DBusValue, DBusValue)
    case variant(DBusValue)
    /// A file descriptor or a type this reader does not read.
    case unsupported

    var string: String? {
        switch self {
        case .string(let value), .objectPath(let value), .signature(let value): value
        case .variant(let inner): inner.string
        default: nil
        }
    }

    var integer: Int64? {
        switch self {
        case .int(let value): value
        case .uint(let value): Int64(clamping: value)
        case .variant(let inner): inner.integer
        default: nil
        }
    }

    var unsigned: UInt32? {
        switch self {
        case .uint(let value): UInt32(truncatingIfNeeded: value)
        case .int(let value): UInt32(truncatingIfNeeded: value)
        case .variant(let inner): inner.unsigned
        default: nil
        }
    }

    var double: Double? {
        switch self {
        case .double(let value): value
        case .int(let value): Double(value)
        case .uint(let value): Double(value)
        case .variant(let inner): inner.double
        default: nil
        }
    }

    var elements: [DBusValue] {
        switch self {
        case .array(let values), .structure(let values): values
        case .variant(let inner): inner.elements
        default: []
        }
    }

    /// An `a{sv}` or `a{ss}` as name-value pairs, in the order given.
    var entries: [(String, DBusValue)] {
        elements.compactMap { element in
            if case .entry(let key, let value) = element, let name = key.string { return (name, value) }
            return nil
        }
    }

    /// An object reference `(so)`: bus name and object path.
    var reference: AccessibleReference? {
        let fields = elements
        guard fields.count == 2, let bus = fields[0].string, let path = fields[1].string else { return nil }
        return AccessibleReference(bus: bus, path: path)
    }
}

/// An accessible object on the bus: the app's connection name and the object's path.
struct AccessibleReference: Hashable, Sendable {
    var bus: String
    var path: String

    /// AT-SPI's null reference (`/org/a11y/atspi/null`), which stands for "none".
    var isNull: Bool { path == "/org/a11y/atspi/null" || bus.isEmpty }
}
