/// What counts as a word in UTF-8 text, for every scanner that works on bytes: names, phrases,
/// money, shingles.
///
/// ASCII letters and digits are word bytes, and so are the bytes of letters beyond ASCII
/// ("Laboratórios", "삼성"). Two lead bytes begin punctuation rather than letters, C2
/// (U+0080-U+00BF: no-break space, «, ©) and E2 (U+2000-U+2FFF: curly quotes and apostrophes,
/// dashes, bullets), so "Samsung Biologics’ plant" ends the name at the apostrophe. A
/// continuation byte belongs to the character its lead byte began: scanners step over a
/// punctuation character whole (``characterEnd(_:at:)``) and look back to the lead byte
/// (``isWordCharacter(_:before:)``).
@inline(__always)
func isWordByte(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        || (byte >= 0x80 && byte != 0xE2 && byte != 0xC2)
}

/// An ASCII capital as its small letter; every other byte as it is.
@inline(__always)
func foldASCII(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}

enum WordBytes {
    /// Whether the character that ends just before `index` is part of a word.
    @inline(__always)
    static func isWordCharacter(_ text: UnsafeBufferPointer<UInt8>, before index: Int) -> Bool {
        var lead = index - 1
        while lead > 0, lead > index - 4, text[lead] & 0xC0 == 0x80 { lead -= 1 }
        return isWordByte(text[lead])
    }

    /// Whether the character that ends just before `index` is part of a word.
    static func isWordCharacter(_ text: [UInt8], before index: Int) -> Bool {
        text.withUnsafeBufferPointer { isWordCharacter($0, before: index) }
    }

    /// The index just past the character that begins at `index`.
    @inline(__always)
    static func characterEnd(_ text: [UInt8], at index: Int) -> Int {
        var end = index + 1
        guard text[index] >= 0xC0 else { return end }
        while end < text.count, end < index + 4, text[end] & 0xC0 == 0x80 { end += 1 }
        return end
    }
}
