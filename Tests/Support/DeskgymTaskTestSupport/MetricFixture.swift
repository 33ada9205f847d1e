import DeskgymCore
import DeskgymMetrics
import Foundation

/// Files and values the metric and getter tests build: fresh folders, files, JSON values, rules,
/// options, and a metric's score through the dispatcher.
public enum MetricFixture {
    /// A fresh folder (under $DESKGYM_KEEP_FIXTURES when set, to inspect the files afterwards).
    public static func directory() -> URL {
        let base =
            ProcessInfo.processInfo.environment["DESKGYM_KEEP_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        let url = base.appendingPathComponent("deskgym-metrics-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A text file with these exact contents (UTF-8).
    public static func file(_ name: String, _ contents: String, in folder: URL = directory()) -> URL {
        bytes(name, Array(contents.utf8), in: folder)
    }

    /// A file with these bytes.
    public static func bytes(_ name: String, _ bytes: [UInt8], in folder: URL = directory()) -> URL {
        let url = folder.appendingPathComponent(name)
        try! Data(bytes).write(to: url)
        return url
    }

    /// A JSON value from its text.
    public static func json(_ text: String) -> JSONValue {
        try! JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// A `rule` getter's value.
    public static func rules(_ text: String) -> MetricInput {
        .json(json(text))
    }

    /// Options from JSON text.
    public static func options(_ text: String) -> [String: JSONValue] {
        json(text).objectValue!
    }

    /// The score of a metric, through the dispatcher.
    public static func score(
        _ name: String, _ result: MetricInput, _ expected: MetricInput = .none,
        options: [String: JSONValue] = [:], context: MetricContext = MetricContext()
    ) throws -> Double {
        try Metric.evaluate(name: name, result: result, expected: expected, options: options, context: context).score
    }
}
