import DeskgymCore

/// Turns a parsed JSON document into an ``OSWorldTask``, checking every field's type and the
/// evaluator's parallel lists, and recording the members it does not know.
struct TaskDecoder {
    /// Members the format does not know, at any level.
    private(set) var unrecognized: [JSONPath] = []

    private static let evaluatorFields: Set<String> = ["func", "result", "expected", "options", "conj", "postconfig"]

    // MARK: - Task

    mutating func decodeTask(_ value: JSONValue) throws(TaskDecodingFailure) -> OSWorldTask {
        let root = JSONPath.root
        guard case .object(let members) = value else {
            throw TaskDecodingFailure(
                path: root, kind: .wrongType,
                message: "expected an object (a task), found \(value.typeName)")
        }
        let id = try requiredName(members, "id", at: root)
        let instruction = try requiredString(members, "instruction", at: root)
        let source = try stringOrStrings(members["source"], at: root.appending("source"))
        let config = try steps(members["config"], at: root.appending("config"))
        let trajectory = try optionalString(members["trajectory"], at: root.appending("trajectory"))
        let relatedApps = try strings(members["related_apps"], at: root.appending("related_apps"))
        let snapshot = try optionalString(members["snapshot"], at: root.appending("snapshot"))
        let proxy = try optionalBool(members["proxy"], at: root.appending("proxy")) ?? false
        let fixedIP = try optionalBool(members["fixed_ip"], at: root.appending("fixed_ip")) ?? false
        let possibility = try optionalString(
            members["possibility_of_env_change"],
            at: root.appending("possibility_of_env_change"))
        guard let evaluatorValue = members["evaluator"] else {
            throw TaskDecodingFailure(
                path: root.appending("evaluator"), kind: .missingField,
                message: "missing required field (expected an object with \"func\")")
        }
        let evaluator = try decodeEvaluator(evaluatorValue, at: root.appending("evaluator"))
        let deskgym = try members["deskgym"].flatMap { value throws(TaskDecodingFailure) in
            value == .null ? nil : try decodeExtension(value, at: root.appending("deskgym"))
        }
        if deskgym?.pages == nil { try checkPagesPlaceholder(members, at: root) }
        let extras = members.filter { !OSWorldTask.knownFields.contains($0.key) }
        unrecognized += extras.keys.map { root.appending($0) }
        return OSWorldTask(
            id: id, instruction: instruction, source: source, config: config, trajectory: trajectory,
            relatedApps: relatedApps, snapshot: snapshot, proxy: proxy, fixedIP: fixedIP,
            possibilityOfEnvChange: possibility, evaluator: evaluator, deskgym: deskgym,
            extraFields: extras, unrecognizedFields: unrecognized.sorted())
    }

    // MARK: - Evaluator

    private mutating func decodeEvaluator(_ value: JSONValue, at path: JSONPath) throws(TaskDecodingFailure) -> Evaluator {
        let members = try object(value, at: path)
        let function = try decodeFunction(members["func"], at: path.appending("func"), parent: path)
        let listCount = function.isList ? function.count : nil
        let result = try getters(members["result"], at: path.appending("result"), listCount: listCount)
        let expected = try getters(members["expected"], at: path.appending("expected"), listCount: listCount)
        let options = try decodeOptions(members["options"], at: path.appending("options"), listCount: listCount)
        let conjunction = try decodeConjunction(members["conj"], at: path.appending("conj"))
        let postconfig = try steps(members["postconfig"], at: path.appending("postconfig"))
        let extras = members.filter { !Self.evaluatorFields.contains($0.key) }
        unrecognized += extras.keys.map { path.appending($0) }

        // Every metric but `infeasible` scores a value that a result getter fetches.
        let results = result?.elements ?? []
        for (index, name) in function.elements.enumerated() where name != "infeasible" {
            if index < results.count, results[index] != nil { continue }
            let resultPath =
                function.isList && result != nil
                ? path.appending("result").appending(index) : path.appending("result")
            throw TaskDecodingFailure(
                path: resultPath, kind: .missingField,
                message: "missing result getter: metric \(JSONValue.string(name)) needs an object with \"type\" "
                    + "(only \"infeasible\" goes without)")
        }
        return Evaluator(
            function: function, result: result, expected: expected, options: options,
            conjunction: conjunction, postconfig: postconfig, extraFields: extras)
    }

