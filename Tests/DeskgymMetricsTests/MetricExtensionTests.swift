import DeskgymCore
import DeskgymTaskTestSupport
import Testing

@testable import DeskgymMetrics

/// OSWorld's `is_extension_installed` (from `metrics/vscode.py`).
@Suite("is_extension_installed metric")
struct MetricExtensionTests {
    private func score(_ result: MetricInput, _ rules: String) throws -> Double {
        try MetricFixture.score("is_extension_installed", result, MetricFixture.rules(rules))
    }

    @Test("contain / not_contain: Python `in` on the command's output or a list; other types are errors")
    func containment() throws {
        #expect(try score(.text("ms-python.python\n"), #"{"type": "contain", "expected": "ms-python.python"}"#) == 1)
        #expect(try score(.text("ms-python.debugpy\n"), #"{"type": "contain", "expected": "ms-python.python"}"#) == 0)
        #expect(try score(.text(""), #"{"type": "contain", "expected": "ms-python.python"}"#) == 0)
        #expect(try score(.text(""), #"{"type": "not_contain", "expected": "ms-python.python"}"#) == 1)
        #expect(try score(.text("a ms-python.python b"), #"{"type": "not_contain", "expected": "ms-python.python"}"#) == 0)
        #expect(try score(.list(["mattn.lisp", "x"]), #"{"type": "contain", "expected": "mattn.lisp"}"#) == 1)
        #expect(try score(.list(["mattn.lisp2"]), #"{"type": "contain", "expected": "mattn.lisp"}"#) == 0)
        #expect(try score(.none, #"{"type": "contain", "expected": "x"}"#) == 0)
        #expect(throws: MetricError.self) { try score(.text("x"), #"{"type": "equal", "expected": "x"}"#) }
        #expect(throws: MetricError.self) { try score(.text("x"), #"{"expected": "x"}"#) }
    }
}
