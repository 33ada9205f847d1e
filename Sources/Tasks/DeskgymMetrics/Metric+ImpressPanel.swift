import DeskgymCore
import Foundation

/// The metric on LibreOffice Impress's window, read from the accessibility tree (OSWorld's `slides.py`).
extension Metric {
    /// `check_left_panel`: the accessibility tree (OSWorld's XML) has a `document-frame` named
    /// `Slides View`, which Impress shows only while its slide pane (the left panel) is open.
    /// No tree, or XML that is not well-formed, scores 0.
    public static func checkLeftPanel(result: JSONValue?) -> MetricOutcome {
        guard case .string(let xml)? = result else { return .fail("no accessibility tree") }
        do {
            let found = try AccessibilityXMLScan.contains(xml, tag: "document-frame", attribute: "name", value: "Slides View")
            return .check(found, else: "the accessibility tree has no document-frame named 'Slides View': the slide pane is closed")
        } catch {
            return .fail("the accessibility tree \(error.message)")
        }
    }
}
