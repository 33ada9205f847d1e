import DeskgymCore
import Foundation

/// OSWorld's metric functions, reimplemented with OSWorld's semantics. Each compares a fetched
/// `result` with an `expected` value (a file, or the `rules` of a `rule` getter) under `options`,
/// and gives a score in 0…1.
///
/// A missing or unreadable result scores 0 with the reason; only a task that names an unknown
/// metric or writes its options wrongly makes `evaluate` throw.
public enum Metric {
    /// One metric: result, expected, options, context → outcome.
    typealias Implementation =
        @Sendable (MetricInput, MetricInput, [String: JSONValue], MetricContext) throws(MetricError)
        -> MetricOutcome

    /// Computes the metric `name` (an OSWorld metric name such as `exact_match`).
    ///
    /// - Parameters:
    ///   - name: the metric, as the task's `evaluator.func` names it.
    ///   - result: what the `result` getter fetched (`.none` when nothing was).
    ///   - expected: what the `expected` getter fetched (`.none` when the task gives none).
    ///   - options: the task's `evaluator.options` for this metric.
    ///   - context: the episode's facts a metric may need (the last action, a YAML decoder).
    /// - Throws: `MetricError` for an unknown name (with the closest known names), options of the
    ///   wrong shape, or an input of the wrong kind.
    public static func evaluate(
        name: String, result: MetricInput, expected: MetricInput,
        options: [String: JSONValue] = [:], context: MetricContext = MetricContext()
    )
        throws(MetricError) -> MetricOutcome
    {
        guard let implementation = implementations[name] else {
            throw MetricError(
                .unknownMetric, metric: name, "is not a metric Deskgym implements",
                suggestions: MetricRegistry.closest(to: name))
        }
        return try implementation(result, expected, options, context)
    }

