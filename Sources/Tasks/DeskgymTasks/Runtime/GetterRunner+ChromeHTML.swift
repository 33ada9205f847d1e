import Foundation

/// OSWorld's `active_tab_html_parse` (`chrome.py`: `get_active_tab_html_parse`): texts and input
/// values read from the live page in front — after its scripts ran and the agent typed — by
/// evaluating queries inside the page through the DevTools protocol (``ChromeDevTools/evaluate(_:inTab:timeout:)``),
/// as OSWorld's Playwright does.
extension GetterRunner {
    /// `active_tab_html_parse`. The `category` says what is read:
    /// - `class`: `class_multiObject` (`{class: {"n": key}}`, the n-th element's text),
    ///   `class_multiObject_child` (the n-th direct text node of the first element),
    ///   `class_multiObject_only_child` (the text of the `h3` of the n-th element that has one),
    ///   `class_multiObject_search_exist` (`{class: [texts]}`: whether each text is an element's
    ///   text; `is_other_exist`: whether another text is), `class_singleObject` (`{class: key}`,
    ///   the first element's text); `""` where there is no such element.
    /// - `label`: `labelObject` (`{text: key}`, Playwright's `text=` selector: the first innermost
    ///   element whose text holds it, case and white space aside).
    /// - `xpath`: `xpathObject` (`{xpath: key}`, the first element's text).
    /// - `input`: `inputObject` (`{xpath: key}`, the first element's value).
    /// - `class&url`: `class_multiObject` and `class_multiObject_li` (`{class: [texts]}`: true for
    ///   each text found, case aside; `is_other_exist`), `url_include_expected` (`[text]`) and
    ///   `url_include_expected_multichoice` (`{text: key}`): whether the page's address holds the text.
    /// Texts are `textContent` trimmed. No browser or tab: null; another category: `{}`.
    static func activeTabHTMLParse(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        let category = try field(spec, "category")
        guard let browser = await ChromeDevTools.find(home: context.session.home),
              let tab = try await activeTab(browser, context: context) else { return .json(.null) }
        var plan = HTMLQueryPlan()
        let build = try HTMLParseRecipe(spec: spec, category: category, plan: &plan)
        let answers = plan.queries.isEmpty ? [] : try await browser.evaluate(plan.script, inTab: tab.id).arrayValue ?? []
        return .json(.object(try build.assemble(answers: answers, pageURL: tab.url)))
    }
}

/// The queries one evaluation in the page answers, in order.
struct HTMLQueryPlan {
    /// One query: `kind` is a function of ``script``'s, `argument` its selector or text.
    var queries: [(kind: String, argument: String)] = []

    /// Adds a query and gives the index of its answer.
    mutating func add(_ kind: String, _ argument: String) -> Int {
        queries.append((kind, argument))
        return queries.count - 1
    }

    /// The script: waits for the page's load event (10 s at most, where OSWorld waits for the
    /// network to go idle), then answers each query, null for one that throws (an invalid
    /// selector), as OSWorld's Playwright calls are caught.
    var script: String {
        let list = JSONValue.array(queries.map { .array([.string($0.kind), .string($0.argument)]) })
        let encoded = (try? JSONEncoder().encode(list)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return Self.functions + "(\(encoded))"
    }

    /// Playwright's semantics in the page: CSS queries pierce open shadow roots; XPath keeps
    /// element nodes; `text=` matches case-insensitively with white space collapsed, innermost
    /// elements, skipping `head`, `script`, `style` and `noscript`.
    static let functions = #"""
    (async (queries) => {
      if (document.readyState !== 'complete') {
        await new Promise((done) => { window.addEventListener('load', done, { once: true }); setTimeout(done, 10000); });
      }
      const all = (selector) => {
        const found = [];
        const visit = (root) => {
          for (const element of root.querySelectorAll('*')) {
            if (element.matches(selector)) found.push(element);
            if (element.shadowRoot) visit(element.shadowRoot);
          }
        };
        document.querySelectorAll(selector);
        visit(document);
        return found;
      };
      const xpath = (expression) => {
        const found = [];
        const iterator = document.evaluate(expression, document, null, XPathResult.ORDERED_NODE_ITERATOR_TYPE, null);
        for (let node = iterator.iterateNext(); node; node = iterator.iterateNext()) {
          if (node.nodeType === Node.ELEMENT_NODE) found.push(node);
        }
        return found;
      };
      const text = (element) => (element.textContent || '').trim();
      const normalize = (value) => value.replace(/\s+/g, ' ').trim().toLowerCase();
      const skipped = (element) => ['SCRIPT', 'STYLE', 'NOSCRIPT', 'HEAD'].includes(element.nodeName)
        || (document.head && document.head.contains(element));
      const byText = (needle) => {
        const wanted = normalize(needle);
        const holds = (element) => !skipped(element) && normalize(element.textContent || '').includes(wanted);
        const found = [];
        const visit = (root) => {
          for (const element of root.querySelectorAll('*')) {
            if (holds(element) && !Array.from(element.children).some(holds)) found.push(element);
            if (element.shadowRoot) visit(element.shadowRoot);
          }
        };
        visit(document);
        return found;
      };
      const answer = {
        texts: (selector) => all(selector).map(text),
        directTexts: (selector) => {
          const first = all(selector)[0];
          if (!first) return [];
          return Array.from(first.childNodes).filter((node) => node.nodeType === Node.TEXT_NODE)
            .map((node) => node.textContent.trim()).filter(Boolean);
        },
        childHeadings: (selector) => all(selector).map((element) => element.querySelector('h3'))
          .filter(Boolean).map(text),
        listSpans: (selector) => all(selector + ' li.catAllProducts').map((element) => element.querySelector('span'))
          .filter(Boolean).map((span) => span.innerText.trim()),
        label: (needle) => { const first = byText(needle)[0]; return first ? text(first) : ''; },
        xpathText: (expression) => {
          const first = xpath(expression)[0];
          if (first) return text(first);
          if (expression.startsWith('//') || expression.startsWith('..')) return '';
          try { const fallback = all(expression)[0]; return fallback ? text(fallback) : ''; } catch (error) { return ''; }
        },
        inputValue: (expression) => {
          let element = xpath(expression)[0];
          if (!element) return '';
          if (element.nodeName === 'LABEL' && element.control) element = element.control;
          if (!['INPUT', 'TEXTAREA', 'SELECT'].includes(element.nodeName)) return '';
          return (element.value || '').trim();
        },
      };
      return queries.map(([kind, argument]) => { try { return answer[kind](argument); } catch (error) { return null; } });
    })
    """#
}

/// How the answers of an ``HTMLQueryPlan`` become OSWorld's result object, built step by step in
/// the order OSWorld fills it.
struct HTMLParseRecipe {
    private var steps: [(_ answers: [JSONValue], _ pageURL: String, _ result: inout [String: JSONValue]) throws -> Void] = []

    init(spec: GetterSpec, category: String, plan: inout HTMLQueryPlan) throws {
        switch category {
        case "class":
            for (kind, option) in [("texts", "class_multiObject"), ("directTexts", "class_multiObject_child"),
                                   ("childHeadings", "class_multiObject_only_child")] {
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
            let (option, kind) = ["label": ("labelObject", "label"), "xpath": ("xpathObject", "xpathText"),
                                  "input": ("inputObject", "inputValue")][category]!
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
