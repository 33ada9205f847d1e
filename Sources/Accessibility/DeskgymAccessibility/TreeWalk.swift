import DeskgymAccessibilityTree
import DeskgymCore

/// One read of a tree: objects are discovered level by level, and every call about them goes out
/// as soon as it is known, up to the in-flight window, so the bus and the apps work while replies
/// come back (there is no round trip per property).
struct TreeWalk {
    private let connection: DBusConnection
    private let limits: AccessibilityReader.Limits
    private let clock = ContinuousClock()
    private let deadline: ContinuousClock.Instant

    /// What is known of each object, in discovery order; the tree is laid out at the end.
    private var records: [Record] = []
    private var seen: Set<AccessibleReference> = []
    /// Calls built but not yet sent (the window was full).
    private var outbox: [(record: Int, call: Call, message: DBusMessage)] = []
    private var outboxStart = 0
    /// Calls sent, by serial.
    private var waiting: [UInt32: (record: Int, call: Call)] = [:]
    private var truncation: String?
    private var characters = 0
    /// The registry's answer: the applications.
    private var applications: [Int] = []

    init(connection: DBusConnection, limits: AccessibilityReader.Limits) {
        self.connection = connection
        self.limits = limits
        self.deadline = ContinuousClock.now.advanced(by: limits.time)
    }

    /// The calls this reader makes, one reply each.
    enum Call {
        case applications
        case properties, role, states, interfaces, attributes
        case children
        /// The child at `index`, kept in the parent's slot `slot`.
        case child(index: Int, slot: Int)
        /// A Text object's length, then its text (Chromium aborts on an end offset of -1).
        case characterCount
        case text(length: Int)
        /// One of the Value interface's four properties (``valueFields``), asked one by one:
        /// Chromium aborts on a GetAll of the interface.
        case value(field: Int)
        case extents, actions
        /// A spreadsheet table's first or last visible cell (corner 0 or 1), and their indexes.
        case cellAtPoint(corner: Int)
        case cornerIndex(corner: Int)
        /// A spreadsheet table's column count.
        case columns

        /// The five calls that say what an object is; children and contents follow them.
        static let basic: [Call] = [.properties, .role, .states, .interfaces, .attributes]
    }

    struct Record {
        var reference: AccessibleReference
        var depth: Int
        var parent: Int?
        /// Children by index in the parent (a slot stays nil when that child could not be read).
        var children: [Int?] = []
        var basicReplies = 0
        var role: UInt32?
        var name = ""
        var description = ""
        var childCount = 0
        var states: [String] = []
        var interfaces: Set<String> = []
        var attributes: [AccessibilityNode.Attribute] = []
        var bounds: Rect?
        var text: String?
        var valueFields: [Double?] = [nil, nil, nil, nil]
        var actions: [AccessibilityNode.Action] = []
        /// Inside a LibreOffice spreadsheet (whose tables have a cell for every cell of the sheet).
        var inSpreadsheet = false
        /// A spreadsheet table's probe: its first and last visible cells, their indexes among
        /// the table's children, and the sheet's column count.
        var corners: [AccessibleReference?] = [nil, nil]
        var cornerIndexes: [Int?] = [nil, nil]
        var columns: Int?
        var probeReplies = 0

        var isKnown: Bool { basicReplies == Call.basic.count && role != nil }
    }

    // MARK: - The loop

    mutating func run() -> AccessibilityTree {
        if let message = DBusMessage.call(
            destination: AccessibilityBus.registryName, path: "/org/a11y/atspi/accessible/root",
            interface: "org.a11y.atspi.Accessible", member: "GetChildren")
        {
            outbox.append((-1, .applications, message))
        }
        while outboxStart < outbox.count || !waiting.isEmpty {
            let now = clock.now
            if now >= deadline {
                truncate("time limit \(limits.time)")
                break
            }
            sendWhatFits()
            let remaining = Int32(clamping: max(1, Int((deadline - now).milliseconds.rounded(.up))))
            guard connection.exchange(waitingAtMost: remaining) else {
                truncate("the accessibility bus closed the connection")
                break
            }
            while let message = connection.nextMessage() {
                guard message.isReply, let (record, call) = waiting.removeValue(forKey: message.replySerial) else { continue }
                let values = message.errorName == nil ? message.arguments() : []
                receive(values, for: call, of: record, failed: message.errorName != nil)
            }
            if !connection.isConnected, !waiting.isEmpty {
                truncate("the accessibility bus closed the connection")
                break
            }
        }
        return layOut()
    }

