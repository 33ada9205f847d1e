import DeskgymCore

/// UI-TARS answers: `Thought: …` (or `Reflection: … Action_Summary: …`) followed by `Action: …` with
/// one or more calls such as `click(start_box='<|box_start|>(x1,y1)<|box_end|>')`.
///
/// ```swift
/// let grammar = UITARSGrammar(screen: Size(width: 1920, height: 1080), coordinates: .relative1000)
/// let actions = try grammar.parse("""
///     Thought: The search box is at the top; I'll click it and search.
///     Action: click(start_box='<|box_start|>(500,40)<|box_end|>')
///
///     type(content='deskgym\\n')
///     """)
/// // [.click(button: .left, at: Point(x: 960, y: 43), count: 1), .typing("deskgym"), .press(enter)]
/// ```
///
/// The calls after the first `Action:` at the start of a line (else after the last `Action:`
/// anywhere, else the whole text) are read, up to a closing ``` fence if there is one; several
/// calls are separated by white space (UI-TARS writes a blank line). The model's coordinates are
/// converted to screen pixels with ``coordinates`` and ``screen``; see
/// `docs/action-grammars.md` for every action, the rounding and the choices made.
public struct UITARSGrammar: ActionGrammar {
    /// `uitars`.
    public static let name = "uitars"

    /// The size of the screen the actions are for, in pixels.
    public var screen: Size
    /// What the model's numbers mean.
    public var coordinates: Coordinates
    /// How many wheel clicks one `scroll(…)` turns: 5, as OSWorld's UI-TARS agents
    /// (`pyautogui.scroll(±5)` in `mm_agents/uitars_agent.py` and `uitars15_v1.py`).
    public var scrollClicks: Int
    /// How long `wait()` waits, in seconds: 5, as the UI-TARS prompt tells the model
    /// ("Sleep for 5s and take a screenshot").
    public var waitSeconds: Double

    /// A grammar for a `screen`-sized screen. The defaults (1920x1080, UI-TARS-1.0's 0–1000
    /// coordinates) let ``ActionGrammars/all`` hold one; a real agent passes its screen, and for
    /// UI-TARS-1.5 ``Coordinates/absolute(imageSize:)`` (see ``uiTARS15(screen:resize:)``).
    public init(
        screen: Size = Size(width: 1920, height: 1080), coordinates: Coordinates = .relative1000,
        scrollClicks: Int = 5, waitSeconds: Double = 5
    ) {
        precondition(screen.width > 0 && screen.height > 0, "UITARSGrammar: empty screen \(screen)")
        if case .absolute(let image) = coordinates {
            precondition(image.width > 0 && image.height > 0, "UITARSGrammar: empty image size \(image)")
        }
        self.screen = screen
        self.coordinates = coordinates
        self.scrollClicks = scrollClicks
        self.waitSeconds = waitSeconds
    }

    /// UI-TARS-1.5 on a `screen`-sized screen: absolute coordinates in the screenshot as `resize`
    /// resizes it (by default as the UI-TARS code does: 1920x1080 becomes 1932x1092).
    public static func uiTARS15(screen: Size, resize: SmartResize = .uiTARS) throws(SmartResizeError) -> UITARSGrammar {
        UITARSGrammar(screen: screen, coordinates: .absolute(imageSize: try resize.resized(screen)))
    }

    /// The actions of a model's answer, in order; throws at the first call that is not understood.
    public func parse(_ text: String) throws(ActionParseError) -> [Action] {
        let source = SourceText(text, grammar: Self.name)
        guard !text.trimmingSpaces().isEmpty else {
            throw source.wholeTextError("empty action text")
        }
        var reader = UITARSCallReader(source: source, range: try actionRange(in: source))
        var actions: [Action] = []
        while let call = try reader.nextCall() {
            let callActions = try self.actions(for: call, source: source)
            try ActionLimits.check(callActions, of: call.name, at: call.range, in: source)
            actions += callActions
        }
        return try ActionLimits.actions(
            ofAnswer: actions, in: source,
            expected: "'Action: ' and a call such as "
                + "click(start_box='<|box_start|>(x1,y1)<|box_end|>')")
    }

    private static let marker = Array("Action:".unicodeScalars)
    private static let fence: [Unicode.Scalar] = ["`", "`", "`"]

    /// Where the calls are: after the `Action:` marker, up to a closing fence.
    private func actionRange(in source: SourceText) throws(ActionParseError) -> Range<Int> {
        var markerEnd: Int?
        var lastAnywhere: Int?
        var searchFrom = 0
        while let found = source.find(Self.marker, from: searchFrom) {
            lastAnywhere = found + Self.marker.count
            if source.startsLine(at: found, notBefore: 0) {
                markerEnd = found + Self.marker.count
                break
            }
            searchFrom = found + 1
        }
        if markerEnd == nil, let last = lastAnywhere {
            var from = last
            while let found = source.find(Self.marker, from: from) {
                from = found + Self.marker.count
            }
            markerEnd = from
        }
        if markerEnd == nil {
            let first = source.trimmed(0..<source.count)
            let opening = source.text(first.lowerBound..<min(first.upperBound, first.lowerBound + 16))
            for label in ["Thought:", "Reflection:", "Action_Summary:"] where opening.hasPrefix(label) {
                throw source.error(
                    first.lowerBound..<source.endOfLine(from: first.lowerBound),
                    "no 'Action:' found after '\(label)': a UI-TARS answer ends with "
                        + "'Action: ' and the action, such as "
                        + "click(start_box='<|box_start|>(x1,y1)<|box_end|>')")
            }
        }
        var start = markerEnd ?? 0
        let firstCode = source.trimmed(start..<source.count).lowerBound
        if source.matches(Self.fence, at: firstCode) {
            // The calls are inside a fence (```, ```python): they start on the next line.
            start = min(source.endOfLine(from: firstCode) + 1, source.count)
        }
        // A fence at the start of a line closes the answer (one inside a string does not).
        var end = source.count
        var from = start
        while let fence = source.find(Self.fence, from: from) {
            if source.startsLine(at: fence, notBefore: start) {
                end = fence
                break
            }
            from = fence + Self.fence.count
        }
        return start..<end
    }
}
