import Foundation

extension RawEvent {
    /// The event as one line of JSON, without the newline: keys sorted. Written by hand, not with JSONSerialization, because the recorder writes one
    /// for every viewer event on the server's thread (a third of the per-event cost otherwise).
    public var jsonLine: String {
        var fields: [(String, String)] = [("i", "\(index)"), ("t_ms", Self.number(milliseconds))]
        if let viewer { fields.append(("viewer", "\(viewer)")) }
        if let frame { fields.append(("frame", "\(frame)")) }
        switch kind {
        case .pointer(let x, let y, let buttons):
            fields += [("type", "\"pointer\""), ("x", "\(x)"), ("y", "\(y)"), ("buttons", "\(buttons)")]
        case .key(let keysym, let name, let down):
            fields += [("type", "\"key\""), ("keysym", "\(keysym)"), ("down", down ? "true" : "false")]
            if let name { fields.append(("name", Self.string(name))) }
        case .viewer(let change, let host):
            fields += [("type", "\"viewer\""), ("change", Self.string(change.rawValue)), ("host", Self.string(host))]
        case .finish(let outcome, let source):
            fields += [("type", "\"finish\""), ("outcome", Self.string(outcome.rawValue)), ("by", Self.string(source))]
        }
        return "{" + fields.sorted { $0.0 < $1.0 }.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A number as JSON: whole numbers without a fraction.
    private static func number(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? "\(Int(rounded))" : "\(rounded)"
    }

    /// A string as JSON.
    private static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Reads one line of `events.jsonl`; `line` (1-based) and `file` name the place in errors.
    public init(jsonLine text: String, line: Int, file: String) throws(EventLogError) {
        func failure(_ problem: String) -> EventLogError { EventLogError(file: file, line: line, problem: problem) }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw failure("not a JSON object")
        }
        func int(_ key: String) throws(EventLogError) -> Int {
            guard let value = object[key] as? Int else { throw failure("'\(key)' is missing or not a whole number") }
            return value
        }
        func string(_ key: String) throws(EventLogError) -> String {
            guard let value = object[key] as? String else { throw failure("'\(key)' is missing or not a string") }
            return value
        }
        guard let milliseconds = (object["t_ms"] as? NSNumber)?.doubleValue else { throw failure("'t_ms' is missing or not a number") }
        let kind: Kind
        switch try string("type") {
        case "pointer":
            let buttons = try int("buttons")
            guard (0...255).contains(buttons) else { throw failure("'buttons' is \(buttons), not a mask 0…255") }
            kind = .pointer(x: try int("x"), y: try int("y"), buttons: UInt8(buttons))
        case "key":
            let keysym = try int("keysym")
            guard let down = object["down"] as? Bool else { throw failure("'down' is missing or not true/false") }
            guard let symbol = UInt32(exactly: keysym) else { throw failure("'keysym' \(keysym) is out of range") }
            kind = .key(keysym: symbol, name: object["name"] as? String, down: down)
        case "viewer":
            let raw = try string("change")
            guard let change = ViewerChange(rawValue: raw) else {
                throw failure("'change' is '\(raw)', expected one of \(ViewerChange.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = .viewer(change, host: (object["host"] as? String) ?? "?")
        case "finish":
            let raw = try string("outcome")
            guard let outcome = RecordingOutcome(rawValue: raw) else { throw failure("'outcome' is '\(raw)', expected done or infeasible") }
            kind = .finish(outcome, source: (object["by"] as? String) ?? "?")
        case let other:
            throw failure("'type' is '\(other)', expected pointer, key, viewer or finish")
        }
        self.init(
            index: try int("i"), milliseconds: milliseconds, viewer: object["viewer"] as? Int,
            frame: object["frame"] as? Int, kind: kind)
    }
}
