/// Reads the dates feeds carry: RFC 822 and its real-world variants, and ISO 8601 / RFC 3339.
///
/// Never guesses: a value it cannot read fully is nil (the caller logs the raw text).
public enum FeedDate {
    /// Whether `text` is a day written `YYYY-MM-DD` that exists on the calendar.
    public static func isCalendarDate(_ text: String) -> Bool {
        text.utf8.count == 10 && parse(text + "T00:00:00Z") != nil
    }

    /// Parses `text` as RFC 822 or ISO 8601, whichever it looks like.
    public static func parse(_ text: String) -> Timestamp? {
        var bytes = Array(text.utf8)[...]
        trimSpaces(&bytes)
        guard let first = bytes.first else { return nil }
        if isDigit(first), bytes.count >= 7, bytes[bytes.startIndex + 4] == UInt8(ascii: "-") {
            return parseISO8601(bytes)
        }
        return parseRFC822(bytes)
    }

    // MARK: ISO 8601

    /// `2025-03-04`, `2025-03-04T10:20Z`, `2025-03-04T10:20:30.5+09:00`, `2025-03-04 10:20:30`.
    static func parseISO8601(_ input: ArraySlice<UInt8>) -> Timestamp? {
        var s = Cursor(input)
        guard let year = s.number(digits: 4), s.skip("-"), let month = s.number(digits: 2) else { return nil }
        var day = 1
        if s.skip("-") {
            guard let d = s.number(digits: 2) else { return nil }
            day = d
        }
        var hour = 0
        var minute = 0
        var second = 0
        var offset = 0
        if s.skip("T") || s.skip("t") || s.skip(" ") {
            guard let h = s.number(digits: 2), s.skip(":"), let m = s.number(digits: 2) else { return nil }
            hour = h
            minute = m
            if s.skip(":") {
                // Some generators drop the leading zero of the seconds ("12:35:9+01:00").
                guard let sec = s.number(maxDigits: 2) else { return nil }
                second = sec
                if s.skip(".") || s.skip(",") { s.skipDigits() }
            }
            s.skipSpaces()
            if s.skip("Z") || s.skip("z") {
                offset = 0
            } else if let sign = s.sign() {
                guard let oh = s.number(digits: 2) else { return nil }
                _ = s.skip(":")
                let om = s.number(digits: 2) ?? 0
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        s.skipSpaces()
        guard s.isAtEnd else { return nil }
        return Timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetSeconds: offset)
    }

    // MARK: RFC 822

    /// `Tue, 04 Mar 2025 10:20:30 GMT`, with or without the day name, seconds, or a comma; two-
    /// and four-digit years; named zones (GMT, UT, EST, ..., KST, JST, SGT) and numeric ones.
    static func parseRFC822(_ input: ArraySlice<UInt8>) -> Timestamp? {
        var s = Cursor(input)
        // Optional day name, with or without a comma.
        if let first = s.peek, isLetter(first) {
            let word = s.word()
            guard dayNames.contains(word) else { return nil }
            _ = s.skip(",")
            s.skipSpaces()
        }
        guard let day = s.number(maxDigits: 2) else { return nil }
        s.skipSeparators()
        guard let month = monthNames[s.word()] else { return nil }
        s.skipSeparators()
        guard let yearDigits = s.digitsRun(), var year = Int(yearDigits.text) else { return nil }
        if yearDigits.count == 2 { year += year < 50 ? 2000 : 1900 } else if yearDigits.count != 4 { return nil }
        s.skipSpaces()
        var hour = 0
        var minute = 0
        var second = 0
        if let h = s.number(maxDigits: 2) {
            guard s.skip(":"), let m = s.number(digits: 2) else { return nil }
            hour = h
            minute = m
            if s.skip(":") {
                guard let sec = s.number(digits: 2) else { return nil }
                second = sec
            }
        }
        s.skipSpaces()
        // A 12-hour clock ("8:56 am PST"); any other word is the zone.
        var zoneWord: String?
        if let first = s.peek, isLetter(first) {
            let word = s.word()
            if word == "am" || word == "pm" {
                guard (1...12).contains(hour) else { return nil }
                hour = hour % 12 + (word == "pm" ? 12 : 0)
                s.skipSpaces()
            } else {
                zoneWord = word
            }
        }
        var offset = 0
        if let zoneWord {
            guard let zone = zoneOffsets[zoneWord] else { return nil }
            offset = zone
        } else if let sign = s.sign() {
            guard let digits = s.digitsRun(), digits.count == 4 || digits.count == 2, let value = Int(digits.text)
            else { return nil }
            let hours = digits.count == 4 ? value / 100 : value
            let minutes = digits.count == 4 ? value % 100 : 0
            offset = sign * (hours * 3600 + minutes * 60)
        } else if let first = s.peek, isLetter(first) {
            guard let zone = zoneOffsets[s.word()] else { return nil }
            offset = zone
        }
        s.skipSpaces()
        // Some feeds append the zone name in parentheses after a numeric zone: "+0900 (KST)".
        if s.skip("(") {
            while let byte = s.peek, byte != UInt8(ascii: ")") { s.advance() }
            _ = s.skip(")")
            s.skipSpaces()
        }
        guard s.isAtEnd else { return nil }
        return Timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetSeconds: offset)
    }

