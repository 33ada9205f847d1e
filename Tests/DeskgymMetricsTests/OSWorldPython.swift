import DeskgymCore
import Foundation

/// Calls a function of OSWorld's own metrics (PyPI `desktop-env`, as installed for
/// /usr/bin/python3) on the same inputs as a Swift test, to check that Deskgym agrees with it.
///
/// Only the metric's module file runs: the `desktop_env` packages are stand-ins whose folders
/// point at the installed ones (so their `__init__` files, which import every metric, do not
/// run), and any module the interpreter lacks (lxml, docx, PyPDF2, …) is a `MagicMock`, which is
/// enough for the functions that do not use it. Without desktop-env the calls give nil and the
/// tests assert Deskgym's values alone.
///
/// `DESKGYM_OSWORLD_PYTHON` and `DESKGYM_OSWORLD_PACKAGE` name another interpreter and its
/// desktop_env folder (with `PYTHONPATH` passed through), for the functions that need modules
/// /usr/bin/python3 lacks (BeautifulSoup, python-docx, pypdf): a call names them in `requiring`
/// and gives nil when they are missing rather than running on stand-ins.
enum OSWorldPython {
    static let interpreter = ProcessInfo.processInfo.environment["DESKGYM_OSWORLD_PYTHON"] ?? "/usr/bin/python3"
    static let package =
        ProcessInfo.processInfo.environment["DESKGYM_OSWORLD_PACKAGE"] ?? "/usr/local/lib/python3.11/dist-packages/desktop_env"

    /// Whether OSWorld's metrics are there to call.
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: interpreter)
            && FileManager.default.fileExists(atPath: package + "/evaluators/metrics/vscode.py")
    }

    static let harness = #"""
        import importlib, importlib.abc, importlib.machinery, json, sys, types
        from unittest import mock
        package, module_name, function, arguments, required = sys.argv[1:6]
        for name in filter(None, required.split(",")):
            try:
                importlib.import_module(name)
            except ImportError:
                print(json.dumps({"unavailable": name}))
                sys.exit(0)
        class Stubs(importlib.abc.MetaPathFinder, importlib.abc.Loader):
            def find_spec(self, name, path, target=None):
                return importlib.machinery.ModuleSpec(name, self, is_package=True)
            def create_module(self, spec):
                module = mock.MagicMock(name=spec.name)
                module.__path__ = []
                module.__spec__ = spec
                module.__name__ = spec.name
                return module
            def exec_module(self, module):
                pass
        sys.meta_path.append(Stubs())
        for name, folder in [("desktop_env", ""), ("desktop_env.evaluators", "/evaluators"),
                             ("desktop_env.evaluators.metrics", "/evaluators/metrics"),
                             ("desktop_env.evaluators.getters", "/evaluators/getters")]:
            stand_in = types.ModuleType(name)
            stand_in.__path__ = [package + folder]
            sys.modules[name] = stand_in
        # Heavy packages the metrics import but these functions do not use: stand-ins even when
        # installed (scikit-image's lazy loader trips over a stand-in SciPy).
        for name in ["skimage", "skimage.color", "skimage.metrics", "easyocr", "cv2"]:
            sys.modules[name] = mock.MagicMock(name=name)
        try:
            module = importlib.import_module("desktop_env.evaluators.metrics." + module_name)
        except Exception as error:
            print(json.dumps({"unavailable": "importing " + module_name + ": " + repr(error)}))
            sys.exit(0)
        call = json.loads(arguments)
        try:
            value = getattr(module, function)(*call["args"], **call["kwargs"])
            print(json.dumps({"value": value}))
        except Exception as error:
            print(json.dumps({"raised": type(error).__name__}))
        """#

    /// What OSWorld's `module.function(*args, **kwargs)` returns: `{"value": …}` or, when it
    /// raises, `{"raised": "ExceptionName"}`; nil without desktop-env.
    static func call(
        _ module: String, _ function: String, _ args: [JSONValue], _ kwargs: [String: JSONValue] = [:], requiring: [String] = []
    ) throws -> JSONValue? {
        guard isAvailable else { return nil }
        let call = JSONValue.object(["args": .array(args), "kwargs": .object(kwargs)])
        let arguments = String(decoding: try JSONEncoder().encode(call), as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = ["-c", harness, package, module, function, arguments, requiring.joined(separator: ",")]
        let output = Pipe()
        process.standardOutput = output
        // Only the report matters; stderr unread could fill its pipe and stall the interpreter.
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // The functions print as they go (is_in_vm_clickboard does): the report is the last line.
        guard let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last else { return .null }
        return try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
    }

    /// OSWorld's score for the call as a number (a bool as 0 or 1), or nil when desktop-env is
    /// missing; a call that raises gives 0, as an evaluation that fails does.
    static func score(
        _ module: String, _ function: String, _ args: [JSONValue], _ kwargs: [String: JSONValue] = [:], requiring: [String] = []
    ) throws -> Double? {
        guard let report = try call(module, function, args, kwargs, requiring: requiring) else { return nil }
        if report.objectValue?["unavailable"] != nil { return nil }
        if report.objectValue?["raised"] != nil { return 0 }
        switch report.objectValue?["value"] {
        case .number(let number)?: return number
        case .bool(let flag)?: return flag ? 1 : 0
        default: return nil
        }
    }
}
