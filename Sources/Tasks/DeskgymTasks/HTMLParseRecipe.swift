import DeskgymCore
import DeskgymTaskModel
import Foundation

/// How the answers of an ``HTMLQueryPlan`` become OSWorld's result object, built step by step in
/// the order OSWorld fills it.
struct HTMLParseRecipe {
    private var steps: [(_ answers: [JSONValue], _ pageURL: String, _ result: inout [String: JSONValue]) throws -> Void] = []

    init(spec: GetterSpec, category: String, plan: inout HTMLQueryPlan) throws {
        switch category {
        case "class":
            for (kind, option) in [
                ("texts", "class_multiObject"), ("directTexts", "class_multiObject_child"),
                ("childHeadings", "class_multiObject_only_child"),
            ] {
                for (className, ranks) in try Self.object(spec, option) {
                    let query = plan.add(kind, "." + className)
                    guard let ranks = ranks.objectValue else { throw StepProblem("'\(option).\(className)' must be an object of ranks") }
                    steps.append { answers, _, result in
                        let texts = Self.strings(answers, query)
                        for (rank, key) in ranks.sorted(by: { $0.key < $1.key }) {
                            guard let index = JSONValue.string(rank).pythonInt else {
                                throw StepProblem("'\(option).\(className)': rank '\(rank)' is no integer")
                            }
                            let name = try Self.key(key, option)
                            if index < texts.count, index >= -texts.count {
                                result[name] = .string(texts[index >= 0 ? index : texts.count + index])
                            } else if index < texts.count {
                                throw StepProblem("'\(option).\(className)': rank \(index) is out of range (OSWorld raises IndexError)")
                            } else {
                                result[name] = .string("")
                            }
                        }
                    }
                }
            }
            for (className, wanted) in try Self.object(spec, "class_multiObject_search_exist") {
                let query = plan.add("texts", "." + className)
                let list = try Self.stringList(wanted, "class_multiObject_search_exist.\(className)")
                steps.append { answers, _, result in
                    let texts = Self.strings(answers, query)
                    for item in list where item != "is_other_exist" { result[item] = .bool(texts.contains(item)) }
                    if list.contains("is_other_exist") {
                        if texts.contains(where: { !list.contains($0) }) { result["is_other_exist"] = .bool(true) }
                        if result["is_other_exist"] == nil { result["is_other_exist"] = .bool(false) }
                    }
                }
            }
            for (className, key) in try Self.object(spec, "class_singleObject") {
                let query = plan.add("texts", "." + className)
                let name = try Self.key(key, "class_singleObject")
                steps.append { answers, _, result in result[name] = .string(Self.strings(answers, query).first ?? "") }
            }
        case "label", "xpath", "input":
            let (option, kind) = [
                "label": ("labelObject", "label"), "xpath": ("xpathObject", "xpathText"),
                "input": ("inputObject", "inputValue"),
            ][category]!
            for (selector, key) in try Self.object(spec, option) {
                let query = plan.add(kind, selector)
                let name = try Self.key(key, option)
                steps.append { answers, _, result in
                    result[name] = .string(query < answers.count ? answers[query].stringValue ?? "" : "")
                }
            }
        case "class&url":
            for (kind, option) in [("texts", "class_multiObject"), ("listSpans", "class_multiObject_li")] {
                for (className, wanted) in try Self.object(spec, option) {
                    let query = plan.add(kind, "." + className)
                    let list = try Self.stringList(wanted, "\(option).\(className)")
                    steps.append { answers, _, result in
                        let texts = Self.strings(answers, query)
                        for item in list where texts.contains(where: { $0.lowercased() == item.lowercased() }) {
                            result[item.lowercased()] = .bool(true)
                        }
                        if texts.contains(where: { text in list.allSatisfy { !$0.lowercased().contains(text.lowercased()) } }) {
                            result["is_other_exist"] = .bool(true)
                        }
                        if result["is_other_exist"] == nil { result["is_other_exist"] = .bool(false) }
                    }
                }
            }
            let expected = try spec[field: "url_include_expected"].map { try Self.stringList($0, "url_include_expected") } ?? []
            var choices: [(String, String)] = expected.map { ($0, $0) }
            for (text, key) in try Self.object(spec, "url_include_expected_multichoice").sorted(by: { $0.key < $1.key }) {
                choices.append((text, try Self.key(key, "url_include_expected_multichoice")))
            }
            steps.append { _, pageURL, result in
                let address = pageURL.lowercased()
                for (text, key) in choices where result[key.lowercased()] == nil {
                    result[key.lowercased()] = .bool(address.contains(text.lowercased()))
                }
            }
        default:
            break
        }
    }

    func assemble(answers: [JSONValue], pageURL: String) throws -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for step in steps { try step(answers, pageURL, &result) }
        return result
    }

    private static func strings(_ answers: [JSONValue], _ index: Int) -> [String] {
        guard index < answers.count else { return [] }
        return answers[index].arrayValue?.compactMap(\.stringValue) ?? []
    }

    private static func object(_ spec: GetterSpec, _ option: String) throws -> [(key: String, value: JSONValue)] {
        guard let value = spec[field: option], value != .null else { return [] }
        guard let fields = value.objectValue else { throw StepProblem("'\(option)' must be an object, found \(value.typeName)") }
        return fields.sorted { $0.key < $1.key }
    }

    private static func key(_ value: JSONValue, _ option: String) throws -> String {
        guard let name = value.stringValue else { throw StepProblem("'\(option)' must map to key names (strings)") }
        return name
    }

    private static func stringList(_ value: JSONValue, _ option: String) throws -> [String] {
        guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            throw StepProblem("'\(option)' must be a list of strings")
        }
        return list.compactMap(\.stringValue)
    }
}