    private static let dayNames: Set<String> = [
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "tues", "thur", "thurs",
    ]

    private static let monthNames: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
        "oct": 10, "nov": 11, "dec": 12, "january": 1, "february": 2, "march": 3, "april": 4, "june": 6,
        "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    ]

    private static let zoneOffsets: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600,
        "cdt": -5 * 3600, "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
        "bst": 3600, "cet": 3600, "cest": 2 * 3600, "ist": 19_800, "sgt": 8 * 3600, "hkt": 8 * 3600,
        "kst": 9 * 3600, "jst": 9 * 3600, "aest": 10 * 3600, "aedt": 11 * 3600, "nzst": 12 * 3600,
        "nzdt": 13 * 3600, "awst": 8 * 3600,
    ]

    private static func trimSpaces(_ bytes: inout ArraySlice<UInt8>) {
        while let first = bytes.first, isSpace(first) { bytes.removeFirst() }
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
    }
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

/// A read position over ASCII bytes.
private struct Cursor {
    var bytes: ArraySlice<UInt8>
    var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }
    var peek: UInt8? { isAtEnd ? nil : bytes[index] }

    mutating func advance() { index += 1 }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard let byte = peek, byte == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func skipSpaces() {
        while let byte = peek, isSpace(byte) { index += 1 }
    }

    mutating func skipSeparators() {
        while let byte = peek, isSpace(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ",") { index += 1 }
    }

    mutating func skipDigits() {
        while let byte = peek, isDigit(byte) { index += 1 }
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }

    /// Exactly `digits` digits as a number.
    mutating func number(digits: Int) -> Int? {
        guard index + digits <= bytes.endIndex else { return nil }
        var value = 0
        for offset in 0..<digits {
            let byte = bytes[index + offset]
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += digits
        return value
    }

    /// One to `maxDigits` digits as a number.
    mutating func number(maxDigits: Int) -> Int? {
        var value = 0
        var count = 0
        while count < maxDigits, let byte = peek, isDigit(byte) {
            value = value * 10 + Int(byte - 0x30)
            index += 1
            count += 1
        }
        return count == 0 ? nil : value
    }

    mutating func digitsRun() -> (text: String, count: Int)? {
        let start = index
        skipDigits()
        guard index > start else { return nil }
        return (String(decoding: bytes[start..<index], as: UTF8.self), index - start)
    }

    /// A run of ASCII letters, lower-cased (a trailing dot, as in "Sept.", is dropped).
    mutating func word() -> String {
        let start = index
        while let byte = peek, isLetter(byte) { index += 1 }
        let text = String(decoding: bytes[start..<index].map { $0 | 0x20 }, as: UTF8.self)
        _ = skip(".")
        return text
    }
}
