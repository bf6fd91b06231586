/// Whether a headline is written in title case, where capitals say nothing about names.
enum TitleCase {
    /// True when most words of four letters or more begin with a capital ("Capricor And Nippon
    /// Shinyaku Join Forces To Take A Therapy To Europe").
    static func isTitleCase(_ text: [UInt8]) -> Bool {
        var long = 0
        var capitalised = 0
        var index = 0
        while index < text.count {
            guard isWordByte(text[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < text.count, isWordByte(text[index]) { index += 1 }
            if index - start >= 4 {
                long += 1
                if text[start] >= UInt8(ascii: "A"), text[start] <= UInt8(ascii: "Z") { capitalised += 1 }
            }
        }
        return long >= 3 && capitalised * 3 >= long * 2
    }
}
