import DeskgymCore

/// One use of a named capability in a task: a setup step type, a postconfig step type, a getter
/// type or a metric name, with where the task uses it (`config[2].type = "googledrive"`).
public struct TaskFeature: Sendable, Hashable, CustomStringConvertible {
    /// Where in the task the name is used.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A step of `config`, run at reset.
        case setupStep
        /// A step of `evaluator.postconfig`, run before the getters.
        case postconfigStep
        /// A getter of `evaluator.result` or `evaluator.expected`.
        case getter
        /// A metric of `evaluator.func`.
        case metric

        /// The registry the name is looked up in (setup and postconfig steps share one).
        public var category: Category {
            switch self {
            case .setupStep, .postconfigStep: .step
            case .getter: .getter
            case .metric: .metric
            }
        }

        /// `setup step`, `postconfig step`, `getter`, `metric`.
        public var label: String {
            switch self {
            case .setupStep: "setup step"
            case .postconfigStep: "postconfig step"
            case .getter: "getter"
            case .metric: "metric"
            }
        }
    }

    /// The three registries of names Deskgym implements.
    public enum Category: String, Sendable, Hashable, CaseIterable, Comparable {
        /// Setup and postconfig step types.
        case step
        /// Getter types.
        case getter
        /// Metric names.
        case metric

        /// `steps`, `getters`, `metrics`.
        public var pluralLabel: String { rawValue + "s" }

        /// Steps, then getters, then metrics.
        public static func < (lhs: Category, rhs: Category) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Where the name is used.
    public var kind: Kind
    /// The step type, getter type or metric name.
    public var name: String
    /// The JSON path of the field holding the name: `config[2].type`, `evaluator.result[1].type`,
    /// `evaluator.func[0]`.
    public var path: JSONPath

    /// Creates a feature use.
    public init(kind: Kind, name: String, path: JSONPath) {
        self.kind = kind
        self.name = name
        self.path = path
    }

    /// `config[2].type = "googledrive"`.
    public var description: String { "\(path) = \(JSONValue.string(name))" }
}