    private func decodeFunction(_ value: JSONValue?, at path: JSONPath, parent: JSONPath) throws(TaskDecodingFailure) -> OneOrMany<String> {
        switch value {
        case nil:
            throw TaskDecodingFailure(
                path: path, kind: .missingField,
                message: "missing required field (expected a metric name or a list of them)")
        case .string(let name)?:
            return .one(try nonEmpty(name, at: path, what: "a metric name"))
        case .array(let elements)?:
            guard !elements.isEmpty else {
                throw TaskDecodingFailure(
                    path: path, kind: .invalidValue,
                    message: "expected at least one metric name, found an empty array")
            }
            var names: [String] = []
            for (index, element) in elements.enumerated() {
                let elementPath = path.appending(index)
                guard case .string(let name) = element else {
                    throw wrongType(element, at: elementPath, expected: "a metric name (a string)")
                }
                names.append(try nonEmpty(name, at: elementPath, what: "a metric name"))
            }
            return .many(names)
        case let other?:
            throw wrongType(other, at: path, expected: "a metric name or an array of metric names")
        }
    }

    /// `result` or `expected`: one getter object for a single `func`, a list of the same length
    /// for a list of funcs. `null` and `{}` mean "no getter", as in OSWorld.
    private func getters(_ value: JSONValue?, at path: JSONPath, listCount: Int?) throws(TaskDecodingFailure) -> OneOrMany<GetterSpec?>? {
        guard let value, value != .null else { return nil }
        guard let listCount else {
            guard case .object(let members) = value else {
                throw wrongType(value, at: path, expected: "an object (a getter; \"func\" is a single name)")
            }
            return .one(try getter(members, at: path))
        }
        guard case .array(let elements) = value else {
            throw wrongType(value, at: path, expected: "an array of \(listCount) getters, one per name in \"func\"")
        }
        try checkLength(elements.count, at: path, listCount: listCount)
        var specs: [GetterSpec?] = []
        for (index, element) in elements.enumerated() {
            switch element {
            case .null: specs.append(nil)
            case .object(let members): specs.append(try getter(members, at: path.appending(index)))
            default: throw wrongType(element, at: path.appending(index), expected: "an object (a getter) or null")
            }
        }
        return .many(specs)
    }

    private func getter(_ members: [String: JSONValue], at path: JSONPath) throws(TaskDecodingFailure) -> GetterSpec? {
        if members.isEmpty { return nil }
        let type = try requiredName(members, "type", at: path)
        return GetterSpec(type: type, fields: members.filter { $0.key != "type" })
    }

    private func decodeOptions(
        _ value: JSONValue?, at path: JSONPath, listCount: Int?
    ) throws(TaskDecodingFailure) -> OneOrMany<[String: JSONValue]>? {
        guard let value, value != .null else { return nil }
        guard let listCount else {
            guard case .object(let members) = value else {
                throw wrongType(value, at: path, expected: "an object (the metric's options; \"func\" is a single name)")
            }
            return .one(members)
        }
        guard case .array(let elements) = value else {
            throw wrongType(value, at: path, expected: "an array of \(listCount) option objects, one per name in \"func\"")
        }
        try checkLength(elements.count, at: path, listCount: listCount)
        var options: [[String: JSONValue]] = []
        for (index, element) in elements.enumerated() {
            switch element {
            case .null: options.append([:])
            case .object(let members): options.append(members)
            default: throw wrongType(element, at: path.appending(index), expected: "an object (options) or null")
            }
        }
        return .many(options)
    }

    private func checkLength(_ count: Int, at path: JSONPath, listCount: Int) throws(TaskDecodingFailure) {
        guard count != listCount else { return }
        let funcPath = path.parent?.appending("func") ?? JSONPath([.key("func")])
        throw TaskDecodingFailure(
            path: path, kind: .lengthMismatch,
            message: "has \(count) \(count == 1 ? "entry" : "entries") but \(funcPath) has \(listCount); "
                + "the lists must line up one to one (write null where a metric needs nothing)")
    }

    private func decodeConjunction(_ value: JSONValue?, at path: JSONPath) throws(TaskDecodingFailure) -> Evaluator.Conjunction {
        guard let value, value != .null else { return .and }
        guard case .string(let text) = value else { throw wrongType(value, at: path, expected: "\"and\" or \"or\"") }
        guard let conjunction = Evaluator.Conjunction(rawValue: text) else {
            throw TaskDecodingFailure(
                path: path, kind: .invalidValue,
                message: "expected \"and\" or \"or\", found \(value)")
        }
        return conjunction
    }

    // MARK: - Setup steps

