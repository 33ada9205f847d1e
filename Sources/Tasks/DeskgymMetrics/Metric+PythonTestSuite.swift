import DeskgymCore
import Foundation

/// The metric that runs a task's Python test suite on the agent's code (OSWorld's `vscode.py`).
extension Metric {
    /// `check_python_file_by_test_suite`: OSWorld imports the expected file (a test suite) in the
    /// evaluating process, next to the result files, and scores what its `test` function (option
    /// `test_function_name`) returns: a bool as 1 or 0, a number clamped to 0…1, anything else
    /// by its truth; an error anywhere scores 0.
    ///
    /// Deskgym never runs the agent's code here: the task evaluator (DeskgymTasks) copies the
    /// files into a fresh folder in the session, runs the suite there with the session's
    /// `python3`, and hands this metric its report as the result — a JSON object with `score`
    /// (already clamped) or `error`. Given the files themselves (the metric called outside an
    /// evaluator), it scores 0 and says why.
    public static func checkPythonFileByTestSuite(result: MetricInput) -> MetricOutcome {
        guard case .json(let report) = result, let object = report.objectValue else {
            if case .none = result { return .fail("no result files") }
            return .fail("the test suite was not run: it runs only in a session, through the task evaluator (got \(result.kindName))")
        }
        if case .string(let error)? = object["error"] { return .fail("the test suite failed: \(error.clipped)") }
        guard let score = object["score"]?.pythonNumber, score.isFinite, (0...1).contains(score) else {
            return .fail("the test suite's report has no score in 0…1: \(report.pythonRepr.clipped)")
        }
        return score == 1 ? .pass : MetricOutcome(score: score, reason: "the test suite scored \(score)")
    }
}
