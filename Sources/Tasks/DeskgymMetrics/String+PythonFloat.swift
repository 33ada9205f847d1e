extension String {
    /// Python `float(text)` for a string: surrounding white space ignored, an optional sign, then a
    /// decimal literal (`5`, `5.`, `.5`, `1e-3`, digits grouped by single underscores as in
    /// `1_000.5`, digits of any script) or `inf`, `infinity`, `nan` in any case. Nil where Python
    /// raises `ValueError`, including the hexadecimal forms Swift's own parser accepts.
    var pythonFloat: Double? {
        var characters = Array(pythonStrip())
        var negative = false
        if let sign = characters.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            characters.removeFirst()
        }
        switch String(characters).lowercased() {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        var index = 0
        // digit (["_"] digit)*, the digits as ASCII
        func digitPart() -> String? {
            guard index < characters.count, let first = characters[index].decimalDigit else { return nil }
            var digits = String(first)
            index += 1
            while index < characters.count {
                if let digit = characters[index].decimalDigit {
                    digits.append(String(digit))
                    index += 1
                } else if characters[index] == "_", index + 1 < characters.count, let digit = characters[index + 1].decimalDigit {
                    digits.append(String(digit))
                    index += 2
                } else {
                    break
                }
            }
            return digits
        }
        let integer = digitPart()
        var fraction: String?
        if index < characters.count, characters[index] == "." {
            index += 1
            fraction = digitPart() ?? ""
        }
        guard integer != nil || !(fraction ?? "").isEmpty else { return nil }
        var exponent = "0"
        if index < characters.count, characters[index] == "e" || characters[index] == "E" {
            index += 1
            var sign = ""
            if index < characters.count, characters[index] == "+" || characters[index] == "-" {
                sign = String(characters[index])
                index += 1
            }
            guard let digits = digitPart() else { return nil }
            exponent = sign + digits
        }
        guard index == characters.count,
            let value = Double((integer ?? "0") + "." + (fraction.map { $0.isEmpty ? "0" : $0 } ?? "0") + "e" + exponent)
        else {
            return nil
        }
        return negative ? -value : value
    }
}

extension Character {
    /// The value of a decimal digit of any script (Unicode category Nd: `7`, `٧`, `７`), as Python's
    /// `float` and `int` read them; nil for anything else, including other numbers such as `½`.
    var decimalDigit: Int? {
        guard unicodeScalars.count == 1, let scalar = unicodeScalars.first,
            scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue
        else { return nil }
        return Int(value)
    }
}
