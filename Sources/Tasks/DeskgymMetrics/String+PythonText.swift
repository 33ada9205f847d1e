/// More of Python's `str` methods, which the configuration and source metrics need.
extension String {
    /// Python `str.rstrip()` with no argument: removes trailing white space.
    func pythonRStrip() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let last = scalars.last, last.pythonIsSpace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Python `str.split()` with no argument: the runs of non-white-space characters.
    func pythonSplit() -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.pythonIsSpace {
                if !current.isEmpty { words.append(String(current)) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// Python `str.expandtabs(size)`: each tab becomes spaces up to the next multiple of `size`
    /// columns; a line break (`\n` or `\r`) starts the count again.
    func pythonExpandTabs(_ size: Int) -> String {
        var out = String.UnicodeScalarView()
        var column = 0
        for scalar in unicodeScalars {
            switch scalar {
            case "\t":
                let spaces = size > 0 ? size - column % size : 0
                out.append(contentsOf: repeatElement(" ", count: spaces))
                column += spaces
            case "\n", "\r":
                out.append(scalar)
                column = 0
            default:
                out.append(scalar)
                column += 1
            }
        }
        return String(out)
    }
}
