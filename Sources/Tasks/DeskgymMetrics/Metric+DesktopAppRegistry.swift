import DeskgymCore
import Foundation

/// The metrics of OSWorld's VS Code, Thunderbird, GIMP-configuration, OS and multi-app tasks,
/// registered apart from the core ones in `Metric.swift` so that each group's list stays small.
extension Metric {
    /// Every metric `evaluate` knows: the core ones and the desktop-application ones.
    static let implementations: [String: Implementation] = coreImplementations.merging(desktopAppImplementations) { core, _ in core }

    /// The metrics on desktop applications' files and settings, by OSWorld name.
    static let desktopAppImplementations: [String: Implementation] = [
        "check_config_status": { r, e, _, _ throws(MetricError) in
            try checkConfigStatus(result: r.file(for: "check_config_status", role: "result"), rules: e.rules(for: "check_config_status"))
        },
        "compare_config": { r, e, _, _ throws(MetricError) in
            try compareConfig(result: r.file(for: "compare_config", role: "result"), rules: e.rules(for: "compare_config"))
        },
        "check_json_keybindings": { r, e, _, _ throws(MetricError) in
            try checkJSONKeybindings(
                result: r.file(for: "check_json_keybindings", role: "result"), rules: e.rules(for: "check_json_keybindings"))
        },
        "check_python_file_by_test_suite": { r, _, _, _ throws(MetricError) in
            checkPythonFileByTestSuite(result: r)
        },
        "compare_python_pure_text": { r, e, _, _ throws(MetricError) in
            comparePythonPureText(
                result: try r.file(for: "compare_python_pure_text", role: "result"),
                expected: try e.file(for: "compare_python_pure_text", role: "expected"))
        },
        "check_thunderbird_filter": { r, e, _, _ throws(MetricError) in
            try checkThunderbirdFilter(
                result: r.file(for: "check_thunderbird_filter", role: "result"), rules: e.rules(for: "check_thunderbird_filter"))
        },
        "check_thunderbird_folder": { r, e, options, _ throws(MetricError) in
            try checkThunderbirdFolder(result: r, expected: e, options: options)
        },
        "compare_result_files": { r, e, _, _ throws(MetricError) in
            compareResultFiles(
                result: try r.file(for: "compare_result_files", role: "result"),
                expected: try e.file(for: "compare_result_files", role: "expected"))
        },
        "compare_zip_files": { r, e, _, _ throws(MetricError) in
            try compareZipFiles(
                result: r.file(for: "compare_zip_files", role: "result"), expected: e.file(for: "compare_zip_files", role: "expected"))
        },
        "compare_references": { r, e, options, _ throws(MetricError) in
            try compareReferences(
                result: r.file(for: "compare_references", role: "result"), expected: e.file(for: "compare_references", role: "expected"),
                options: options)
        },
        "compare_unique_train_records": { r, e, _, _ throws(MetricError) in
            compareUniqueTrainRecords(
                result: try r.file(for: "compare_unique_train_records", role: "result"),
                expected: try e.files(for: "compare_unique_train_records", role: "expected"))
        },
        "fuzzy_place_math": { r, e, _, _ throws(MetricError) in
            try fuzzyPlaceMath(result: r.file(for: "fuzzy_place_math", role: "result"), rules: e.rules(for: "fuzzy_place_math"))
        },
        "is_utc_0": { r, _, _, _ throws(MetricError) in
            isUTC0(result: r.pythonValue)
        },
        "check_gnome_favorite_apps": { r, e, _, _ throws(MetricError) in
            try checkGnomeFavoriteApps(result: r.pythonValue, rules: e.rules(for: "check_gnome_favorite_apps"))
        },
        "check_moved_jpgs": { r, e, _, _ throws(MetricError) in
            try checkMovedJPGs(result: r.pythonValue, rules: e.rules(for: "check_moved_jpgs"))
        },
        // OSWorld's tasks give the rules as the result and the clipboard as the expected value.
        "is_in_vm_clickboard": { r, e, _, _ throws(MetricError) in
            if r == .none { return .fail("no rules (the result getter gave nothing)") }
            return try isInVMClipboard(rules: r.rules(for: "is_in_vm_clickboard"), clipboard: e.pythonValue)
        },
        "check_pdf_pages": { r, e, _, _ throws(MetricError) in
            try checkPDFPages(result: r.file(for: "check_pdf_pages", role: "result"), rules: e.rules(for: "check_pdf_pages"))
        },
        "check_left_panel": { r, _, _, _ throws(MetricError) in
            checkLeftPanel(result: r.pythonValue)
        },
        "compare_htmls": { r, e, options, _ throws(MetricError) in
            compareHTMLs(
                result: try r.file(for: "compare_htmls", role: "result"), expected: try e.file(for: "compare_htmls", role: "expected"),
                options: options)
        },
        "is_shortcut_on_desktop": { r, e, _, _ throws(MetricError) in
            try isShortcutOnDesktop(result: r.pythonValue, rules: e.rules(for: "is_shortcut_on_desktop"))
        },
    ]
}
