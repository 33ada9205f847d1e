import DeskgymCore

/// An integer of any size, as Python's `int` holds it: what `==` and `<` need to compare a
/// ``JSONValue/bigInteger(_:)`` with another integer or a float exactly, as Python does (Python
/// never rounds an `int` to a `float` to compare the two).
struct ExactInteger: Comparable, Sendable {
    /// Whether the integer is below zero (zero is never negative).
    var negative: Bool
    /// The magnitude's decimal digits, most significant first, with no leading zeros ("0" for zero).
    var digits: [UInt8]

    /// The integer that decimal text (an optional "-" and digits) spells; nil for anything else.
    init?(_ text: String) {
        var body = Substring(text)
        negative = body.first == "-"
        if negative { body = body.dropFirst() }
        guard !body.isEmpty, body.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        digits = body.utf8.map { $0 - 0x30 }
        while digits.count > 1 && digits.first == 0 { digits.removeFirst() }
        if digits == [0] { negative = false }
    }

    /// The integer a whole, finite `Double` is exactly; nil for fractions, infinities and NaN.
    init?(exactly value: Double) {
        guard value.isFinite, value.rounded(.towardZero) == value else { return nil }
        negative = value < 0
        let magnitude = Swift.abs(value)
        if magnitude < 9_007_199_254_740_992 {
            digits = String(UInt64(magnitude)).utf8.map { $0 - 0x30 }
        } else {
            // value = significand × 2^(exponent − 52) with a 53-bit integer significand: double
            // the significand's digits as often as the exponent says.
            let significand = (1 << 52) | magnitude.significandBitPattern
            digits = String(significand).utf8.map { $0 - 0x30 }
            for _ in 0..<(Int(magnitude.exponent) - 52) { Self.double(&digits) }
        }
        if digits == [0] { negative = false }
    }

    /// The integer that digits in `radix` (2 to 16, no sign) spell, made negative if asked; nil
    /// for a digit outside the radix or no digits. Python's `int(text, radix)`.
    init?(digits text: Substring, radix: Int, negative: Bool = false) {
        guard (2...16).contains(radix), !text.isEmpty else { return nil }
        var decimal: [UInt8] = [0]
        for character in text {
            guard let digit = character.hexDigitValue, digit < radix else { return nil }
            Self.multiplyAdd(&decimal, by: radix, adding: digit)
        }
        self.init(decimalDigits: decimal, negative: negative)
    }

    /// Python's value of sexagesimal parts ("1:30:00" is 5400): each part times 60 to the power of
    /// its place from the right. Only the first part may be large; nil when a part is not digits.
    init?(sexagesimal parts: [Substring], negative: Bool) {
        guard let first = parts.first, let head = ExactInteger(String(first)), !head.negative else { return nil }
        var decimal = head.digits
        for part in parts.dropFirst() {
            guard let value = Int(part), value >= 0 else { return nil }
            Self.multiplyAdd(&decimal, by: 60, adding: value)
        }
        self.init(decimalDigits: decimal, negative: negative)
    }

    private init(decimalDigits: [UInt8], negative: Bool) {
        var digits = decimalDigits
        while digits.count > 1 && digits.first == 0 { digits.removeFirst() }
        self.digits = digits
        self.negative = negative && digits != [0]
    }

    /// Multiplies decimal digits by `factor` and adds `addend` (both small), in place.
    private static func multiplyAdd(_ digits: inout [UInt8], by factor: Int, adding addend: Int) {
        var carry = addend
        for index in digits.indices.reversed() {
            let value = Int(digits[index]) * factor + carry
            digits[index] = UInt8(value % 10)
            carry = value / 10
        }
        while carry > 0 {
            digits.insert(UInt8(carry % 10), at: 0)
            carry /= 10
        }
    }

    /// The integer as JSON: a `number` while a `Double` holds it exactly, else its digits.
    var jsonValue: JSONValue {
        if digits.count < 16, let value = Int64(description) { return .number(Double(value)) }
        let limit = ExactInteger("9007199254740992")!
        var magnitude = self
        magnitude.negative = false
        return limit < magnitude ? .bigInteger(description) : .number(Double(description)!)
    }

    /// Multiplies decimal digits by two in place.
    private static func double(_ digits: inout [UInt8]) {
        var carry: UInt8 = 0
        for index in digits.indices.reversed() {
            let product = digits[index] * 2 + carry
            digits[index] = product % 10
            carry = product / 10
        }
        if carry > 0 { digits.insert(carry, at: 0) }
    }

    /// Python `repr(int)`.
    var description: String {
        (negative ? "-" : "") + String(decoding: digits.map { $0 + 0x30 }, as: UTF8.self)
    }

    static func < (a: ExactInteger, b: ExactInteger) -> Bool {
        if a.negative != b.negative { return a.negative }
        let magnitudeLess =
            a.digits.count != b.digits.count ? a.digits.count < b.digits.count : a.digits.lexicographicallyPrecedes(b.digits)
        let magnitudeEqual = a.digits == b.digits
        return a.negative ? !magnitudeLess && !magnitudeEqual : magnitudeLess
    }
}

extension ExactInteger {
    /// Python's three-way comparison of an `int` with a `float`: -1, 0 or 1, or nil against NaN
    /// (every comparison with NaN is false).
    func compare(toFloat value: Double) -> Int? {
        if value.isNaN { return nil }
        if value == .infinity { return -1 }
        if value == -.infinity { return 1 }
        // A fraction lies strictly between the integers around it: compare with the one toward zero,
        // and a tie there means the float is the larger in magnitude.
        let whole = value.rounded(.towardZero)
        guard let other = ExactInteger(exactly: whole) else { return nil }
        if self < other { return -1 }
        if other < self { return 1 }
        if whole == value { return 0 }
        return value > whole ? -1 : 1
    }
}