    private mutating func sendWhatFits() {
        while waiting.count < limits.inFlight, outboxStart < outbox.count {
            let (record, call, message) = outbox[outboxStart]
            outboxStart += 1
            let serial = connection.send(message)
            if serial != 0 { waiting[serial] = (record, call) }
        }
        if outboxStart == outbox.count {
            outbox.removeAll(keepingCapacity: true)
            outboxStart = 0
        }
    }

    private mutating func truncate(_ reason: String) {
        if truncation == nil { truncation = reason }
    }

    private mutating func ask(_ call: Call, of index: Int) {
        let reference = records[index].reference
        let message: DBusMessage?
        func make(_ interface: String, _ member: String, _ arguments: [DBusMessage.Argument] = []) -> DBusMessage? {
            DBusMessage.call(
                destination: reference.bus, path: reference.path, interface: interface, member: member, arguments: arguments)
        }
        switch call {
        case .applications: return
        case .properties: message = make(Self.properties, "GetAll", [.string(Self.accessible)])
        case .role: message = make(Self.accessible, "GetRole")
        case .states: message = make(Self.accessible, "GetState")
        case .interfaces: message = make(Self.accessible, "GetInterfaces")
        case .attributes: message = make(Self.accessible, "GetAttributes")
        case .children: message = make(Self.accessible, "GetChildren")
        case .child(let position, _): message = make(Self.accessible, "GetChildAtIndex", [.int32(Int32(clamping: position))])
        case .extents: message = make("org.a11y.atspi.Component", "GetExtents", [.uint32(0)])
        case .characterCount: message = make(Self.properties, "Get", [.string("org.a11y.atspi.Text"), .string("CharacterCount")])
        case .text(let length): message = make("org.a11y.atspi.Text", "GetText", [.int32(0), .int32(Int32(clamping: length))])
        case .value(let field): message = make(Self.properties, "Get", [.string("org.a11y.atspi.Value"), .string(Self.valueFields[field])])
        case .actions: message = make("org.a11y.atspi.Action", "GetActions")
        case .cellAtPoint(let corner):
            guard let bounds = records[index].bounds else { return }
            // Just inside the corner: the first and the last cell the table shows.
            let x = corner == 0 ? bounds.x + 1 : bounds.x + bounds.width - 2
            let y = corner == 0 ? bounds.y + 1 : bounds.y + bounds.height - 2
            message = make(
                "org.a11y.atspi.Component", "GetAccessibleAtPoint", [.int32(Int32(clamping: x)), .int32(Int32(clamping: y)), .uint32(0)])
        case .cornerIndex(let corner):
            guard let cell = records[index].corners[corner] else { return }
            message = DBusMessage.call(
                destination: cell.bus, path: cell.path, interface: Self.accessible, member: "GetIndexInParent")
        case .columns: message = make(Self.properties, "Get", [.string("org.a11y.atspi.Table"), .string("NColumns")])
        }
        if let message { outbox.append((index, call, message)) }
    }

    static let accessible = "org.a11y.atspi.Accessible"
    /// The Value interface's properties, in the order of ``Record/valueFields``.
    static let valueFields = ["CurrentValue", "MinimumValue", "MaximumValue", "MinimumIncrement"]
    static let properties = "org.freedesktop.DBus.Properties"

    // MARK: - Replies

