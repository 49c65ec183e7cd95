/// RFC 3339 timestamps read byte by byte into milliseconds since 1970 — no Foundation date
/// formatter and no floating point, so every node reads the genesis time identically.
///
/// Accepted form: `YYYY-MM-DDTHH:MM:SS[.f{1,3}](Z|+HH:MM|-HH:MM)`: at most 3 fraction digits
/// (millisecond precision), uppercase `T` and `Z`, a time on or after 1970-01-01T00:00:00Z. Leap
/// seconds and finer fractions are refused rather than rounded.
public enum RFC3339 {
    public static func millis(_ text: String) -> UInt64? {
        let b = Array(text.utf8)
        guard b.count >= 20, b.count <= 29 else { return nil }
        func digits(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= b.count else { return nil }
            var v: Int64 = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int64(b[i] - 0x30)
            }
            return v
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
              let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19)
        else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if b[i] == UInt8(ascii: ".") {
            var n = 0
            i += 1
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { fraction = fraction * 10 + Int64(b[i] - 0x30); n += 1; i += 1 }
            guard (1...3).contains(n) else { return nil }
            for _ in n..<3 { fraction *= 10 }
        }
        guard i < b.count else { return nil }
        var offsetMinutes: Int64 = 0
        if b[i] == UInt8(ascii: "Z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"), let oh = digits((i + 1)..<(i + 3)), let om = digits((i + 4)..<(i + 6)),
                  oh < 24, om < 60 else { return nil }
            offsetMinutes = (oh * 60 + om) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count, year >= 1970, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let local = ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + fraction
        let utc = local - offsetMinutes * 60_000
        return utc >= 0 ? UInt64(utc) : nil
    }

    static func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given date (year ≥ 1970), counted without tables.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        // Days in whole years 1970..<year: 365 each plus the leap days between.
        func leapDays(through y: Int64) -> Int64 { y / 4 - y / 100 + y / 400 }
        var days = (year - 1970) * 365 + leapDays(through: year - 1) - leapDays(through: 1969)
        for m in 1..<month { days += daysIn(month: m, year: year) }
        return days + day - 1
    }
}
