/// How the reports write numbers, and how they keep feed text from being read as markup.
enum ReportFormat {
    /// "$1.25 bn", "$340 m", "$75 k".
    static func usd(_ value: Double) -> String {
        switch value {
        case 1e9...: return "$" + decimal(value / 1e9, places: 2) + " bn"
        case 1e6...: return "$" + decimal(value / 1e6, places: value < 1e7 ? 1 : 0) + " m"
        case 1e3...: return "$" + decimal(value / 1e3, places: 0) + " k"
        default: return "$" + decimal(value, places: 0)
        }
    }

    /// "42.5%".
    static func percent(_ share: Double) -> String {
        decimal(share * 100, places: 1) + "%"
    }

    /// "1 deal", "2 deals".
    static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        integer(value) + " " + (value == 1 ? singular : plural)
    }

    /// "1,204,311".
    static func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `value` rounded to `places` decimals, trailing zeros dropped.
    static func decimal(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = places == 0 ? String(Int(rounded)) : String(rounded)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// `text` safe inside HTML elements and quoted attributes.
    ///
    /// Read and written as bytes: every character escaped is ASCII, and no byte of a longer
    /// UTF-8 sequence is. A report of a quarter's deals escapes some twenty texts a deal, most
    /// of them with nothing to escape, which are given back as they are.
    static func html(_ text: String) -> String {
        let escapes = htmlEscapes
        guard text.utf8.contains(where: { escapes[Int($0)] != nil }) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if let escape = escapes[Int(byte)] {
                escaped += escape
            } else {
                escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// What ``html(_:)`` writes for each byte: nil for the byte itself, nothing for a control
    /// character other than tab and newline, which has no place in a report.
    private static let htmlEscapes: [[UInt8]?] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "&"): Array("&amp;".utf8)
        case UInt8(ascii: "<"): Array("&lt;".utf8)
        case UInt8(ascii: ">"): Array("&gt;".utf8)
        case UInt8(ascii: "\""): Array("&quot;".utf8)
        case UInt8(ascii: "'"): Array("&#39;".utf8)
        case UInt8(ascii: "\t"), UInt8(ascii: "\n"): nil
        case ..<0x20: []
        default: nil
        }
    }

    /// `text` as literal Markdown on one line: markup characters escaped, raw HTML impossible.
    static func markdown(_ text: String) -> String {
        // Most texts hold no markup character, no `&` and no control character: given back as they are.
        let changed = markdownBytes
        guard text.utf8.contains(where: { changed[Int($0)] }) else { return text }
        var escaped = ""
        let scalars = Array(text.unicodeScalars)
        for (index, character) in scalars.enumerated() {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "!", "(", ")", "{", "}", "~":
                escaped.unicodeScalars.append("\\")
                escaped.unicodeScalars.append(character)
            case "&":
                // Only "&name;" would be read as an entity: "M&A" stays as it is.
                let rest = scalars[(index + 1)...].prefix(32)
                let isEntity =
                    rest.firstIndex(of: ";").map { end in
                        end > index + 1
                            && rest[..<end].allSatisfy {
                                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "#"
                            }
                    } ?? false
                escaped += isEntity ? "\\&" : "&"
            case "\n", "\r", "\t": escaped += " "
            default:
                if character.value < 0x20 { continue }
                escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// The bytes ``markdown(_:)`` may change: the ASCII characters it escapes, `&`, and controls.
    private static let markdownBytes: [Bool] = (0...255).map { byte in
        byte < 0x20 || "\\`*_[]<>|#!(){}~&".utf8.contains(UInt8(byte))
    }

    /// The URL if a report may link to it: http or https, with nothing that would end the link.
    static func linkable(_ url: String?) -> String? {
        guard let url else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || "<>\"'`\\".unicodeScalars.contains($0) })
        else { return nil }
        return url
    }

    /// "Pfizer (US), 3SBio (CN)".
    static func parties(_ deal: Deal) -> String {
        var text = ""
        deal.forEachParty { party in
            let notes = [party.country, party.role.flatMap { $0 == .partner ? nil : $0.rawValue }].compactMap { $0 }
            let name = party.name ?? "an unnamed " + ReportFormat.label(party.kind.rawValue).lowercased()
            if !text.isEmpty { text += ", " }
            text += name + (notes.isEmpty ? "" : " (" + notes.joined(separator: ", ") + ")")
        }
        return text
    }

    /// "licensing" → "Licensing", "m_and_a" → "M&A".
    static func label(_ key: String) -> String {
        if let name = specialLabels[key] { return name }
        let words = key.split(separator: "_").map(String.init)
        guard let first = words.first else { return key }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ")
    }

    /// Labels that capitalising the key's first word would get wrong.
    private static let specialLabels = [
        "m_and_a": "M&A", "cdmo_manufacturing": "CDMO / manufacturing", "adc": "ADC", "car_t": "CAR-T",
        "car_nk": "CAR-NK", "mrna": "mRNA", "ai_drug_discovery": "AI drug discovery",
        "ai_diagnostics": "AI diagnostics", "mou_strategic_alliance": "MoU / strategic alliance",
        "distribution_commercialization": "Distribution / commercialisation", "medtech_device": "Medtech device",
    ]
}