    /// The core metrics by name (see `implementations` for all of them).
    static let coreImplementations: [String: Implementation] = [
        "exact_match": { result, expected, _, _ throws(MetricError) in
            try exactMatch(result: result.pythonValue, rules: expected.rules(for: "exact_match"))
        },
        "check_include_exclude": { result, expected, _, _ throws(MetricError) in
            try checkIncludeExclude(result: result.pythonValue, rules: expected.rules(for: "check_include_exclude"))
        },
        "match_in_list": { result, expected, _, _ throws(MetricError) in
            try matchInList(result: result.pythonValue, rules: expected.rules(for: "match_in_list"))
        },
        "literal_match": { result, expected, options, _ throws(MetricError) in
            try literalMatch(result: result.pythonValue, expected: expected.pythonValue, options: options)
        },
        "check_accessibility_tree": { result, expected, _, _ throws(MetricError) in
            guard case .json(let value) = expected, let rules = value.arrayValue else {
                throw MetricError(
                    .wrongInput, metric: "check_accessibility_tree",
                    "expects a list of rules (a `rule` getter's `rules`) as its expected value, not \(expected.kindName)")
            }
            return try checkAccessibilityTree(result: result, rules: rules)
        },
        "is_in_list": { result, expected, _, _ throws(MetricError) in
            try isInList(result: result.pythonValue, rules: expected.rules(for: "is_in_list"))
        },
        "fuzzy_match": { result, expected, _, _ throws(MetricError) in
            try fuzzyMatch(result: result.pythonValue, rules: expected.rules(for: "fuzzy_match"))
        },
        "diff_text_file": { result, expected, _, _ throws(MetricError) in
            try diffTextFile(
                result: result.file(for: "diff_text_file", role: "result"),
                expected: expected.file(for: "diff_text_file", role: "expected"))
        },
        "compare_text_file": { result, expected, options, _ throws(MetricError) in
            try compareTextFile(
                result: result.file(for: "compare_text_file", role: "result"),
                expected: expected.file(for: "compare_text_file", role: "expected"), options: options)
        },
        "file_contains": { result, expected, _, _ throws(MetricError) in
            try fileContains(
                result: result.file(for: "file_contains", role: "result"),
                rules: expected.rules(for: "file_contains"))
        },
        "check_line_number": { result, expected, _, _ throws(MetricError) in
            try checkLineNumber(
                result: result.file(for: "check_line_number", role: "result"),
                rules: expected.rules(for: "check_line_number"))
        },
        "check_list": { result, expected, _, _ throws(MetricError) in
            try checkList(result: result.file(for: "check_list", role: "result"), rules: expected.rules(for: "check_list"))
        },
        "check_csv": { result, expected, _, _ throws(MetricError) in
            try checkCSV(result: result.file(for: "check_csv", role: "result"), rules: expected.rules(for: "check_csv"))
        },
        "compare_csv": { result, expected, options, _ throws(MetricError) in
            try compareCSV(
                result: result.file(for: "compare_csv", role: "result"),
                expected: expected.files(for: "compare_csv", role: "expected"), options: options)
        },
        "check_json": { result, expected, options, context throws(MetricError) in
            try checkJSON(
                result: result.file(for: "check_json", role: "result"), rules: expected.rules(for: "check_json"),
                options: options, yamlDecoder: context.yamlDecoder)
        },
        "check_direct_json_object": { result, expected, _, _ throws(MetricError) in
            try checkDirectJSONObject(result: result.pythonValue, rules: expected.rules(for: "check_direct_json_object"))
        },
        "check_json_settings": { result, expected, _, _ throws(MetricError) in
            try checkJSONSettings(
                result: result.file(for: "check_json_settings", role: "result"),
                rules: expected.rules(for: "check_json_settings"))
        },
        "compare_table": { result, expected, options, _ throws(MetricError) in
            try compareTable(
                result: result.file(for: "compare_table", role: "result"),
                expected: expected.file(for: "compare_table", role: "expected"), options: options)
        },
        "is_expected_tabs": { r, e, _, _ throws(MetricError) in
            try isExpectedTabs(result: r.pythonValue, rules: e.rules(for: "is_expected_tabs"))
        },
        "is_expected_active_tab": { r, e, _, _ throws(MetricError) in
            try isExpectedActiveTab(result: r.pythonValue, rules: e.rules(for: "is_expected_active_tab"))
        },
        "is_expected_active_tab_approximate": { r, e, _, _ throws(MetricError) in
            try isExpectedActiveTabApproximate(result: r.pythonValue, rules: e.rules(for: "is_expected_active_tab_approximate"))
        },
        "is_expected_url_pattern_match": { r, e, _, _ throws(MetricError) in
            try isExpectedURLPatternMatch(result: r.pythonValue, rules: e.rules(for: "is_expected_url_pattern_match"))
        },
        "is_expected_search_query": { r, e, _, _ throws(MetricError) in
            try isExpectedSearchQuery(result: r.pythonValue, rules: e.rules(for: "is_expected_search_query"))
        },
        "is_expected_bookmarks": { r, e, _, _ throws(MetricError) in
            try isExpectedBookmarks(result: r.pythonValue, rules: e.rules(for: "is_expected_bookmarks"))
        },
        "compare_images": { result, expected, options, _ throws(MetricError) in
            try compareImages(
                result: result.file(for: "compare_images", role: "result"),
                expected: expected.file(for: "compare_images", role: "expected"), options: options)
        },
        // OSWorld's GIMP image metrics (Metric+ImageStructure.swift, Metric+ImageChecks.swift).
        "check_structure_sim": { r, e, _, _ throws(MetricError) in
            checkStructureSim(
                result: try r.file(for: "check_structure_sim", role: "result"),
                expected: try e.file(for: "check_structure_sim", role: "expected"))
        },
        "check_structure_sim_resized": { r, e, _, _ throws(MetricError) in
            checkStructureSimResized(
                result: try r.file(for: "check_structure_sim_resized", role: "result"),
                expected: try e.file(for: "check_structure_sim_resized", role: "expected"))
        },
        "check_structure_sim_with_threshold": { r, e, options, _ throws(MetricError) in
            try checkStructureSimWithThreshold(
                result: r.file(for: "check_structure_sim_with_threshold", role: "result"),
                expected: e.file(for: "check_structure_sim_with_threshold", role: "expected"), options: options)
        },
        "check_brightness_decrease_and_structure_sim": { r, e, options, _ throws(MetricError) in
            try checkBrightnessDecreaseAndStructureSim(
                result: r.file(for: "check_brightness_decrease_and_structure_sim", role: "result"),
                expected: e.file(for: "check_brightness_decrease_and_structure_sim", role: "expected"), options: options)
        },
        "check_contrast_increase_and_structure_sim": { r, e, _, _ throws(MetricError) in
            checkContrastIncreaseAndStructureSim(
                result: try r.file(for: "check_contrast_increase_and_structure_sim", role: "result"),
                expected: try e.file(for: "check_contrast_increase_and_structure_sim", role: "expected"))
        },
        "check_saturation_increase_and_structure_sim": { r, e, _, _ throws(MetricError) in
            checkSaturationIncreaseAndStructureSim(
                result: try r.file(for: "check_saturation_increase_and_structure_sim", role: "result"),
                expected: try e.file(for: "check_saturation_increase_and_structure_sim", role: "expected"))
        },
        "check_palette_and_structure_sim": { r, e, _, _ throws(MetricError) in
            checkPaletteAndStructureSim(
                result: try r.file(for: "check_palette_and_structure_sim", role: "result"),
                expected: try e.file(for: "check_palette_and_structure_sim", role: "expected"))
        },
        "check_file_exists_and_structure_sim": { r, e, _, _ throws(MetricError) in
            checkFileExistsAndStructureSim(
                result: try r.file(for: "check_file_exists_and_structure_sim", role: "result"),
                expected: try e.file(for: "check_file_exists_and_structure_sim", role: "expected"))
        },
        "check_image_mirror": { r, e, _, _ throws(MetricError) in
            checkImageMirror(
                result: try r.file(for: "check_image_mirror", role: "result"),
                expected: try e.file(for: "check_image_mirror", role: "expected"))
        },
        "check_image_size": { r, e, _, _ throws(MetricError) in
            checkImageSize(result: try r.file(for: "check_image_size", role: "result"), rules: try e.rules(for: "check_image_size"))
        },
        "check_image_file_size": { r, e, _, _ throws(MetricError) in
            try checkImageFileSize(
                result: r.file(for: "check_image_file_size", role: "result"), rules: e.rules(for: "check_image_file_size"))
        },
        "check_green_background": { r, e, _, _ throws(MetricError) in
            checkGreenBackground(
                result: try r.file(for: "check_green_background", role: "result"),
                expected: try e.file(for: "check_green_background", role: "expected"))
        },
        "check_triangle_position": { r, _, _, _ throws(MetricError) in
            checkTrianglePosition(result: try r.file(for: "check_triangle_position", role: "result"))
        },
        "check_image_stretch_and_center": { r, e, _, _ throws(MetricError) in
            checkImageStretchAndCenter(
                result: try r.file(for: "check_image_stretch_and_center", role: "result"),
                expected: try e.file(for: "check_image_stretch_and_center", role: "expected"))
        },
        "compare_image_list": { r, e, _, _ throws(MetricError) in
            compareImageList(
                results: try r.imageList(for: "compare_image_list", role: "result"),
                expected: try e.imageList(for: "compare_image_list", role: "expected"))
        },
        "run_sqlite3": { result, expected, _, _ throws(MetricError) in
            try runSQLite3(result: result.file(for: "run_sqlite3", role: "result"), rules: expected.rules(for: "run_sqlite3"))
        },
        "compare_docx_files": { result, expected, options, _ throws(MetricError) in
            try compareDocxFiles(
                result: result.file(for: "compare_docx_files", role: "result"),
                expected: expected.file(for: "compare_docx_files", role: "expected"), options: options)
        },
        "compare_pptx_files": { result, expected, options, _ throws(MetricError) in
            try comparePptxFiles(
                result: result.file(for: "compare_pptx_files", role: "result"),
                expected: expected.file(for: "compare_pptx_files", role: "expected"), options: options)
        },
        "compare_docx_tables": { result, expected, _, _ throws(MetricError) in
            try compareDocxTables(
                result: result.file(for: "compare_docx_tables", role: "result"),
                expected: expected.file(for: "compare_docx_tables", role: "expected"))
        },
        "compare_pdfs": { result, expected, _, _ throws(MetricError) in
            try comparePDFs(result: result, expected: expected)
        },
        "compare_archive": { result, expected, options, _ throws(MetricError) in
            try compareArchive(
                result: result.file(for: "compare_archive", role: "result"),
                expected: expected.file(for: "compare_archive", role: "expected"), options: options)
        },
        "check_thunderbird_prefs": { result, expected, _, _ throws(MetricError) in
            try checkThunderbirdPrefs(
                result: result.file(for: "check_thunderbird_prefs", role: "result"),
                rules: expected.rules(for: "check_thunderbird_prefs"))
        },
        "is_extension_installed": { result, expected, _, _ throws(MetricError) in
            try isExtensionInstalled(result: result.pythonValue, rules: expected.rules(for: "is_extension_installed"))
        },
        "compare_line_spacing": { r, e, _, _ throws(MetricError) in
            compareLineSpacing(
                result: try r.file(for: "compare_line_spacing", role: "result"),
                expected: try e.file(for: "compare_line_spacing", role: "expected"))
        },
        "compare_docx_images": { r, e, _, _ throws(MetricError) in
            compareDocxImages(
                result: try r.file(for: "compare_docx_images", role: "result"),
                expected: try e.file(for: "compare_docx_images", role: "expected"))
        },
        "compare_font_names": { r, e, _, _ throws(MetricError) in
            try compareFontNames(result: r.file(for: "compare_font_names", role: "result"), rules: e.rules(for: "compare_font_names"))
        },
        "contains_page_break": { r, e, _, _ throws(MetricError) in
            containsPageBreak(
                result: try r.file(for: "contains_page_break", role: "result"),
                rules: e == .none ? nil : try e.rules(for: "contains_page_break"))
        },
        "has_page_numbers_in_footers": { r, _, _, _ throws(MetricError) in
            hasPageNumbersInFooters(result: try r.file(for: "has_page_numbers_in_footers", role: "result"))
        },
        "is_first_line_centered": { r, _, _, _ throws(MetricError) in
            isFirstLineCentered(result: try r.file(for: "is_first_line_centered", role: "result"))
        },
        "check_italic_font_size_14": { r, e, _, _ throws(MetricError) in
            checkItalicFontSize14(
                result: try r.file(for: "check_italic_font_size_14", role: "result"),
                expected: try e.file(for: "check_italic_font_size_14", role: "expected"))
        },
        "evaluate_strike_through_last_paragraph": { r, e, _, _ throws(MetricError) in
            evaluateStrikeThroughLastParagraph(
                result: try r.file(for: "evaluate_strike_through_last_paragraph", role: "result"),
                expected: try e.file(for: "evaluate_strike_through_last_paragraph", role: "expected"))
        },
        "compare_subscript_contains": { r, e, _, _ throws(MetricError) in
            compareSubscriptContains(
                result: try r.file(for: "compare_subscript_contains", role: "result"),
                expected: try e.file(for: "compare_subscript_contains", role: "expected"))
        },
        "check_tabstops": { r, e, options, _ throws(MetricError) in
            try checkTabstops(
                result: r.file(for: "check_tabstops", role: "result"),
                expected: e.file(for: "check_tabstops", role: "expected"), options: options)
        },
        "evaluate_colored_words_in_tables": { r, e, options, _ throws(MetricError) in
            try evaluateColoredWordsInTables(
                result: r.file(for: "evaluate_colored_words_in_tables", role: "result"),
                expected: e.file(for: "evaluate_colored_words_in_tables", role: "expected"), options: options)
        },
        "compare_docx_files_and_ignore_new_lines": { r, e, options, _ throws(MetricError) in
            compareDocxFilesIgnoringNewLines(
                result: try r.file(for: "compare_docx_files_and_ignore_new_lines", role: "result"),
                expected: try e.file(for: "compare_docx_files_and_ignore_new_lines", role: "expected"),
                options: options)
        },
        "find_default_font": { r, e, _, _ throws(MetricError) in
            try findDefaultFont(result: r.file(for: "find_default_font", role: "result"), rules: e.rules(for: "find_default_font"))
        },
        "check_slide_orientation_Portrait": { r, _, _, _ throws(MetricError) in
            checkSlideOrientationPortrait(result: try r.file(for: "check_slide_orientation_Portrait", role: "result"))
        },
        "check_transition": { r, e, _, _ throws(MetricError) in
            try checkTransition(result: r.file(for: "check_transition", role: "result"), rules: e.rules(for: "check_transition"))
        },
        "check_presenter_console_disable": { r, _, _, _ throws(MetricError) in
            checkPresenterConsoleDisable(result: try r.file(for: "check_presenter_console_disable", role: "result"))
        },
        "check_auto_saving_time": { r, e, _, _ throws(MetricError) in
            try checkAutoSavingTime(
                result: r.file(for: "check_auto_saving_time", role: "result"), rules: e.rules(for: "check_auto_saving_time"))
        },
        "check_textbox_on_leftside": { r, _, _, _ throws(MetricError) in
            checkTextboxOnLeftside(result: try r.file(for: "check_textbox_on_leftside", role: "result"))
        },
        "check_page_number_colors": { r, e, _, _ throws(MetricError) in
            try checkPageNumberColors(
                result: r.file(for: "check_page_number_colors", role: "result"),
                rules: e.rules(for: "check_page_number_colors"))
        },
        "evaluate_presentation_fill_to_rgb_distance": { r, e, _, _ throws(MetricError) in
            try evaluatePresentationFillToRGBDistance(
                result: r.file(for: "evaluate_presentation_fill_to_rgb_distance", role: "result"),
                rules: e.rules(for: "evaluate_presentation_fill_to_rgb_distance"))
        },
        "infeasible": { _, _, _, context throws(MetricError) in
            infeasible(lastActionWasFail: context.lastActionWasFail)
        },
    ]

    /// OSWorld's `infeasible`: the task cannot be done, so the agent scores 1 exactly when its last
    /// action was FAIL.
    public static func infeasible(lastActionWasFail: Bool) -> MetricOutcome {
        .check(lastActionWasFail, else: "the task is infeasible and the agent's last action was not FAIL")
    }
}
