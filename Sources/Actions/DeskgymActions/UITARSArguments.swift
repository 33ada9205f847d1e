import DeskgymCore

/// The arguments of one UI-TARS call, checked against its function, with conversions that name the
/// argument at fault (by the name the model wrote).
struct UITARSArguments {
    let function: UITARSFunction
    let call: UITARSCall
    private let source: SourceText
    private var values: [String: UITARSCall.Argument] = [:]

    init(function: UITARSFunction, call: UITARSCall, source: SourceText) throws(ActionParseError) {
        self.function = function
        self.call = call
        self.source = source
        for argument in call.arguments {
            let canonical = UITARSFunction.aliases[argument.name] ?? argument.name
            guard function.parameters.contains(canonical) else {
                var message = "\(call.name): unknown argument '\(argument.name.excerpt)'"
                if function.parameters.isEmpty {
                    message += "; \(call.name)() takes no arguments"
                } else if let near = nearest(
                    to: argument.name,
                    among: function.parameters
                        + UITARSFunction.aliases.keys.filter {
                            function.parameters.contains(UITARSFunction.aliases[$0]!)
                        })
                {
                    message += "; did you mean '\(near)'?"
                } else {
                    message += "; it takes " + function.parameters.map { "'\($0)'" }.joined(separator: ", ")
                }
                throw source.error(argument.nameRange, message)
            }
            if let earlier = values[canonical] {
                let message =
                    earlier.name == argument.name
                    ? "argument '\(argument.name.excerpt)' is given twice"
                    : "'\(earlier.name.excerpt)' and '\(argument.name.excerpt)' are the same argument; give one of them"
                throw source.error(argument.nameRange, "\(call.name): \(message)")
            }
            values[canonical] = argument
        }
    }

    subscript(name: String) -> UITARSCall.Argument? { values[name] }

    func error(_ argument: UITARSCall.Argument, _ message: String) -> ActionParseError {
        source.error(argument.valueRange, "\(call.name): \(argument.name) \(message)")
    }

    func required(_ name: String) throws(ActionParseError) -> UITARSCall.Argument {
        guard let argument = values[name] else {
            throw source.error(call.range, "\(call.name): missing argument '\(name)'")
        }
        return argument
    }

    /// How a value is shown in a message: as written in the answer.
    func written(_ argument: UITARSCall.Argument) -> String {
        source.snippet(argument.valueRange)
    }

    /// The point a box argument names on the screen, or nil when the argument is absent.
    ///
    /// The box may be `<|box_start|>(x,y)<|box_end|>`, `<point>x y</point>`, `<bbox>x1 y1 x2
    /// y2</bbox>`, or the numbers alone in `(…)` or `[…]`; two numbers are a point, four a box whose
    /// centre is taken. Every number must lie in the grid.
    func point(_ name: String, grid: CoordinateGrid, screen: Size) throws(ActionParseError) -> Point? {
        guard let argument = values[name] else { return nil }
        var text = argument.value
        for tag in ["<|box_start|>", "<|box_end|>", "<point>", "</point>", "<bbox>", "</bbox>"] {
            text = text.replacing(tag, with: " ")
        }
        text = String(text.filter { !"()[]".contains($0) })
        let parts = text.split { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" }.map(String.init)
        let numbers = parts.compactMap(Double.init)
        guard numbers.count == parts.count, numbers.count == 2 || numbers.count == 4 else {
            throw error(
                argument,
                "must be a point '<|box_start|>(x,y)<|box_end|>' (or '<point>x y</point>') "
                    + "or a box (x1,y1,x2,y2), got \(written(argument))")
        }
        for (index, number) in numbers.enumerated() {
            let axis: CoordinateGrid.Axis = index % 2 == 0 ? .x : .y
            if let problem = grid.rangeProblem(number, axis: axis) {
                throw error(argument, "\(axis == .x ? "x" : "y") \(parts[index].excerpt) \(problem)")
            }
        }
        let x = numbers.count == 4 ? (numbers[0] + numbers[2]) / 2 : numbers[0]
        let y = numbers.count == 4 ? (numbers[1] + numbers[3]) / 2 : numbers[1]
        return Point(x: grid.pixel(x, axis: .x, screen: screen), y: grid.pixel(y, axis: .y, screen: screen))
    }

    func button() throws(ActionParseError) -> MouseButton {
        guard let argument = values["button"] else { return .left }
        guard let button = MouseButton(rawValue: argument.value.trimmingSpaces().lowercased()) else {
            throw error(argument, "must be 'left', 'right' or 'middle', got \(written(argument))")
        }
        return button
    }

    /// A whole number in `range`, written quoted or bare.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(ActionParseError) -> Int? {
        guard let argument = values[name] else { return nil }
        guard let value = Int(argument.value.trimmingSpaces()), range.contains(value) else {
            throw error(
                argument,
                "must be a whole number from \(range.lowerBound) to \(range.upperBound), "
                    + "got \(written(argument))")
        }
        return value
    }

    /// The keys of `key='ctrl c'`: names separated by spaces (a name such as `ctrl+c` is split at
    /// `+` too); a value that is only white space is that character's key. In a combination a
    /// capital letter is its key (`ctrl T` is ctrl+t), as a person reading it means.
    func keys() throws(ActionParseError) -> [Key] {
        let argument = try required("key")
        let value = argument.value
        let names: [String]
        if !value.isEmpty && value.trimmingSpaces().isEmpty {
            names = value.count == 1 ? [value] : []
        } else {
            names = value.split { $0 == " " || $0 == "\t" || $0 == "\n" }.flatMap { word -> [String] in
                let pieces = word.split(separator: "+", omittingEmptySubsequences: false)
                return pieces.count > 1 && pieces.allSatisfy({ !$0.isEmpty }) ? pieces.map(String.init) : [String(word)]
            }
        }
        guard !names.isEmpty else { throw error(argument, "must name at least one key, got \(written(argument))") }
        var keys: [Key] = []
        for name in names {
            do {
                keys.append(try Key(names.count > 1 ? Key.combinationName(name) : name))
            } catch {
                throw self.error(argument, "has an \(error.description)")
            }
        }
        return keys
    }
}
