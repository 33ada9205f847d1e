import DeskgymCore

extension OSWorldTask {
    /// Every setup step, postconfig step, getter and metric the task uses, in file order (config,
    /// then postconfig, then for each metric its name and its result and expected getters). An
    /// infeasible task's getters are left out: OSWorld never runs them.
    public var features: [TaskFeature] {
        var features: [TaskFeature] = []
        let config = JSONPath([.key("config")])
        for (index, step) in self.config.enumerated() {
            features.append(TaskFeature(kind: .setupStep, name: step.type, path: config.appending(index).appending("type")))
        }
        let evaluatorPath = JSONPath([.key("evaluator")])
        let postconfig = evaluatorPath.appending("postconfig")
        for (index, step) in evaluator.postconfig.enumerated() {
            features.append(TaskFeature(kind: .postconfigStep, name: step.type, path: postconfig.appending(index).appending("type")))
        }
        for metric in evaluator.metrics {
            let funcPath = evaluatorPath.appending("func")
            features.append(
                TaskFeature(
                    kind: .metric, name: metric.name,
                    path: metric.index.map { funcPath.appending($0) } ?? funcPath))
            for (key, getter) in [("result", metric.result), ("expected", metric.expected)] {
                guard let getter, !evaluator.isInfeasible else { continue }
                var path = evaluatorPath.appending(key)
                if let index = metric.index { path = path.appending(index) }
                features.append(TaskFeature(kind: .getter, name: getter.type, path: path.appending("type")))
            }
        }
        return features
    }
}
