import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `check_thunderbird_prefs` (OSWorld's thunderbird.py) on prefs.js files written here, with the
/// rules of OSWorld's Thunderbird tasks.
@Suite("check_thunderbird_prefs")
struct MetricThunderbirdTests {
    static let prefs = #"""
        // Mozilla User Preferences
        user_pref("extensions.activeThemeID", "thunderbird-compact-dark@mozilla.org");
        user_pref("mail.identity.id1.auto_quote", true);
        user_pref("mail.identity.id1.htmlSigText", "Anonym\nXYZ Lab");
        user_pref("mail.imap.use_status_for_biff", false);
        user_pref("mail.server.default.applyIncomingFilters", true);
          user_pref("mail.identity.id1.auto_quote", false);   
        user_pref("mail.server.server2.port", 993);
        user_pref("odd\"key", "x");
        user_pref("spaced",  "two spaces after the comma still match");
        user_pref("tight","no space after the comma does not");
        """#

    func check(_ rules: String, _ text: String = prefs) throws -> MetricOutcome {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        return try Metric.evaluate(
            name: "check_thunderbird_prefs", result: .file(MetricFixture.file("prefs.js", text, in: folder)),
            expected: MetricFixture.rules(rules))
    }

    @Test("the rules of OSWorld's tasks: re, re.S, eq; the last setting counts; unexpect")
    func osworldRules() throws {
        #expect(try check(#"{"expect": {"extensions.activeThemeID": {"method": "re", "ref": "dark"}}}"#) == .pass)
        #expect(try check(#"{"expect": {"mail.identity.id1.htmlSigText": {"method": "re.S", "ref": "Anonym\\nXYZ Lab"}}}"#) == .pass)
        // Set true, then false on a line with white space around it: the last setting wins.
        #expect(try check(#"{"expect": {"mail.identity.id1.auto_quote": {"method": "eq", "ref": false}}}"#) == .pass)
        let quote = try check(#"{"expect": {"mail.identity.id1.auto_quote": {"method": "eq", "ref": true}}}"#)
        #expect(quote == .fail("mail.identity.id1.auto_quote = False does not pass eq True"), "\(quote)")
        let both = #"""
            {"expect": {"mail.server.default.applyIncomingFilters": {"method": "eq", "ref": true},
                        "mail.imap.use_status_for_biff": {"method": "eq", "ref": false}},
             "unexpect": {"mail.server.default.autosync_offline_stores": {"method": "eq", "ref": false}}}
            """#
        #expect(try check(both) == .pass)
        let unexpected = try check(#"{"unexpect": {"mail.server.server2.port": {"method": "ge", "ref": 900}}}"#)
        #expect(unexpected == .fail("mail.server.server2.port = 993 passes unexpected ge 900"), "\(unexpected)")
        #expect(try check(#"{"unexpect": {"mail.server.server2.port": {"method": "lt", "ref": 900}}}"#) == .pass)
        // Never set: an expected preference fails.
        let unset = try check(#"{"expect": {"mail.identity.id2.auto_quote": {"method": "eq", "ref": false}}}"#)
        #expect(unset == .fail("mail.identity.id2.auto_quote is not set in prefs.js"))
    }

    @Test("OSWorld's line pattern: an escaped quote in the key, a space after the comma")
    func linePattern() throws {
        #expect(Metric.prefLine(#"user_pref("a\"b", 1);"#)! == (#"a\"b"#, "1"))
        #expect(Metric.prefLine(#"user_pref("k", "x\", y");"#)! == ("k", #""x\", y""#))
        #expect(Metric.prefLine(#"user_pref("k",  1);"#)! == ("k", " 1"))
        #expect(Metric.prefLine(#"user_pref("k",1);"#) == nil)
        #expect(Metric.prefLine(#"user_pref("k", 1); // note"#) == nil)
        #expect(Metric.prefLine(#"user_pref("k", );"#) == nil)
        #expect(Metric.prefLine(#"pref("k", 1);"#) == nil)
        #expect(try check(#"{"expect": {"odd\\\"key": {"method": "eq", "ref": "x"}}}"#) == .pass)
        // The value may start with more white space, which json.loads skips.
        #expect(try check(#"{"expect": {"spaced": {"method": "re", "ref": "still"}}}"#) == .pass)
        #expect(try check(#"{"expect": {"tight": {"method": "re", "ref": "no"}}}"#) == .fail("tight is not set in prefs.js"))
    }

    @Test("a value that is not JSON, a missing file, or malformed rules")
    func problems() throws {
        let broken = try check(#"{"expect": {"a": {"method": "eq", "ref": 1}}}"#, "user_pref(\"a\", 1);\nuser_pref(\"b\", undefined);\n")
        #expect(broken == .fail("prefs.js line 2: the value of b is not JSON: undefined"), "\(broken)")
        #expect(
            try Metric.evaluate(name: "check_thunderbird_prefs", result: .none, expected: MetricFixture.rules("{}"))
                == .fail("no result file"))
        #expect(throws: MetricError.self) { try check(#"{"expect": {"a": {"method": "similar", "ref": 1}}}"#) }
        #expect(throws: MetricError.self) { try check(#"{"expect": ["a"]}"#) }
    }
}
