/// Python `str` semantics, which OSWorld's metrics rely on: equality and `in` by code points (Swift's
/// `==` and `contains` go by grapheme clusters and canonical equivalence, so "\r\n" would not
/// contain "\n"), `splitlines`, `strip` and `isspace`.
extension String {
    /// Python `a == b`: the same code points.
    func pythonEquals(_ other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }

    /// Python `needle in self` for strings: code-point substring (an empty needle is always in).
    func pythonContains(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        // UTF-8 is self-synchronising, so a byte substring is a code-point substring.
        return Array(utf8).firstRange(of: Array(needle.utf8)) != nil
    }

    /// Python `a < b` and friends for strings: lexicographic by code point.
    func pythonCompare(_ other: String) -> Int {
        var left = unicodeScalars.makeIterator(), right = other.unicodeScalars.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (a?, b?): if a != b { return a.value < b.value ? -1 : 1 }
            }
        }
    }

    /// Python `str.splitlines()`: splits at \n, \r, \r\n, \v, \f, \x1c–\x1e, \x85, U+2028 and
    /// U+2029, dropping the terminators; a trailing terminator makes no empty last line.
    func pythonSplitLines() -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var iterator = unicodeScalars.makeIterator()
        var pending = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            switch scalar.value {
            case 0x0D:
                if pending?.value == 0x0A { pending = iterator.next() }
                fallthrough
            case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                lines.append(String(current))
                current = String.UnicodeScalarView()
            default:
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    /// The lines as Python's `for line in open(path)` yields them (after universal-newline
    /// translation): split after each "\n", each line keeping its "\n".
    func pythonFileLines() -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            current.append(scalar)
            if scalar == "\n" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    /// Python's universal-newline translation on reading a text file: "\r\n" and "\r" become "\n".
    func pythonUniversalNewlines() -> String {
        guard utf8.contains(0x0D) else { return self }
        var out = String.UnicodeScalarView()
        var iterator = unicodeScalars.makeIterator()
        var pending = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if scalar == "\r" {
                out.append("\n")
                if pending == "\n" { pending = iterator.next() }
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Python `str.strip()` with no argument: removes leading and trailing whitespace.
    func pythonStrip() -> String {
        pythonStrip(where: \.pythonIsSpace)
    }

    /// Python `str.strip(chars)`, `lstrip(chars)` or `rstrip(chars)`: removes any of `chars` from the
    /// chosen ends.
    func pythonStrip(_ chars: String, leading: Bool = true, trailing: Bool = true) -> String {
        let set = Set(chars.unicodeScalars)
        return pythonStrip(leading: leading, trailing: trailing) { set.contains($0) }
    }

    private func pythonStrip(leading: Bool = true, trailing: Bool = true, where drop: (Unicode.Scalar) -> Bool) -> String {
        var scalars = Substring(self).unicodeScalars[...]
        if leading { while let first = scalars.first, drop(first) { scalars.removeFirst() } }
        if trailing { while let last = scalars.last, drop(last) { scalars.removeLast() } }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Python `str.lower()`: each code point's full lower-case mapping, except that a capital
    /// sigma (U+03A3) at the end of a word becomes the final sigma ς (U+03C2). Python applies
    /// Unicode's Final_Sigma condition — a cased letter before it and none after it, case-ignorable
    /// code points skipped on both sides — where Swift's `lowercased()` always gives σ. Every
    /// `ignore_case` comparison of the metrics goes through here.
    func pythonLower() -> String {
        let scalars = Array(unicodeScalars)
        guard scalars.contains("\u{03A3}") else { return lowercased() }
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" {
                out.append(Self.isFinalSigma(scalars, at: index) ? "\u{03C2}" : "\u{03C3}")
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Unicode's Final_Sigma condition for the sigma at `index`, as CPython tests it: the nearest
    /// code point before it that is not case-ignorable exists and is cased, and the nearest after
    /// it that is not case-ignorable is absent or not cased.
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let before = scalars[..<index].last { !$0.properties.isCaseIgnorable }
        guard let before, before.properties.isCased else { return false }
        let after = scalars[(index + 1)...].first { !$0.properties.isCaseIgnorable }
        return !(after?.properties.isCased ?? false)
    }
}

extension Unicode.Scalar {
    /// Python `str.isspace()` for one character: Unicode white space plus the separators \x1c–\x1f.
    package var pythonIsSpace: Bool {
        properties.isWhitespace || (0x1C...0x1F).contains(value)
    }
}

extension String {
    /// At most 120 characters, for reasons.
    var clipped: String {
        count <= 120 ? self : String(prefix(117)) + "..."
    }
}
