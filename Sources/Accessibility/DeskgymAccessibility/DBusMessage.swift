internal import CDBus

#if canImport(Glibc)
import Glibc
#endif

/// One D-Bus message, owned: unreferenced when this value is freed.
final class DBusMessage: @unchecked Sendable {
    // @unchecked: the pointer is used by one thread at a time (the read that made or received it).
    let pointer: OpaquePointer

    /// Containers deeper than this are not decoded (`.unsupported`).
    static let maximumNesting = 16
    /// Elements past this many in one array are skipped.
    static let maximumElements = 65_536
    /// Strings are cut to this many bytes.
    static let maximumStringBytes = 1 << 20

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { dbus_message_unref(pointer) }

    /// A method call to `member` of `interface` on `path` at `destination`, with `arguments`.
    static func call(
        destination: String, path: String, interface: String, member: String, arguments: [Argument] = []
    ) -> DBusMessage? {
        guard let message = dbus_message_new_method_call(destination, path, interface, member) else { return nil }
        let result = DBusMessage(taking: message)
        var iterator = DBusMessageIter()
        dbus_message_iter_init_append(message, &iterator)
        for argument in arguments {
            let appended: dbus_bool_t
            switch argument {
            case .string(let text):
                appended = text.withCString { characters in
                    var pointer: UnsafePointer<CChar>? = characters
                    return dbus_message_iter_append_basic(&iterator, DBusType.string, &pointer)
                }
            case .int32(let number):
                var value = number
                appended = dbus_message_iter_append_basic(&iterator, DBusType.int32, &value)
            case .uint32(let number):
                var value = number
                appended = dbus_message_iter_append_basic(&iterator, DBusType.uint32, &value)
            }
            guard appended != 0 else { return nil }
        }
        return result
    }

    /// An argument of a method call.
    enum Argument: Sendable {
        case string(String)
        case int32(Int32)
        case uint32(UInt32)
    }

    /// The serial of the call this message answers (0 for other messages).
    var replySerial: UInt32 { dbus_message_get_reply_serial(pointer) }

    /// Whether this is an error reply, and its name.
    var errorName: String? {
        guard dbus_message_get_type(pointer) == DBusType.errorMessage, let name = dbus_message_get_error_name(pointer)
        else { return nil }
        return String(cString: name)
    }

    /// Whether this is a method return or an error (replies are all this reader reads).
    var isReply: Bool {
        let type = dbus_message_get_type(pointer)
        return type == DBusType.returnMessage || type == DBusType.errorMessage
    }

    /// The message's arguments, decoded.
    func arguments() -> [DBusValue] {
        var iterator = DBusMessageIter()
        guard dbus_message_iter_init(pointer, &iterator) != 0 else { return [] }
        var budget = Self.maximumValues
        return Self.values(&iterator, depth: 0, budget: &budget)
    }

    /// Values decoded of one message at most: a 32 MiB reply of small arrays would otherwise
    /// decode into tens of millions of values.
    static let maximumValues = 1_000_000

    private static func values(_ iterator: inout DBusMessageIter, depth: Int, budget: inout Int) -> [DBusValue] {
        var result: [DBusValue] = []
        while true {
            let type = dbus_message_iter_get_arg_type(&iterator)
            if type == DBusType.invalid { break }
            if result.count < maximumElements, budget > 0 {
                budget -= 1
                result.append(value(&iterator, type: type, depth: depth, budget: &budget))
            }
            // Past the caps the elements are skipped without being read: next() is cheap.
            if dbus_message_iter_next(&iterator) == 0 { break }
        }
        return result
    }

    private static func value(_ iterator: inout DBusMessageIter, type: Int32, depth: Int, budget: inout Int) -> DBusValue {
        switch type {
        case DBusType.string, DBusType.objectPath, DBusType.signature:
            var characters: UnsafePointer<CChar>?
            dbus_message_iter_get_basic(&iterator, &characters)
            let text = characters.map { string(from: $0) } ?? ""
            return type == DBusType.string ? .string(text) : type == DBusType.objectPath ? .objectPath(text) : .signature(text)
        case DBusType.int16: return .int(Int64(basic(&iterator, as: Int16.self)))
        case DBusType.int32: return .int(Int64(basic(&iterator, as: Int32.self)))
        case DBusType.int64: return .int(basic(&iterator, as: Int64.self))
        case DBusType.byte: return .uint(UInt64(basic(&iterator, as: UInt8.self)))
        case DBusType.uint16: return .uint(UInt64(basic(&iterator, as: UInt16.self)))
        case DBusType.uint32: return .uint(UInt64(basic(&iterator, as: UInt32.self)))
        case DBusType.uint64: return .uint(basic(&iterator, as: UInt64.self))
        case DBusType.boolean: return .bool(basic(&iterator, as: dbus_bool_t.self) != 0)
        case DBusType.double: return .double(basic(&iterator, as: Double.self))
        case DBusType.array, DBusType.structure, DBusType.dictEntry, DBusType.variant:
            guard depth < maximumNesting else { return .unsupported }
            var inner = DBusMessageIter()
            dbus_message_iter_recurse(&iterator, &inner)
            let contents = values(&inner, depth: depth + 1, budget: &budget)
            switch type {
            case DBusType.array: return .array(contents)
            case DBusType.structure: return .structure(contents)
            case DBusType.variant: return contents.first.map { .variant($0) } ?? .unsupported
            default: return contents.count == 2 ? .entry(contents[0], contents[1]) : .unsupported
            }
        default:
            return .unsupported
        }
    }

    /// The fixed-size value at the iterator, read as `T` (the caller matched `T` to its type code).
    private static func basic<T: Numeric & BitwiseCopyable>(_ iterator: inout DBusMessageIter, as _: T.Type) -> T {
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { dbus_message_iter_get_basic(&iterator, $0.baseAddress) }
        return value
    }

    /// A C string of at most ``maximumStringBytes`` bytes, invalid UTF-8 repaired.
    private static func string(from characters: UnsafePointer<CChar>) -> String {
        let length = strnlen(characters, maximumStringBytes)
        return characters.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        }
    }
}

/// D-Bus type codes and message types (dbus-protocol.h's macros, which Swift does not import).
enum DBusType {
    static let invalid: Int32 = 0
    static let byte = Int32(UInt8(ascii: "y"))
    static let boolean = Int32(UInt8(ascii: "b"))
    static let int16 = Int32(UInt8(ascii: "n"))
    static let uint16 = Int32(UInt8(ascii: "q"))
    static let int32 = Int32(UInt8(ascii: "i"))
    static let uint32 = Int32(UInt8(ascii: "u"))
    static let int64 = Int32(UInt8(ascii: "x"))
    static let uint64 = Int32(UInt8(ascii: "t"))
    static let double = Int32(UInt8(ascii: "d"))
    static let string = Int32(UInt8(ascii: "s"))
    static let objectPath = Int32(UInt8(ascii: "o"))
    static let signature = Int32(UInt8(ascii: "g"))
    static let array = Int32(UInt8(ascii: "a"))
    static let structure = Int32(UInt8(ascii: "r"))
    static let dictEntry = Int32(UInt8(ascii: "e"))
    static let variant = Int32(UInt8(ascii: "v"))

    static let returnMessage: Int32 = 2
    static let errorMessage: Int32 = 3
}