    private mutating func steps(_ value: JSONValue?, at path: JSONPath) throws(TaskDecodingFailure) -> [SetupStep] {
        guard let value, value != .null else { return [] }
        guard case .array(let elements) = value else {
            throw wrongType(value, at: path, expected: "an array of steps")
        }
        var steps: [SetupStep] = []
        for (index, element) in elements.enumerated() {
            let stepPath = path.appending(index)
            let members = try object(element, at: stepPath, expected: "an object (a step with \"type\" and \"parameters\")")
            let type = try requiredName(members, "type", at: stepPath)
            var parameters = JSONValue.object([:])
            if let value = members["parameters"], value != .null {
                guard case .object = value else {
                    throw wrongType(value, at: stepPath.appending("parameters"), expected: "an object")
                }
                parameters = value
            }
            unrecognized += members.keys.filter { $0 != "type" && $0 != "parameters" }.map { stepPath.appending($0) }
            steps.append(SetupStep(type: type, parameters: parameters))
        }
        return steps
    }

    // MARK: - Deskgym's extension

    private func decodeExtension(_ value: JSONValue, at path: JSONPath) throws(TaskDecodingFailure) -> DeskgymExtension {
        let members = try object(value, at: path)
        try rejectUnknown(members, allowed: DeskgymExtension.fieldNames, at: path)
        let vmConfig = try members["vm_config"].flatMap { value throws(TaskDecodingFailure) -> String? in
            guard value != .null else { return nil }
            guard case .string(let name) = value else {
                throw wrongType(value, at: path.appending("vm_config"), expected: "a string (a vm-config name or path)")
            }
            return try nonEmpty(name, at: path.appending("vm_config"), what: "a vm-config name or path")
        }
        let solution = try members["reference_solution"].flatMap { value throws(TaskDecodingFailure) in
            value == .null ? nil : try decodeReferenceSolution(value, at: path.appending("reference_solution"))
        }
        let pages = try members["pages"].flatMap { value throws(TaskDecodingFailure) -> String? in
            guard value != .null else { return nil }
            guard case .string(let folder) = value else {
                throw wrongType(value, at: path.appending("pages"), expected: "a string (a folder of web pages, relative to the task file)")
            }
            return try nonEmpty(folder, at: path.appending("pages"), what: "a folder of web pages")
        }
        return DeskgymExtension(vmConfig: vmConfig, referenceSolution: solution, pages: pages)
    }

    /// `{PAGES_URL}` stands for the address of the folder `deskgym.pages` serves: a task that
    /// writes it without naming a folder could never run, so the first use is reported.
    private func checkPagesPlaceholder(_ members: [String: JSONValue], at root: JSONPath) throws(TaskDecodingFailure) {
        func firstUse(_ value: JSONValue, at path: JSONPath) -> JSONPath? {
            switch value {
            case .string(let text): return text.contains(Self.pagesPlaceholder) ? path : nil
            case .array(let elements):
                for (index, element) in elements.enumerated() {
                    if let found = firstUse(element, at: path.appending(index)) { return found }
                }
                return nil
            case .object(let fields):
                for key in fields.keys.sorted() {
                    if let found = firstUse(fields[key]!, at: path.appending(key)) { return found }
                }
                return nil
            default: return nil
            }
        }
        for key in ["config", "evaluator"] {
            guard let value = members[key], let path = firstUse(value, at: root.appending(key)) else { continue }
            throw TaskDecodingFailure(
                path: path, kind: .invalidValue,
                message: "uses \(Self.pagesPlaceholder) but deskgym.pages names no folder of pages to serve")
        }
    }

    /// The placeholder for the base URL of the served pages.
    static let pagesPlaceholder = "{PAGES_URL}"

    private func decodeReferenceSolution(_ value: JSONValue, at path: JSONPath) throws(TaskDecodingFailure) -> ReferenceSolution {
        let members = try object(value, at: path)
        try rejectUnknown(members, allowed: ["grammar", "actions"], at: path)
        let grammarName = try requiredString(members, "grammar", at: path)
        guard let grammar = ReferenceSolution.Grammar(rawValue: grammarName) else {
            throw TaskDecodingFailure(
                path: path.appending("grammar"), kind: .invalidValue,
                message: "expected \"pyautogui\" or \"computer_13\", found \(JSONValue.string(grammarName))")
        }
        let actionsPath = path.appending("actions")
        guard let actionsValue = members["actions"] else {
            throw TaskDecodingFailure(
                path: actionsPath, kind: .missingField,
                message: "missing required field (expected an array of agent steps)")
        }
        guard case .array(let actions) = actionsValue else {
            throw wrongType(actionsValue, at: actionsPath, expected: "an array of agent steps")
        }
        guard !actions.isEmpty else {
            throw TaskDecodingFailure(
                path: actionsPath, kind: .invalidValue,
                message: "expected at least one step, found an empty array")
        }
        for (index, action) in actions.enumerated() {
            let actionPath = actionsPath.appending(index)
            switch (grammar, action) {
            case (.pyautogui, .string(let code)):
                _ = try nonEmpty(code.trimmingWhitespace, at: actionPath, what: "pyautogui code")
            case (.pyautogui, _):
                throw wrongType(action, at: actionPath, expected: "a string of pyautogui code (or WAIT, DONE, FAIL)")
            case (.computer13, .string(let word)):
                guard ["WAIT", "DONE", "FAIL"].contains(word.trimmingWhitespace.uppercased()) else {
                    throw TaskDecodingFailure(
                        path: actionPath, kind: .invalidValue,
                        message: "expected an action object or one of WAIT, DONE, FAIL, found \(action)")
                }
            case (.computer13, .object(let fields)):
                _ = try requiredName(fields, "action_type", at: actionPath)
            case (.computer13, _):
                throw wrongType(action, at: actionPath, expected: "an action object (with \"action_type\") or WAIT, DONE, FAIL")
            }
        }
        return ReferenceSolution(grammar: grammar, actions: actions)
    }

