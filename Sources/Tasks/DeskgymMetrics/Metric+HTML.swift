import DeskgymCore
import Foundation

/// The metric on HTML files (OSWorld's `chrome.py`).
extension Metric {
    /// `compare_htmls`: walks both documents' nodes in document order, pair by pair (stopping at
    /// the end of the shorter, as Python's `zip` does), and scores 0 at the first pair that
    /// differs: two strings (text, comments, doctype) must be equal; a tag and a string never are;
    /// two tags need the same name, the same stripped text and the same attributes — with option
    /// `ignore_sdnum`, attributes other than LibreOffice's `sdnum` number formats. Either file
    /// unreadable scores 0.
    ///
    /// OSWorld parses with BeautifulSoup and lxml; Deskgym with `HTMLSoup`, which builds the same
    /// tree for ordinary documents (see there for what it does not repair alike).
    public static func compareHTMLs(result: URL?, expected: URL?, options: [String: JSONValue]) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let ignoreSdnum = options["ignore_sdnum"]?.pythonTruthy ?? false
        var soups: [HTMLSoup] = []
        for url in [result, expected] {
            do { soups.append(try HTMLSoup.parse(TextFile.readBounded(url))) } catch let problem as HTMLSoup.Problem {
                return .fail("\(url.lastPathComponent) \(problem)")
            } catch {
                return .fail("\(error)")
            }
        }
        let mine = soups[0], gold = soups[1]
        for (index, (left, right)) in zip(mine.nodes, gold.nodes).enumerated() {
            switch (left, right) {
            case (.string(let a), .string(let b)):
                if !a.pythonEquals(b) { return .fail("node \(index): text \(a.pythonRepr.clipped) differs from \(b.pythonRepr.clipped)") }
            case let (.tag(name, attributes, text), .tag(otherName, otherAttributes, otherText)):
                guard name == otherName else { return .fail("node \(index): tag <\(name)> where <\(otherName)> is expected") }
                guard text.pythonStrip().pythonEquals(otherText.pythonStrip()) else {
                    return .fail(
                        "node \(index) <\(name)>: text \(text.pythonStrip().pythonRepr.clipped) differs from \(otherText.pythonStrip().pythonRepr.clipped)"
                    )
                }
                if attributes != otherAttributes {
                    guard ignoreSdnum else { return .fail("node \(index) <\(name)>: attributes differ") }
                    guard attributes.filter({ $0.key != "sdnum" }) == otherAttributes.filter({ $0.key != "sdnum" }) else {
                        return .fail("node \(index) <\(name)>: attributes differ beyond sdnum")
                    }
                }
            case (.tag(let name, _, _), .string):
                return .fail("node \(index): tag <\(name)> where text is expected")
            case (.string, .tag(let name, _, _)):
                return .fail("node \(index): text where tag <\(name)> is expected")
            }
        }
        return .pass
    }
}
