/// Python's `csv.reader` with the default `excel` dialect, which `check_csv` reads with: fields
/// split at commas, `"` quotes (a doubled `""` inside quotes is one quote; characters after a
/// closing quote are kept, as with `strict=False`), records end at "\n", "\r" or "\r\n" outside
/// quotes, and a blank line is an empty record.
enum PythonCSV {
    /// The records of `text`.
    static func rows(_ text: String) -> [[String]] {
        enum State { case startRecord, startField, unquoted, quoted, quoteInQuoted, afterCarriageReturn }
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var state = State.startRecord

        func endField() {
            row.append(String(field))
            field = String.UnicodeScalarView()
        }
        func endRecord() {
            endField()
            rows.append(row)
            row = []
        }

        for scalar in text.unicodeScalars {
            if state == .afterCarriageReturn {
                state = .startRecord
                if scalar == "\n" { continue }
            }
            switch state {
            case .startRecord where scalar == "\n" || scalar == "\r":
                rows.append([])
                if scalar == "\r" { state = .afterCarriageReturn }
            case .startRecord, .startField:
                switch scalar {
                case "\"": state = .quoted
                case ",": endField(); state = .startField
                case "\n", "\r": endRecord(); state = scalar == "\r" ? .afterCarriageReturn : .startRecord
                default: field.append(scalar); state = .unquoted
                }
            case .unquoted:
                switch scalar {
                case ",": endField(); state = .startField
                case "\n", "\r": endRecord(); state = scalar == "\r" ? .afterCarriageReturn : .startRecord
                default: field.append(scalar)
                }
            case .quoted:
                if scalar == "\"" { state = .quoteInQuoted } else { field.append(scalar) }
            case .quoteInQuoted:
                switch scalar {
                case "\"": field.append(scalar); state = .quoted
                case ",": endField(); state = .startField
                case "\n", "\r": endRecord(); state = scalar == "\r" ? .afterCarriageReturn : .startRecord
                default: field.append(scalar); state = .unquoted
                }
            case .afterCarriageReturn:
                break
            }
        }
        switch state {
        case .startRecord, .afterCarriageReturn: break
        default: endRecord()
        }
        return rows
    }

    /// `csv.DictReader`: the first record names the fields; blank records are skipped; a short
    /// record fills the missing fields with `None` (nil), a long one keeps its surplus apart
    /// (under the key `None` in Python; dropped here, as no rule can name it).
    static func records(_ text: String) -> [[String: String?]] {
        let all = rows(text)
        guard let header = all.first else { return [] }
        return all.dropFirst().filter { !$0.isEmpty }.map { row in
            var record: [String: String?] = [:]
            for (index, name) in header.enumerated() {
                record[name] = index < row.count ? .some(row[index]) : .some(nil)
            }
            return record
        }
    }
}
