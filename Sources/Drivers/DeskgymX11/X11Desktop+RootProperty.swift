internal import CX11
import DeskgymCore

extension X11Desktop {
    /// Sets the root window's text property `name` (type STRING) to `value`: how a session tells
    /// tools that only know its display where its services are (its accessibility bus).
    public func setRootProperty(_ name: String, to value: String) throws(X11Error) {
        try connection.withDisplay("set root property \(name)") { display in
            let atom = XInternAtom(display, name, 0)
            let bytes = Array(value.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                _ = XChangeProperty(
                    display, connection.root, atom, Atom(XA_STRING), 8, PropModeReplace, buffer.baseAddress, Int32(buffer.count))
            }
            XFlush(display)
        }
    }

    /// The root window's text property `name`, or nil when it is not set.
    public func rootProperty(_ name: String) throws(X11Error) -> String? {
        try connection.withDisplay("read root property \(name)") { display in
            let atom = XInternAtom(display, name, 1)
            guard atom != 0 else { return nil }
            var actualType: Atom = 0
            var format: Int32 = 0
            var count: UInt = 0, remaining: UInt = 0
            var data: UnsafeMutablePointer<UInt8>?
            let status = XGetWindowProperty(
                display, connection.root, atom, 0, 4096, 0, Atom(XA_STRING), &actualType, &format, &count, &remaining, &data)
            guard status == Success, let data else { return nil }
            defer { XFree(data) }
            guard format == 8 else { return nil }
            return String(decoding: UnsafeBufferPointer(start: data, count: Int(count)), as: UTF8.self)
        }
    }
}
