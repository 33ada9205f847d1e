import DeskgymCore
import DeskgymTaskModel
import Foundation
import Testing

@testable import DeskgymTasks

/// The address parsing behind `active_tab_url_parse`, `url_dashPart` and `url_path_parse`, against
/// what Python's `urllib.parse` and OSWorld's `chrome.py` give for the same addresses (the values
/// were taken from Python 3.12).
private func strings(_ texts: String...) -> [JSONValue] { texts.map(JSONValue.string) }

@Suite("Chrome URL getters: Python's urllib.parse and OSWorld's options")
struct ChromeURLGetterTests {
    @Test("urlparse splits as Python does: params of the last segment, query, fragment")
    func urlparse() {
        let parts = PythonURL.parse("HTTPS://www.shop.com:8080/a/b;v=1?x=1&y=2#top?no")
        #expect(
            parts
                == PythonURL.Parts(
                    scheme: "https", netloc: "www.shop.com:8080", path: "/a/b", params: "v=1",
                    query: "x=1&y=2", fragment: "top?no"))
        // A `;` before the last `/` stays in the path.
        #expect(PythonURL.parse("http://h/a;b/c").path == "/a;b/c")
        #expect(PythonURL.parse("http://h/a;b/c").params == "")
        // No scheme when the part before `:` has other characters.
        #expect(PythonURL.parse("1http://h/p").scheme == "")
    }

    @Test("parse_qs: + is a space, escapes decoded, blank values and bare names dropped, values in order")
    func parseQS() {
        let values = PythonURL.parseQS("q=drip+coffee%20maker&fuel_slugs%5B%5D=electric&blank=&bare&q=second&city=Z%C3%BCrich&bad=%zz%4")
        #expect(values["q"] == ["drip coffee maker", "second"])
        #expect(values["fuel_slugs[]"] == ["electric"])
        #expect(values["blank"] == nil)
        #expect(values["bare"] == nil)
        #expect(values["city"] == ["Zürich"])
        #expect(values["bad"] == ["%zz%4"])
        #expect(PythonURL.unquote("%E4%B8") == "\u{FFFD}")
        #expect(PythonURL.unquote("caf%C3%A9-é") == "café-é")
    }

    @Test("active_tab_url_parse: first values, '' for the absent, replace renames, split_list splits")
    func queryValues() throws {
        let address = "https://www.example.com/search?fromStation=BOM&toStation=STO&departing=2024-06-03&modelList=a,b,,c&x=1&x=2"
        let renamed = try GetterRunner.urlQueryValues(
            address, keys: strings("fromStation", "toStation", "departing", "absent", "x"),
            replace: .object(["departing": .string("time")]), splitList: false)
        #expect(
            renamed
                == .object([
                    "fromStation": .string("BOM"), "toStation": .string("STO"), "time": .string("2024-06-03"),
                    "absent": .string(""), "x": .string("1"),
                ]))
        let split = try GetterRunner.urlQueryValues(address, keys: strings("modelList", "absent"), replace: nil, splitList: true)
        #expect(split == .object(["modelList": .array(strings("a", "b", "", "c")), "absent": .array(strings(""))]))
        #expect(throws: (any Error).self) {
            try GetterRunner.urlQueryValues(address, keys: strings("x"), replace: .object(["departing": .string("time")]), splitList: false)
        }
    }

    @Test("url_dashPart: Python's indexing of the address split at '/', needDeleteId, returnType")
    func dashPart() throws {
        let address = "https://www.accuweather.com/en/gb/manchester/m15-6/june-weather/329260?year=2024"
        func spec(_ fields: [String: JSONValue]) -> GetterSpec { GetterSpec(type: "url_dashPart", fields: fields) }
        #expect(
            try GetterRunner.dashPart(
                address, spec: spec(["partIndex": .number(-2), "returnType": .string("json"), "key": .string("time")]))
                == .json(.object(["time": .string("june-weather")])))
        #expect(
            try GetterRunner.dashPart(address, spec: spec(["partIndex": .number(-1), "returnType": .string("string")]))
                == .text("329260?year=2024"))
        #expect(
            try GetterRunner.dashPart(
                address, spec: spec(["partIndex": .string(" -1"), "needDeleteId": .bool(true), "returnType": .string("string")]))
                == .text("329260"))
        #expect(try GetterRunner.dashPart(address, spec: spec(["partIndex": .number(3), "returnType": .string("string")])) == .text("en"))
        #expect(try GetterRunner.dashPart(address, spec: spec(["partIndex": .number(9), "returnType": .string("string")])) == .json(.null))
        #expect(
            try GetterRunner.dashPart(address, spec: spec(["partIndex": .string("two"), "returnType": .string("string")])) == .json(.null))
        #expect(try GetterRunner.dashPart(address, spec: spec(["partIndex": .number(2), "returnType": .string("xml")])) == .json(.null))
        #expect(throws: (any Error).self) {
            try GetterRunner.dashPart(address, spec: spec(["partIndex": .number(-20), "returnType": .string("string")]))
        }
    }

    @Test("url_path_parse: OSWorld's Macy's facts from the decoded path")
    func productPath() throws {
        let keys = strings("mens_clothing", "shirts", "Men_regular_size_t", "Price_discount_range", "short_sleeve")
        let picked =
            "https://www.macys.com/shop/mens-clothing/mens-casual-shirts/Men_regular_size_t,Price_discount_range,Sleeve_length"
            + "/L,50_PERCENT_%20off%20%26%20more,Short%20Sleeve?id=20626"
        #expect(
            try GetterRunner.productPathFacts(picked, keys: keys)
                == .object([
                    "mens_clothing": .bool(true), "shirts": .bool(true), "Men_regular_size_t": .string("L"),
                    "Price_discount_range": .string("50_PERCENT_ off & more"), "short_sleeve": .bool(true),
                ]))
        let several =
            "https://www.macys.com/shop/womens/Men_regular_size_t,Price_discount_range/,50_PERCENT_%20off%20%26%20more%7C30_PERCENT_%20off%20%26%20more"
        #expect(
            try GetterRunner.productPathFacts(several, keys: keys)
                == .object([
                    "mens_clothing": .null, "shirts": .null, "Men_regular_size_t": .null,
                    "Price_discount_range": .string("not_50_PERCENT_ off & more"), "short_sleeve": .null,
                ]))
        // Without a pair of comma segments the filters are absent (null), and only the three flags stay.
        #expect(
            try GetterRunner.productPathFacts("https://www.macys.com/shop/mens-clothing/shirts", keys: strings("Sleeve_length"))
                == .object(["mens_clothing": .bool(true), "shirts": .bool(true), "short_sleeve": .null]))
    }
}
