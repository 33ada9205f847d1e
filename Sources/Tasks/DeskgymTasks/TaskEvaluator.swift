import DeskgymCore
import DeskgymTaskModel
import Foundation

/// Scores an episode as OSWorld's `DesktopEnv.evaluate` does: postconfig first; an `infeasible`
/// task scores 1 exactly when the last action is FAIL, any other task scores 0 when it is; then
/// each metric compares its `result` with its `expected`, and `conj` combines them — `and`: 0 as
/// soon as one metric is 0, else the mean; `or`: 1 as soon as one is 1, else the maximum. A result
/// that cannot be fetched scores 0 with the reason recorded, not an exception.
public struct TaskEvaluator: Sendable {
    /// Computes one metric: name, fetched result, fetched expected value (nil when the task gives
    /// none), options → score and reason.
    public typealias MetricFunction =
        @Sendable (String, GetterValue, GetterValue?, [String: JSONValue]) async throws
        -> (score: Double, reason: String?)

    public var metric: MetricFunction

    public init(metric: @escaping MetricFunction) {
        self.metric = metric
    }

    public func evaluate(_ task: OSWorldTask, lastAction: Action?, context: TaskContext) async -> TaskEvaluation {
        do {
            try await SetupRunner.run(task.evaluator.postconfig, phase: "evaluator.postconfig", context: context)
        } catch {
            return TaskEvaluation(score: 0, metrics: [], error: "\(error)")
        }
        let failed = lastAction == .fail
        if task.evaluator.isInfeasible {
            return TaskEvaluation(
                score: failed ? 1 : 0, metrics: [.init(name: "infeasible", score: failed ? 1 : 0)],
                decidedBy: failed ? "the agent answered FAIL on an infeasible task" : "the agent did not answer FAIL")
        }
        if failed {
            return TaskEvaluation(score: 0, metrics: [], decidedBy: "the agent answered FAIL on a feasible task")
        }
        let conjunction = task.evaluator.conjunction
        var results: [TaskEvaluation.MetricResult] = []
        for spec in task.evaluator.metrics {
            let label = spec.index.map { "\(spec.name)[\($0)]" } ?? spec.name
            let outcome: TaskEvaluation.MetricResult
            do {
                guard let resultSpec = spec.result else {
                    throw StepProblem("metric \(label) has no result getter")
                }
                var result = try await GetterRunner.fetch(resultSpec, context: context)
                if let missing = Self.missing(result) {
                    outcome = .init(name: label, score: 0, reason: "result \(missing)")
                } else {
                    let expected = try await spec.expected.asyncMap { try await GetterRunner.fetch($0, context: context) }
                    if let expected, let missing = Self.missing(expected) {
                        outcome = .init(name: label, score: 0, reason: "expected \(missing)")
                    } else {
                        // This metric's result is the report of the suite run in the session.
                        if spec.name == PythonTestSuiteRunner.metric {
                            result = await PythonTestSuiteRunner.run(
                                result: result, expected: expected, options: spec.options, context: context)
                        }
                        let (score, reason) = try await metric(spec.name, result, expected, spec.options)
                        outcome = .init(name: label, score: score, reason: reason)
                    }
                }
            } catch {
                results.append(.init(name: label, score: 0, reason: "\(error)"))
                return TaskEvaluation(score: 0, metrics: results, error: "\(label): \(error)")
            }
            results.append(outcome)
            if conjunction == .and && outcome.score == 0 { return TaskEvaluation(score: 0, metrics: results) }
            if conjunction == .or && outcome.score == 1 { return TaskEvaluation(score: 1, metrics: results) }
        }
        guard !results.isEmpty else { return TaskEvaluation(score: 0, metrics: [], error: "the evaluator names no metric") }
        let scores = results.map(\.score)
        let score = conjunction == .and ? scores.reduce(0, +) / Double(scores.count) : (scores.max() ?? 0)
        return TaskEvaluation(score: score, metrics: results)
    }

    /// Why a fetched value is unusable (a file that does not exist), or nil.
    static func missing(_ value: GetterValue) -> String? {
        switch value {
        case .file(nil): "file was not found"
        case .files(let urls) where urls.contains(nil): "file was not found"
        case .text(nil): "getter gave no text (a command without output, or no active terminal)"
        default: nil
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
