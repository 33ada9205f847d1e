import Foundation
import Testing

/// Runs OSWorld's own metric functions (PyPI `desktop-env`, installed for /usr/bin/python3) on the
/// same files a test scores, so the test can check Deskgym against OSWorld rather than against
/// what someone believed OSWorld does.
///
/// The metric modules import heavy libraries (lxml, openpyxl, pandas, rapidfuzz, …) at module level
/// that the functions checked here never use, and the package's `__init__` imports every module:
/// the driver registers empty packages and stands in a permissive fake for each module that is
/// missing, then loads `utils.py` and the wanted module from their files, unchanged. Nothing of
/// OSWorld is copied here. When python3 or desktop-env is missing, `call` returns nil and the test
/// keeps only its own assertions, unless DESKGYM_REQUIRE_OSWORLD=1 asks for the check, in which
/// case the absence is recorded as an issue.
enum OSWorldMetricsPython {
    static let python = "/usr/bin/python3"

    static let driver = #"""
        import importlib.util, json, os, sys, types

        class Meta(type):
            def __getattr__(cls, name): return Anything
            def __getitem__(cls, item): return Anything

        class Anything(metaclass=Meta):
            def __init__(self, *args, **kwargs): pass
            def __call__(self, *args, **kwargs): return Anything()
            def __getattr__(self, name): return Anything()

        def fake(name):
            module = types.ModuleType(name)
            module.__getattr__ = lambda attribute: Anything
            module.__path__ = []
            sys.modules[name] = module

        spec = importlib.util.find_spec("desktop_env")
        if spec is None:
            print("NO-DESKTOP-ENV")
            sys.exit(0)
        metrics = os.path.join(os.path.dirname(spec.origin), "evaluators", "metrics")
        for name in ["desktop_env", "desktop_env.evaluators", "desktop_env.evaluators.metrics"]:
            package = types.ModuleType(name)
            package.__path__ = []
            sys.modules[name] = package

        def load(name):
            while True:
                try:
                    spec = importlib.util.spec_from_file_location(
                        "desktop_env.evaluators.metrics." + name, os.path.join(metrics, name + ".py"))
                    module = importlib.util.module_from_spec(spec)
                    sys.modules[spec.name] = module
                    spec.loader.exec_module(module)
                    return module
                except ModuleNotFoundError as error:
                    parts = error.name.split(".")
                    for i in range(1, len(parts) + 1):
                        if ".".join(parts[:i]) not in sys.modules:
                            fake(".".join(parts[:i]))

        load("utils")
        module = load(sys.argv[1])
        arguments = json.loads(sys.argv[3])
        print(json.dumps(getattr(module, sys.argv[2])(*arguments["args"], **arguments["kwargs"])))
        """#

    /// The score OSWorld's `module.function(*args, **kwargs)` gives, or nil when OSWorld's
    /// Python is not installed here. `arguments` is JSON text `{"args": [...], "kwargs": {...}}`,
    /// read by Python's `json` (so big integers stay exact).
    static func call(_ module: String, _ function: String, arguments: String) throws -> Double? {
        guard let text = try run(["-c", driver, module, function, arguments], module + "." + function) else { return nil }
        if text == "NO-DESKTOP-ENV" {
            if required { Issue.record("desktop-env is not installed for \(python)") }
            return nil
        }
        guard let score = Double(text.split(separator: "\n").last.map(String.init) ?? "") else {
            Issue.record("OSWorld's \(module).\(function) printed no score: \(text.suffix(500))")
            return nil
        }
        return score
    }

    /// PyYAML's `yaml.safe_load(text)` as JSON text, in the layout `PythonYAML` gives (dates as
    /// `{"$python_datetime": str}`, keys that are not strings left out), or nil without python3
    /// or PyYAML.
    static func pyyamlSafeLoad(_ text: String) throws -> String? {
        let script = #"""
            import datetime, json, sys
            try:
                import yaml
            except ImportError:
                print("NO-PYYAML")
                sys.exit(0)
            def convert(value):
                if isinstance(value, (datetime.date, datetime.datetime)):
                    return {"$python_datetime": str(value)}
                if isinstance(value, dict):
                    return {key: convert(item) for key, item in value.items() if isinstance(key, str)}
                if isinstance(value, (list, tuple)):
                    return [convert(item) for item in value]
                return value
            print(json.dumps(convert(yaml.safe_load(sys.argv[1]))))
            """#
        guard let output = try run(["-c", script, text], "yaml.safe_load") else { return nil }
        if output == "NO-PYYAML" {
            if required { Issue.record("PyYAML is not installed for \(python)") }
            return nil
        }
        return output
    }

    static var required: Bool { ProcessInfo.processInfo.environment["DESKGYM_REQUIRE_OSWORLD"] == "1" }

    /// What python3 prints with these arguments, trimmed; nil without python3. A failing run is
    /// recorded as an issue.
    private static func run(_ arguments: [String], _ what: String) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            if required { Issue.record("\(python) is missing") }
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        // Standard error goes to a file: OSWorld logs freely, and two pipes read one after the
        // other could block the child on the second.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("osworld-metric-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errors = try FileHandle(forWritingTo: errorFile)
        defer { try? errors.close() }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let complaints = (try? Data(contentsOf: errorFile)) ?? Data()
            Issue.record(
                "\(what) failed (status \(process.terminationStatus)): \(String(decoding: complaints, as: UTF8.self).suffix(2000))")
            return nil
        }
        return String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
