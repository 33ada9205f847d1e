import DeskgymCore
import Foundation

/// The metrics on the desktop's own settings and files (OSWorld's `basic_os.py`).
extension Metric {
    /// `is_utc_0`: the fourth line of `timedatectl status` output (the `Time zone:` line in the
    /// layout OSWorld expects) ends with `+0000)`. Output of fewer than four lines scores 0 (OSWorld
    /// raises on it).
    public static func isUTC0(result: JSONValue?) -> MetricOutcome {
        guard case .string(let output)? = result else { return .fail("no timedatectl output") }
        // Python's `split("\n")`: only "\n" separates, and empty pieces count.
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 3 else {
            return .fail("timedatectl output has \(lines.count) line(s); the time zone is expected on the fourth")
        }
        let line = String(lines[3])
        return .check(line.hasSuffix("+0000)"), else: "the time zone line \(line.pythonRepr.clipped) does not end with '+0000)'")
    }

    /// `check_gnome_favorite_apps`: the result is `gsettings get org.gnome.shell favorite-apps`
    /// output, a Python list literal of strings, which must hold as many names as
    /// `rules.expected` and the same set of them.
    ///
    /// OSWorld `eval`s the output; Deskgym reads only a list (or tuple) of string literals, so
    /// GVariant's `@as []` for an empty list — which `eval` rejects too — scores 0 here as there.
    public static func checkGnomeFavoriteApps(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "check_gnome_favorite_apps"
        if rules["expected"] == nil { throw MetricError(.malformedOptions, metric: metric, "rules.expected is missing") }
        let expected = try rules.strings("expected", metric: metric)
        guard case .string(let output)? = result else { return .fail("no gsettings output") }
        let apps: [String]
        do { apps = try PythonLiteral.stringList(output) } catch {
            return .fail("gsettings output \(output.pythonStrip().pythonRepr.clipped) is not a list of strings: \(error)")
        }
        return sameNames(apps, expected, what: "favorite apps")
    }

    /// `check_moved_jpgs`: the result is a `list_directory` tree; the names of its children (files
    /// and folders alike) must be as many as `rules.expected` and the same set.
    public static func checkMovedJPGs(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "check_moved_jpgs"
        if rules["expected"] == nil { throw MetricError(.malformedOptions, metric: metric, "rules.expected is missing") }
        let expected = try rules.strings("expected", metric: metric)
        guard let tree = result?.objectValue else { return .fail("the folder was not found (no directory tree)") }
        guard case .array(let children)? = tree["children"] else { return .fail("the directory tree has no 'children' list") }
        var names: [String] = []
        for (index, child) in children.enumerated() {
            guard case .string(let name)? = child.objectValue?["name"] else {
                return .fail("children[\(index)] of the directory tree has no 'name' string")
            }
            names.append(name)
        }
        return sameNames(names, expected, what: "files in the folder")
    }

    /// `is_in_vm_clickboard`: note OSWorld's argument order — the `result` getter gives the rules
    /// and the `expected` getter the clipboard text (`xsel --clipboard --output`). `rules.expected`
    /// (a string, or a list of strings that must all be there) must occur in the clipboard text.
    public static func isInVMClipboard(rules: [String: JSONValue], clipboard: JSONValue?) throws(MetricError) -> MetricOutcome {
        let metric = "is_in_vm_clickboard"
        let wanted = try rules.required("expected", metric: metric)
        guard case .string(let text)? = clipboard else { return .fail("no clipboard text") }
        let needles: [JSONValue]
        if case .array(let items) = wanted { needles = items } else { needles = [wanted] }
        for needle in needles {
            // Python's `in` on a str needs a str: anything else raises, which scores 0 here.
            guard case .string(let string) = needle else {
                return .fail("rules.expected holds \(needle.pythonRepr.clipped), which is not a string")
            }
            if !text.pythonContains(string) {
                return .fail("\(string.pythonRepr.clipped) is not in the clipboard (\(text.pythonRepr.clipped))")
            }
        }
        return .pass
    }

    /// Python's `len(a) == len(b) and set(a) == set(b)`, with a reason naming the difference.
    static func sameNames(_ got: [String], _ expected: [String], what: String) -> MetricOutcome {
        guard got.count == expected.count else {
            return .fail("\(got.count) \(what), expected \(expected.count): \(got.sorted().joined(separator: ", ").clipped)")
        }
        let missing = Set(expected).subtracting(got).sorted(), extra = Set(got).subtracting(expected).sorted()
        guard missing.isEmpty, extra.isEmpty else {
            return .fail(
                "\(what) differ: missing \(missing.joined(separator: ", ").clipped); unexpected \(extra.joined(separator: ", ").clipped)")
        }
        return .pass
    }
}
