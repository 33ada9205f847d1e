import Foundation

/// A date cell's value as openpyxl's `from_excel` makes it from the serial number (1900 date
/// system), which is what pandas and OSWorld's table metrics then compare and print.
///
/// openpyxl rounds the fraction of the day to whole milliseconds, so two serials that differ only
/// below a millisecond are the same date-time: 45360.52083333334 (as openpyxl writes 12:30) and
/// 45360.5208333333 (as LibreOffice writes it) both read as 2024-03-09 12:30:00. Comparing the
/// serials themselves would call them different.
struct ExcelDateTime: Sendable, Hashable {
    /// Milliseconds since 1899-12-30 00:00, openpyxl's epoch, after its leap-year shift.
    var milliseconds: Int64
    /// Whether openpyxl gives a `datetime.time` rather than a `datetime`: a serial in [0, 1) whose
    /// fraction does not round up to a whole day.
    var isTimeOfDay: Bool

    /// The first and last day Python's `datetime` holds, as days since the epoch (0001-01-01 and
    /// 9999-12-31).
    private static let dayRange = -693_593...2_958_465
    private static let millisecondsPerDay: Int64 = 86_400_000

    /// openpyxl's `from_excel(serial)`; nil where it raises (a date outside years 1–9999, which
    /// openpyxl then reads as an error cell).
    init?(serial: Double) {
        guard serial.isFinite else { return nil }
        // Python's divmod(serial, 1): the floor and a fraction in [0, 1).
        let day = serial.rounded(.down)
        var fraction = fmod(serial, 1)
        if fraction < 0 { fraction += 1 }
        // round(fraction * 86400 * 1000): multiplied in that order, rounded half to even as
        // Python's round() does.
        let rounded = (fraction * 86_400 * 1000).rounded(.toNearestOrEven)
        guard Double(Self.dayRange.lowerBound) <= day, day <= Double(Self.dayRange.upperBound) else { return nil }
        let fractionMilliseconds = Int64(rounded)
        isTimeOfDay = serial >= 0 && serial < 1 && fractionMilliseconds < Self.millisecondsPerDay
        // Serials below 60 count Excel's nonexistent 1900-02-29, which openpyxl skips by a day.
        let shiftedDay = Int64(day) + (serial > 0 && serial < 60 ? 1 : 0)
        milliseconds = shiftedDay * Self.millisecondsPerDay + fractionMilliseconds
        let totalDays = milliseconds.floorDivided(by: Self.millisecondsPerDay)
        guard Self.dayRange.contains(Int(totalDays)) else { return nil }
    }

    /// Python's `str()` of the value: "2024-03-09 12:30:00" for a `datetime`, "12:30:00" for a
    /// `time`, with ".ffffff" microseconds when there are any (pandas prints its `Timestamp`s the
    /// same way).
    var pythonString: String {
        let days = milliseconds.floorDivided(by: Self.millisecondsPerDay)
        let rest = milliseconds - days * Self.millisecondsPerDay
        let seconds = Int(rest / 1000), fraction = Int(rest % 1000)
        var text = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        if fraction != 0 { text += String(format: ".%06d", fraction * 1000) }
        if isTimeOfDay { return text }
        let date = CalendarDay(year: 1899, month: 12, day: 30).adding(days: Int(days))
        return String(format: "%04d-%02d-%02d ", date.year, date.month, date.day) + text
    }
}

extension Int64 {
    /// Division rounding toward minus infinity (Swift's `/` rounds toward zero).
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