    private func rejectUnknown(_ members: [String: JSONValue], allowed: [String], at path: JSONPath) throws(TaskDecodingFailure) {
        guard let unknown = members.keys.filter({ !allowed.contains($0) }).sorted().first else { return }
        let closest =
            unknown.isSuggestible
            ? allowed.min { unknown.editDistance(to: $0) < unknown.editDistance(to: $1) } : nil
        let hint: String
        if let closest, unknown.editDistance(to: closest) <= max(2, unknown.count / 3) {
            hint = "did you mean \(JSONValue.string(closest))?"
        } else {
            hint = "allowed: " + allowed.map { JSONValue.string($0).description }.joined(separator: ", ")
        }
        throw TaskDecodingFailure(
            path: path.appending(unknown), kind: .unknownField,
            message: "unknown field \(JSONValue.string(unknown.excerpt)) (\(hint))")
    }

    // MARK: - Primitives

    private func object(
        _ value: JSONValue, at path: JSONPath, expected: String = "an object"
    ) throws(TaskDecodingFailure) -> [String: JSONValue] {
        guard case .object(let members) = value else { throw wrongType(value, at: path, expected: expected) }
        return members
    }

    private func requiredString(_ members: [String: JSONValue], _ key: String, at path: JSONPath) throws(TaskDecodingFailure) -> String {
        let fieldPath = path.appending(key)
        guard let value = members[key] else {
            throw TaskDecodingFailure(path: fieldPath, kind: .missingField, message: "missing required field (expected a string)")
        }
        guard case .string(let text) = value else { throw wrongType(value, at: fieldPath, expected: "a string") }
        return text
    }

    /// A required string that must not be empty or blank (identifiers and names).
    private func requiredName(_ members: [String: JSONValue], _ key: String, at path: JSONPath) throws(TaskDecodingFailure) -> String {
        let text = try requiredString(members, key, at: path)
        return try nonEmpty(text, at: path.appending(key), what: "a non-empty string")
    }

    private func nonEmpty(_ text: String, at path: JSONPath, what: String) throws(TaskDecodingFailure) -> String {
        guard text.trimmingWhitespace.isEmpty else { return text }
        throw TaskDecodingFailure(path: path, kind: .invalidValue, message: "expected \(what), found an empty string")
    }

    private func optionalString(_ value: JSONValue?, at path: JSONPath) throws(TaskDecodingFailure) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let text) = value else { throw wrongType(value, at: path, expected: "a string") }
        return text
    }

    private func optionalBool(_ value: JSONValue?, at path: JSONPath) throws(TaskDecodingFailure) -> Bool? {
        guard let value, value != .null else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(value, at: path, expected: "a boolean (true or false)") }
        return flag
    }

    private func strings(_ value: JSONValue?, at path: JSONPath) throws(TaskDecodingFailure) -> [String] {
        guard let value, value != .null else { return [] }
        guard case .array(let elements) = value else { throw wrongType(value, at: path, expected: "an array of strings") }
        var texts: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw wrongType(element, at: path.appending(index), expected: "a string")
            }
            texts.append(text)
        }
        return texts
    }

    private func stringOrStrings(_ value: JSONValue?, at path: JSONPath) throws(TaskDecodingFailure) -> [String] {
        if case .string(let text)? = value { return [text] }
        if let value, value != .null, value.arrayValue == nil {
            throw wrongType(value, at: path, expected: "a string or an array of strings")
        }
        return try strings(value, at: path)
    }

    private func wrongType(_ value: JSONValue, at path: JSONPath, expected: String) -> TaskDecodingFailure {
        TaskDecodingFailure(path: path, kind: .wrongType, message: "expected \(expected), found \(value.typeName)")
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
