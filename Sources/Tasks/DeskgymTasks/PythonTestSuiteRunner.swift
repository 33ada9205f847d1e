import DeskgymCore
import DeskgymSandbox
import Foundation

/// Runs the test suite of OSWorld's `check_python_file_by_test_suite` inside the task's session.
///
/// OSWorld imports the suite — and through it the agent's code — in its own evaluating process.
/// Deskgym keeps the agent's code off this machine: the files the task's getters fetched (the
/// cache folder's, which OSWorld's suite sees beside it) and the suite are copied into a fresh
/// folder of the session, the session's `python3` runs a small driver there, and the
/// driver's report (`{"score": …}` or `{"error": …}`) becomes the metric's result.
///
/// The code under test runs in the driver's process, so it could print a report of its own; the
/// report line carries a random token, which it would have to find first. A suite that runs for
/// more than `timeout` is stopped and scores 0.
enum PythonTestSuiteRunner {
    /// The metric this runner prepares the result for.
    static let metric = "check_python_file_by_test_suite"
    /// How long the suite may run.
    static let timeout: Duration = .seconds(300)

    /// The driver: `python3 -B -c DRIVER FOLDER SUITE FUNCTION TOKEN`. It imports the suite from
    /// FOLDER (its working directory and first import path), calls FUNCTION, and prints one line
    /// `DESKGYM-TEST-SUITE TOKEN {json}` with the score as OSWorld computes it: a bool as 1 or 0,
    /// a number clamped to 0…1 (`max(0.0, min(1.0, x))`, so NaN gives 1), anything else by its
    /// truth; or an error.
    static let driver = #"""
        import importlib.util, json, math, os, sys
        folder, suite, function, token = sys.argv[1:5]
        real_stdout = sys.stdout
        def report(payload):
            real_stdout.write("\nDESKGYM-TEST-SUITE " + token + " " + json.dumps(payload) + "\n")
            real_stdout.flush()
        try:
            os.chdir(folder)
            sys.path.insert(0, folder)
            spec = importlib.util.spec_from_file_location("deskgym_test_suite", os.path.join(folder, suite))
            if spec is None or spec.loader is None:
                raise ImportError("cannot load " + suite)
            module = importlib.util.module_from_spec(spec)
            sys.modules["deskgym_test_suite"] = module
            spec.loader.exec_module(module)
            test = getattr(module, function, None)
            if test is None:
                raise AttributeError(suite + " has no function " + function)
            if not callable(test):
                raise TypeError(function + " in " + suite + " is not callable")
            value = test()
            if isinstance(value, bool):
                score = 1.0 if value else 0.0
            elif isinstance(value, (int, float)):
                score = max(0.0, min(1.0, float(value)))
            else:
                score = 1.0 if value else 0.0
            report({"score": score})
        except BaseException as error:
            report({"error": type(error).__name__ + ": " + str(error)[:500]})
        """#

    /// The report of running the suite (the expected file) on the result files, as the metric's
    /// new result: `.json({"score": x})` or `.json({"error": why})`.
    static func run(result: GetterValue, expected: GetterValue?, options: [String: JSONValue], context: TaskContext) async -> GetterValue {
        func failure(_ why: String) -> GetterValue { .json(.object(["error": .string(why)])) }
        let files: [URL]
        switch result {
        case .file(let url?): files = [url]
        case .files(let urls): files = urls.compactMap { $0 }
        default: return failure("the result getter gave no files")
        }
        guard case .file(let suite?)? = expected else { return failure("the expected getter gave no test suite file") }
        let function: String
        switch options["test_function_name"] {
        case nil: function = "test"
        case .string(let name)?: function = name
        case let other?: return failure("option test_function_name must be a string, not \(other.typeName)")
        }
        let folder = context.programPath("~/.cache/deskgym/test-suite-\(UUID().uuidString.lowercased())")
        let token = UUID().uuidString
        do {
            for file in try companions(of: files + [suite], in: context.cacheFolder) {
                try await context.session.copyFile(file, toDesktop: context.mapPath(folder + "/" + file.lastPathComponent))
            }
            let run = try await context.session.run(
                program: "python3", arguments: ["-B", "-c", driver, folder, suite.lastPathComponent, function, token], timeout: timeout)
            _ = try? await context.session.run(program: "rm", arguments: ["-rf", "--", folder], timeout: .seconds(60))
            return parse(run.stdout, token: token)
                ?? failure(
                    "the test suite gave no report (exit \(run.exitCode.map(String.init) ?? "none")\(run.timedOut ? ", stopped after \(timeout)" : "")): "
                        + String(run.stderr.suffix(300)))
        } catch {
            _ = try? await context.session.run(program: "rm", arguments: ["-rf", "--", folder], timeout: .seconds(60))
            return failure("running the test suite in the session failed: \(error)")
        }
    }

    /// The most files, and bytes, copied into the session for one run.
    static let fileLimit = 1_000
    static let byteLimit = 256 << 20

    /// What the suite's folder holds: OSWorld runs the suite inside its cache folder, where every
    /// file the task's getters fetched lies (a `vm_file` with `multi` copies all its files there,
    /// though it gives only those of `gives`), so the suite can import them all. These are the
    /// cache folder's files (not its subfolders), and `files` themselves wherever they are.
    static func companions(of files: [URL], in cache: URL) throws -> [URL] {
        let listed =
            (try? FileManager.default.contentsOfDirectory(at: cache, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey])) ?? []
        var chosen: [String: URL] = [:]
        var bytes = 0
        for url in listed.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) + files {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values.isRegularFile == true, chosen[url.lastPathComponent] == nil else { continue }
            bytes += values.fileSize ?? 0
            guard chosen.count < fileLimit, bytes <= byteLimit else {
                throw StepProblem("the task's cache holds more than \(fileLimit) files or \(byteLimit) bytes for the test suite")
            }
            chosen[url.lastPathComponent] = url
        }
        return chosen.values.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The payload of the last report line carrying `token`, or nil.
    static func parse(_ output: String, token: String) -> GetterValue? {
        let prefix = "DESKGYM-TEST-SUITE \(token) "
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }),
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.dropFirst(prefix.count).utf8)),
            value.objectValue != nil
        else { return nil }
        return .json(value)
    }
}
