import DeskgymCore
import DeskgymSandbox
import DeskgymTaskModel
import Foundation
import Logging
import Testing

@testable import DeskgymRuntime
@testable import DeskgymTasks

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.chrome-parse")
    logger.logLevel = .warning
    return logger
}()

private func getter(_ type: String, _ fields: [String: JSONValue]) -> GetterSpec {
    GetterSpec(type: type, fields: fields)
}

private func strings(_ texts: String...) -> JSONValue { .array(texts.map(JSONValue.string)) }

/// A page whose content a script changes after loading, so only the live page shows what the
/// getter must read.
private let resultsPage = #"""
    <!DOCTYPE html>
    <html><head><title>Results</title><style>.day-time-info { color: red; }</style></head>
    <body>
    <h2 data-automation="header_geo_title">  Manchester hotels  </h2>
    <h2 class="geo">Fallback heading</h2>
    <span class="day-time-info">Mon 3 Jun</span><span class="day-time-info">Fri 7 Jun</span>
    <div class="mach-flight-context-info__wrapper--date"> Monday, June 3 </div>
    <div class="separator">SEA<div class="aura-separator">to</div>NYC<span>!</span></div>
    <div class="HAZ16"><h3>First comment</h3></div><div class="HAZ16"><p>no heading</p></div><div class="HAZ16"><h3> 10:00 </h3></div>
    <span class="fT28tf">Black</span><span class="fT28tf">On sale</span><span class="fT28tf">Red</span>
    <ul class="pmpSearch_breadcrumb"><li class="catAllProducts"><span>Spider-Man</span></li>
      <li class="catAllProducts"><span>Toys</span></li><li class="other"><span>Hidden</span></li></ul>
    <a class="filter-selector-link">Women</a><a class="filter-selector-link">Nike</a>
    <div><label>Departure   date</label></div>
    <form><input name="who" autofocus><input name="mail" value="a@b.c"></form>
    <script>
      document.querySelector('input[name=mail]').value = 'set by script';
      const made = document.createElement('p');
      made.id = 'dynamic';
      made.textContent = 'made by script';
      document.body.appendChild(made);
    </script>
    </body></html>
    """#

private func page(_ title: String) -> String {
    "<!DOCTYPE html><html><head><title>\(title)</title></head><body><p>\(title)</p></body></html>"
}

/// `active_tab_url_parse`, `url_dashPart`, `url_path_parse` and `active_tab_html_parse` against a
/// real Chromium in a real session (`vm-configs/browser.yaml`), on pages served by a real page server.
@Suite("Chromium URL and HTML parse getters in a session", .serialized, .timeLimit(.minutes(3)))
struct ChromeParseGetterTests {
    @Test("the active tab's query, path parts and live page are read as OSWorld's getters read them")
    func parseGetters() async throws {
        let pages = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-parse-pages-\(UUID())")
        defer { try? FileManager.default.removeItem(at: pages) }
        let files = [
            "results.html": resultsPage,
            "en/manchester/june-weather/index.html": page("June weather"),
            "shop/mens-clothing/Men_regular_size_t,Price_discount_range,Sleeve_length/L,50_PERCENT_ off & more,Short Sleeve/index.html":
                page("Shirts"),
        ]
        for (path, text) in files {
            let file = pages.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let config = try VMConfig.load(from: repository.appendingPathComponent("vm-configs/browser.yaml"))
        let server = try await PageServer.start(folder: pages, logger: logger)
        let session: DesktopSession
        do {
            session = try await DesktopSession.start(config: config, logger: logger)
        } catch {
            await server.stop()
            throw error
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-parse-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let context = TaskContext(session: session, cacheFolder: scratch, taskFolder: nil, pagesURL: server.baseURL, logger: logger)
        do {
            try await run(context: context, session: session)
        } catch {
            await session.stop()
            await server.stop()
            throw error
        }
        await session.stop()
        await server.stop()
    }

    private func open(_ url: String, context: TaskContext) async throws {
        try await SetupRunner.run(
            [SetupStep(type: "chrome_open_tabs", parameters: .object(["urls_to_open": .array([.string(url)])]))],
            phase: "config", context: context)
    }

    private func run(context: TaskContext, session: DesktopSession) async throws {
        _ = try await ChromeDevTools.wait(in: session, timeout: .seconds(30))
        try await open(
            "{PAGES_URL}/results.html?q=drip+coffee%20maker&fuel_slugs%5B%5D=electric&modelList=a,b,c&blank="
                + "&departing=2024-06-03&S=4&kw=spiderman&city=Z%C3%BCrich", context: context)

        // active_tab_url_parse
        let query = try await GetterRunner.fetch(
            getter(
                "active_tab_url_parse",
                [
                    "goto_prefix": .string("https://www."),
                    "parse_keys": strings("q", "fuel_slugs[]", "blank", "absent", "departing", "city"),
                    "replace": .object(["departing": .string("time")]),
                ]), context: context)
        #expect(
            query
                == .json(
                    .object([
                        "q": .string("drip coffee maker"), "fuel_slugs[]": .string("electric"), "blank": .string(""), "absent": .string(""),
                        "time": .string("2024-06-03"), "city": .string("Zürich"),
                    ])))
        let split = try await GetterRunner.fetch(
            getter(
                "active_tab_url_parse",
                [
                    "parse_keys": strings("modelList"), "split_list": .bool(true),
                ]), context: context)
        #expect(split == .json(.object(["modelList": strings("a", "b", "c")])))

        // active_tab_html_parse, each category the corpus uses, read from the live page.
        let classes = try await GetterRunner.fetch(
            getter(
                "active_tab_html_parse",
                [
                    "category": .string("class"),
                    "class_multiObject": .object([
                        "day-time-info": .object(["0": .string("from"), "1": .string("to"), "5": .string("later")])
                    ]),
                    "class_multiObject_child": .object(["separator": .object(["0": .string("start"), "1": .string("end")])]),
                    "class_multiObject_only_child": .object(["HAZ16": .object(["0": .string("content"), "1": .string("time")])]),
                    "class_multiObject_search_exist": .object(["fT28tf": strings("Black", "$25 - $60", "On sale", "is_other_exist")]),
                    "class_singleObject": .object([
                        "mach-flight-context-info__wrapper--date": .string("date"), "no-such-class": .string("none"),
                    ]),
                ]), context: context)
        #expect(
            classes
                == .json(
                    .object([
                        "from": .string("Mon 3 Jun"), "to": .string("Fri 7 Jun"), "later": .string(""),
                        "start": .string("SEA"), "end": .string("NYC"),
                        "content": .string("First comment"), "time": .string("10:00"),
                        "Black": .bool(true), "$25 - $60": .bool(false), "On sale": .bool(true), "is_other_exist": .bool(true),
                        "date": .string("Monday, June 3"), "none": .string(""),
                    ])))

        let xpaths = try await GetterRunner.fetch(
            getter(
                "active_tab_html_parse",
                [
                    "goto_prefix": .string("https://www."), "category": .string("xpath"),
                    "xpathObject": .object([
                        "//h2[@data-automation='header_geo_title']": .string("city"),
                        "//p[@id='dynamic']": .string("dynamic"),
                        "//p[@id='absent']": .string("absent"),
                        "h2.geo": .string("css"),
                        "//h2[": .string("broken"),
                    ]),
                ]), context: context)
        #expect(
            xpaths
                == .json(
                    .object([
                        "city": .string("Manchester hotels"), "dynamic": .string("made by script"), "absent": .string(""),
                        "css": .string("Fallback heading"), "broken": .string(""),
                    ])))

        // The agent types into the field that has the focus; the other field's value was set by a script.
        try await session.desktop.perform(.typing("Alice"))
        try await Task.sleep(for: .milliseconds(500))
        let inputs = try await GetterRunner.fetch(
            getter(
                "active_tab_html_parse",
                [
                    "category": .string("input"),
                    "inputObject": .object([
                        "/html/body/form/input[1]": .string("name"), "/html/body/form/input[2]": .string("mail"),
                        "/html/body/h2[1]": .string("heading"),
                    ]),
                ]), context: context)
        #expect(
            inputs
                == .json(
                    .object([
                        "name": .string("Alice"), "mail": .string("set by script"), "heading": .string(""),
                    ])))

        let label = try await GetterRunner.fetch(
            getter(
                "active_tab_html_parse",
                [
                    "category": .string("label"),
                    "labelObject": .object(["departure DATE": .string("departure"), "nowhere": .string("none")]),
                ]), context: context)
        #expect(label == .json(.object(["departure": .string("Departure   date"), "none": .string("")])))

        let classAndURL = try await GetterRunner.fetch(
            getter(
                "active_tab_html_parse",
                [
                    "category": .string("class&url"),
                    "class_multiObject_li": .object(["pmpSearch_breadcrumb": strings("Spider-Man", "Toys", "Kids")]),
                    "url_include_expected_multichoice": .object([
                        "S=4": .string("Price Low-High"), "spiderman": .string("Spider-Man"),
                        "Kids": .string("Kids"),
                    ]),
                ]), context: context)
        #expect(
            classAndURL
                == .json(
                    .object([
                        "spider-man": .bool(true), "toys": .bool(true), "is_other_exist": .bool(false), "price low-high": .bool(true),
                        "kids": .bool(false),
                    ])))
        let others = try await GetterRunner.fetch(
            getter(
                "active_tab_html_parse",
                [
                    "category": .string("class&url"),
                    "class_multiObject": .object(["filter-selector-link": strings("women", "jerseys")]),
                    "url_include_expected": strings("DRIP", "jerseys"),
                ]), context: context)
        #expect(
            others
                == .json(
                    .object([
                        "women": .bool(true), "is_other_exist": .bool(true), "drip": .bool(true), "jerseys": .bool(false),
                    ])))
        #expect(
            try await GetterRunner.fetch(getter("active_tab_html_parse", ["category": .string("other")]), context: context)
                == .json(.object([:])))

        // url_dashPart
        try await open("{PAGES_URL}/en/manchester/june-weather/", context: context)
        #expect(
            try await GetterRunner.fetch(
                getter(
                    "url_dashPart",
                    [
                        "goto_prefix": .string("https://www."), "partIndex": .number(-2), "needDeleteId": .bool(false),
                        "returnType": .string("json"), "key": .string("time"),
                    ]), context: context) == .json(.object(["time": .string("june-weather")])))
        #expect(
            try await GetterRunner.fetch(
                getter(
                    "url_dashPart",
                    [
                        "partIndex": .number(4), "returnType": .string("string"),
                    ]), context: context) == .text("manchester"))

        // url_path_parse
        try await open(
            "{PAGES_URL}/shop/mens-clothing/Men_regular_size_t,Price_discount_range,Sleeve_length/"
                + "L,50_PERCENT_%20off%20%26%20more,Short%20Sleeve/?id=20626", context: context)
        let facts = try await GetterRunner.fetch(
            getter(
                "url_path_parse",
                [
                    "goto_prefix": .string("https://www."),
                    "parse_keys": strings("mens_clothing", "shirts", "Men_regular_size_t", "Price_discount_range", "short_sleeve"),
                ]), context: context)
        #expect(
            facts
                == .json(
                    .object([
                        "mens_clothing": .bool(true), "shirts": .null, "Men_regular_size_t": .string("L"),
                        "Price_discount_range": .string("50_PERCENT_ off & more"), "short_sleeve": .bool(true),
                    ])))
    }
}
