import DeskgymTaskModel
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
        guard let browser = await ChromeDevTools.find(in: context.session),
            let tab = try await activeTab(browser, context: context)
        else { return .json(.null) }
        var plan = HTMLQueryPlan()
        let build = try HTMLParseRecipe(spec: spec, category: category, plan: &plan)
        let answers = plan.queries.isEmpty ? [] : try await browser.evaluate(plan.script, inTab: tab.id).arrayValue ?? []
        return .json(.object(try build.assemble(answers: answers, pageURL: tab.url)))
    }
}