    private mutating func receive(_ values: [DBusValue], for call: Call, of index: Int, failed: Bool) {
        switch call {
        case .applications:
            for reference in (values.first?.elements ?? []).compactMap(\.reference) {
                guard let child = discover(reference, depth: 1, parent: nil) else { break }
                applications.append(child)
            }
        case .properties, .role, .states, .interfaces, .attributes:
            if !failed { readBasic(values, call: call, into: index) }
            records[index].basicReplies += 1
            if records[index].basicReplies == Call.basic.count { known(index) }
        case .children:
            let references = (values.first?.elements ?? []).prefix(limits.children).compactMap(\.reference)
            adopt(references.map { Optional($0) }, into: index)
        case .child(_, let slot):
            guard let reference = values.first?.reference, !reference.isNull else { return }
            adopt(reference, at: slot, into: index)
        case .extents:
            let fields = values.first?.elements.compactMap(\.integer) ?? []
            if fields.count == 4 {
                records[index].bounds = Rect(
                    x: Int(clamping: fields[0]), y: Int(clamping: fields[1]), width: Int(clamping: fields[2]),
                    height: Int(clamping: fields[3]))
            }
            if isSheetTable(index), records[index].bounds != nil, records[index].depth < limits.depth {
                ask(.cellAtPoint(corner: 0), of: index)
                ask(.cellAtPoint(corner: 1), of: index)
                ask(.columns, of: index)
            }
        case .characterCount:
            guard let length = values.first?.integer, length > 0 else {
                if values.first?.integer == 0 { records[index].text = "" }
                return
            }
            // Past the cap the text is cut anyway: no need to carry more of it over the bus.
            ask(.text(length: min(Int(clamping: length), limits.textCharacters * 4)), of: index)
        case .text:
            guard var text = values.first?.string else { return }
            text.removeAll { $0 == "\u{FFFC}" || $0 == "\u{FFFD}" }
            records[index].text = keep(text, at: limits.textCharacters)
        case .value(let field):
            records[index].valueFields[field] = values.first?.double
        case .actions:
            for action in (values.first?.elements ?? []).prefix(64) {
                let fields = action.elements.map { $0.string ?? "" }
                guard fields.count == 3 else { continue }
                records[index].actions.append(
                    .init(name: keep(fields[0]), description: keep(fields[1]), keyBinding: keep(fields[2])))
            }
        case .cellAtPoint(let corner):
            if let reference = values.first?.reference, !reference.isNull { records[index].corners[corner] = reference }
            probed(index)
        case .columns:
            records[index].columns = values.first?.integer.map { Int(clamping: $0) }
            probed(index)
        case .cornerIndex(let corner):
            records[index].cornerIndexes[corner] = values.first?.integer.map { Int(clamping: $0) }
            probed(index)
        }
    }

    /// A LibreOffice sheet's table: a child for each of the sheet's cells, most never shown.
    private func isSheetTable(_ index: Int) -> Bool {
        let record = records[index]
        return record.inSpreadsheet && record.childCount > limits.children && record.role.map(AccessibilityRole.name) == "table"
    }

    private mutating func readBasic(_ values: [DBusValue], call: Call, into index: Int) {
        switch call {
        case .properties:
            for (name, value) in (values.first?.entries ?? []) {
                switch name {
                case "Name": records[index].name = keep(value.string ?? "")
                case "Description": records[index].description = keep(value.string ?? "")
                case "ChildCount": records[index].childCount = Int(clamping: max(0, value.integer ?? 0))
                default: break
                }
            }
        case .role:
            records[index].role = values.first?.unsigned
        case .states:
            let words = values.first?.elements.compactMap(\.unsigned) ?? []
            records[index].states = AccessibilityRole.states(low: words.first ?? 0, high: words.count > 1 ? words[1] : 0)
        case .interfaces:
            records[index].interfaces = Set((values.first?.elements ?? []).prefix(64).compactMap(\.string))
        case .attributes:
            for (name, value) in (values.first?.entries ?? []).prefix(256) where !name.isEmpty {
                records[index].attributes.append(.init(name: keep(name), value: keep(value.string ?? "")))
            }
        default: break
        }
    }

    /// An object's basic replies are in: ask for its contents and its children.
    private mutating func known(_ index: Int) {
        guard let roleNumber = records[index].role else { return }
        let record = records[index]
        let role = AccessibilityRole.name(roleNumber)
        if role == "document spreadsheet" { records[index].inSpreadsheet = true }
        let interfaces = record.interfaces
        let visible = record.states.contains("visible") && record.states.contains("showing")
        if interfaces.contains("org.a11y.atspi.Component"), visible { ask(.extents, of: index) }
        if interfaces.contains("org.a11y.atspi.Text") { ask(.characterCount, of: index) }
        if interfaces.contains("org.a11y.atspi.Value") {
            for field in Self.valueFields.indices { ask(.value(field: field), of: index) }
        }
        if interfaces.contains("org.a11y.atspi.Action") { ask(.actions, of: index) }
        guard record.childCount > 0 else { return }
        guard record.depth < limits.depth else {
            truncate("depth cap \(limits.depth)")
            return
        }
        if isSheetTable(index) {
            // A sheet's table has a child for every cell of the sheet; only the cells on screen are
            // read, between the corners probed once the table's bounds are known (see .extents).
            return
        }
        if record.childCount > limits.children {
            truncate("children cap \(limits.children) (an object has \(record.childCount))")
            for position in 0..<limits.children { ask(.child(index: position, slot: position), of: index) }
            records[index].children = Array(repeating: nil, count: limits.children)
        } else {
            ask(.children, of: index)
        }
    }

