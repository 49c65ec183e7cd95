/// RFC 3339 UTC timestamps read byte by byte into milliseconds since 1970 — no Foundation date
/// formatter and no floating point, so every node reads the genesis time identically.
///
/// Accepted form: `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.fffZ` with 1 to 3 fraction digits
/// (millisecond precision), year 1970–9999, uppercase `T` and `Z`. Offsets other than `Z`, leap
/// seconds and more than 3 fraction digits are refused rather than rounded.
public enum RFC3339 {
    public static func millis(_ text: String) -> UInt64? {
        let b = Array(text.utf8)
        guard b.count >= 20, b.count <= 24 else { return nil }
        func digits(_ range: Range<Int>) -> UInt64? {
            var v: UInt64 = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + UInt64(b[i] - 0x30)
            }
            return v
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[b.count - 1] == UInt8(ascii: "Z"),
              let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
              let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19)
        else { return nil }
        var fraction: UInt64 = 0
        if b.count > 20 {
            // ".f", ".ff" or ".fff" between the seconds and the Z.
            guard b[19] == UInt8(ascii: "."), b.count >= 22, let f = digits(20..<(b.count - 1)) else { return nil }
            let n = b.count - 21
            fraction = n == 1 ? f * 100 : n == 2 ? f * 10 : f
        }
        guard year >= 1970, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + fraction
    }

    static func isLeap(_ y: UInt64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: UInt64, year: UInt64) -> UInt64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given date (year ≥ 1970), counted without tables.
    static func daysSinceEpoch(year: UInt64, month: UInt64, day: UInt64) -> UInt64 {
        var days: UInt64 = 0
        let y = year - 1
        // Days in whole years 1970..<year: 365 each plus the leap days between.
        func leapDays(through y: UInt64) -> UInt64 { y / 4 - y / 100 + y / 400 }
        days += (year - 1970) * 365 + leapDays(through: y) - leapDays(through: 1969)
        for m in 1..<month { days += daysIn(month: m, year: year) }
        return days + day - 1
    }
}
