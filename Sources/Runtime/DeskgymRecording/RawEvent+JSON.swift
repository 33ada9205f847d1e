import Foundation

extension RawEvent {
    /// The event as one JSON object (a line of `events.jsonl`).
    public var jsonObject: [String: Any] {
        var object: [String: Any] = ["i": index, "t_ms": (milliseconds * 1000).rounded() / 1000]
        if let viewer { object["viewer"] = viewer }
        if let frame { object["frame"] = frame }
        switch kind {
        case .pointer(let x, let y, let buttons):
            object["type"] = "pointer"
            object["x"] = x
            object["y"] = y
            object["buttons"] = Int(buttons)
        case .key(let keysym, let name, let down):
            object["type"] = "key"
            object["keysym"] = Int(keysym)
            if let name { object["name"] = name }
            object["down"] = down
        case .viewer(let change, let host):
            object["type"] = "viewer"
            object["change"] = change.rawValue
            object["host"] = host
        case .finish(let outcome, let source):
            object["type"] = "finish"
            object["outcome"] = outcome.rawValue
            object["by"] = source
        }
        return object
    }

    /// The event as one line of JSON, without the newline.
    public var jsonLine: String {
        let data = (try? JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
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
        self.init(index: try int("i"), milliseconds: milliseconds, viewer: object["viewer"] as? Int,
                  frame: object["frame"] as? Int, kind: kind)
    }
}