    /// One more reply of a spreadsheet table's probe: after the corners and the column count,
    /// the corners' indexes; after those, the visible cells, row by row.
    private mutating func probed(_ index: Int) {
        records[index].probeReplies += 1
        let record = records[index]
        if record.probeReplies == 3 {
            guard record.corners[0] != nil, record.corners[1] != nil, record.columns != nil else { return }
            ask(.cornerIndex(corner: 0), of: index)
            ask(.cornerIndex(corner: 1), of: index)
        } else if record.probeReplies == 5 {
            // AT-SPI's indexes and counts are 32-bit; bigger ones (an app may answer anything)
            // would overflow the products below.
            let valid = 0...Int(Int32.max)
            guard let columns = record.columns, columns > 0, valid.contains(columns), let first = record.cornerIndexes[0],
                let last = record.cornerIndexes[1], valid.contains(first), valid.contains(last), last >= first
            else { return }
            let (top, left) = first.quotientAndRemainder(dividingBy: columns)
            let (bottom, right) = last.quotientAndRemainder(dividingBy: columns)
            guard right >= left else { return }
            let width = right - left + 1, height = bottom - top + 1
            let cells = min(width * height, Self.maximumVisibleCells)
            if width * height > cells { truncate("visible cells cap \(Self.maximumVisibleCells)") }
            records[index].children = Array(repeating: nil, count: cells)
            for slot in 0..<cells {
                let (row, column) = slot.quotientAndRemainder(dividingBy: width)
                ask(.child(index: (top + row) * columns + left + column, slot: slot), of: index)
            }
        }
    }

    /// Cells read of one spreadsheet table at most (a 4K screen at the smallest zoom shows fewer).
    static let maximumVisibleCells = 20_000

    private mutating func adopt(_ references: [AccessibleReference?], into index: Int) {
        for reference in references {
            guard let reference, !reference.isNull else { continue }
            guard let child = discover(reference, depth: records[index].depth + 1, parent: index) else { break }
            records[index].children.append(child)
        }
    }

    private mutating func adopt(_ reference: AccessibleReference, at position: Int, into index: Int) {
        guard position < records[index].children.count,
            let child = discover(reference, depth: records[index].depth + 1, parent: index)
        else { return }
        records[index].children[position] = child
    }

    /// A new object, unless it was seen (a cycle) or the node cap is reached.
    private mutating func discover(_ reference: AccessibleReference, depth: Int, parent: Int?) -> Int? {
        guard !reference.isNull, !seen.contains(reference) else { return nil }
        guard records.count < limits.nodes else {
            truncate("node cap \(limits.nodes)")
            return nil
        }
        seen.insert(reference)
        records.append(Record(reference: reference, depth: depth, parent: parent))
        let index = records.count - 1
        if let parent { records[index].inSpreadsheet = records[parent].inSpreadsheet }
        for call in Call.basic { ask(call, of: index) }
        return index
    }

    /// `text` cut to `maximum` characters, counted against the tree's total.
    private mutating func keep(_ text: String, at maximum: Int? = nil) -> String {
        let limit = maximum ?? limits.stringCharacters
        let kept = text.count > limit ? String(text.prefix(limit)) : text
        characters += kept.count
        if characters > limits.totalCharacters {
            truncate("size cap \(limits.totalCharacters) characters")
            return ""
        }
        return kept
    }

    // MARK: - Laying out

    /// The objects read, in pre-order; objects whose basic replies did not all come are left out
    /// with their descendants.
    private func layOut() -> AccessibilityTree {
        var nodes: [AccessibilityNode] = []
        nodes.reserveCapacity(records.count)
        var stack: [(record: Int, parent: Int?)] = applications.reversed().map { ($0, nil) }
        while let (index, parent) = stack.popLast() {
            let record = records[index]
            guard record.isKnown, let role = record.role else { continue }
            nodes.append(
                AccessibilityNode(
                    depth: record.depth, parent: parent, role: AccessibilityRole.name(role), name: record.name,
                    description: record.description, states: record.states, attributes: record.attributes,
                    bounds: record.bounds, text: record.text, value: value(record.valueFields), actions: record.actions,
                    isImage: record.interfaces.contains("org.a11y.atspi.Image"),
                    isSelection: record.interfaces.contains("org.a11y.atspi.Selection")))
            let position = nodes.count - 1
            for child in record.children.reversed() {
                if let child { stack.append((child, position)) }
            }
        }
        return AccessibilityTree(nodes: nodes, truncated: truncation != nil, truncation: truncation)
    }

    /// A Value object's value, when its current value could be read (OSWorld leaves out each
    /// field it cannot read; a missing bound reads 0 here).
    private func value(_ fields: [Double?]) -> AccessibilityNode.Value? {
        guard let current = fields[0] else { return nil }
        return .init(current: current, minimum: fields[1] ?? 0, maximum: fields[2] ?? 0, step: fields[3] ?? 0)
    }
}
