/// An amount of money stated in a sentence, converted to US dollars.
struct MoneyAmount: Sendable, Hashable {
    enum Role: Sendable, Hashable { case upfront, total, milestones, unlabelled }
    let currency: String
    let amount: Double
    let usd: Double?
    let role: Role
}

/// Reads amounts such as "US$1.2 billion", "$30M upfront", "KRW 50 billion", "110 million yuan",
/// "up to €500m" and tells upfront payments from milestones and total values by nearby words.
struct MoneyReader: Sendable {
    let usdRates: [String: Double]

    private static let prefixCurrencies: [String: String] = [
        "$": "USD", "us$": "USD", "usd": "USD", "us": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
        "¥": "JPY", "jpy": "JPY", "￥": "JPY", "rmb": "CNY", "cny": "CNY", "krw": "KRW", "₩": "KRW", "inr": "INR",
        "rs": "INR", "₹": "INR", "s$": "SGD", "sgd": "SGD", "a$": "AUD", "aud": "AUD", "nt$": "TWD", "twd": "TWD",
        "hk$": "HKD", "hkd": "HKD",
    ]
    private static let suffixCurrencies: [String: String] = [
        "won": "KRW", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "rupee": "INR",
        "dollars": "USD", "euros": "EUR", "euro": "EUR", "usd": "USD", "krw": "KRW", "jpy": "JPY", "cny": "CNY",
        "rmb": "CNY",
    ]
    private static let scales: [String: Double] = [
        "trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6,
        "mil": 1e6, "mln": 1e6, "thousand": 1e3, "k": 1e3, "crore": 1e7, "lakh": 1e5,
    ]

    func amounts(in sentence: [UInt8]) -> [MoneyAmount] {
        let tokens = MoneyToken.tokenize(sentence)
        var found: [MoneyAmount] = []
        for (index, token) in tokens.enumerated() where token.isNumber {
            guard let value = Double(token.text.replacingOccurrences(of: ",", with: "")) else { continue }
            var currency: String?
            // Currency before the number: "$", "US$", "USD", "KRW", "RMB"...
            if index >= 1 {
                let previous = tokens[index - 1].text
                if previous == "$", index >= 2, let combined = Self.prefixCurrencies[tokens[index - 2].text + "$"] {
                    currency = combined
                } else if let code = Self.prefixCurrencies[previous], previous != "us" {
                    currency = code
                }
            }
            var next = index + 1
            var scale = 1.0
            if next < tokens.count, let factor = Self.scales[tokens[next].text] {
                scale = factor
                next += 1
            }
            if currency == nil, next < tokens.count, let code = Self.suffixCurrencies[tokens[next].text] {
                currency = code
                next += 1
            }
            guard let currency else { continue }
            // Bare "$5" without a scale is rarely a deal value; share prices and the like.
            if scale == 1, value < 1000 { continue }
            let amount = value * scale
            let usd = usdRates[currency].map { (amount * $0).rounded() }
            found.append(
                MoneyAmount(currency: currency, amount: amount, usd: usd, role: role(tokens, from: index, to: next)))
        }
        return found
    }

    /// Labels an amount by the words just before and after it. Milestones named right after
    /// an amount win over "up to" before it: "up to $1.2 billion in milestones" is the
    /// milestones, to be added to the upfront, not the total.
    private func role(_ tokens: [MoneyToken], from start: Int, to end: Int) -> MoneyAmount.Role {
        let before = tokens[max(0, start - 6)..<start].map(\.text)
        let after = tokens[end..<min(tokens.count, end + 6)].map(\.text)
        let beforeText = " " + before.joined(separator: " ") + " "
        let afterText = " " + after.joined(separator: " ") + " "
        if afterText.hasPrefix(" upfront ") || afterText.hasPrefix(" up - front ") || afterText.hasPrefix(" up front ")
            || afterText.hasPrefix(" in upfront ") || afterText.hasPrefix(" initial ")
            || beforeText.hasSuffix(" upfront ") || beforeText.contains(" upfront payment ")
            || beforeText.contains(" upfront of ") || beforeText.contains(" initial payment ")
        {
            return .upfront
        }
        // "in milestones", "more in development and commercial milestones"; not "including
        // milestones" or "in total, with milestones".
        if let milestone = after.firstIndex(where: { $0.hasPrefix("milestone") }),
            !after[..<milestone].contains(where: { $0.hasPrefix("includ") || $0 == "total" })
        {
            return .milestones
        }
        if beforeText.contains(" up to ") || beforeText.contains(" as much as ") || beforeText.contains(" total ")
            || beforeText.contains(" worth ") || beforeText.contains(" valued at ")
            || beforeText.contains(" potential ")
            || afterText.contains(" in total ") || afterText.hasPrefix(" total ") || beforeText.contains(" aggregate ")
        {
            return .total
        }
        if beforeText.contains(" milestone") { return .milestones }
        return .unlabelled
    }

    /// The money terms of a sentence's amounts: the total potential value (the stated total,
    /// else upfront plus milestones, else the largest amount), the upfront, and the total in its
    /// own currency when that is not US dollars.
    static func dealTerms(_ found: [MoneyAmount]) -> DealTerms {
        let amounts = withoutRestatements(found)
        func largest(_ role: MoneyAmount.Role) -> MoneyAmount? {
            amounts.filter { $0.role == role && $0.usd != nil }.max { ($0.usd ?? 0) < ($1.usd ?? 0) }
        }
        let upfront = largest(.upfront)
        let milestones = largest(.milestones)
        let unlabelled = largest(.unlabelled)
        var value: MoneyAmount?
        var valueUSD: Double?
        if let total = largest(.total) {
            value = total
            valueUSD = total.usd
            if let upfront, let milestones, (upfront.usd ?? 0) + (milestones.usd ?? 0) > (total.usd ?? 0) {
                valueUSD = (upfront.usd ?? 0) + (milestones.usd ?? 0)
                value = nil
            }
        } else if let milestones {
            valueUSD = (upfront?.usd ?? 0) + (milestones.usd ?? 0)
            value = upfront == nil ? milestones : nil
        } else if let unlabelled, (unlabelled.usd ?? 0) > (upfront?.usd ?? 0) {
            value = unlabelled
            valueUSD = unlabelled.usd
        } else {
            value = upfront
            valueUSD = upfront?.usd
        }
        let original = value.flatMap { $0.currency == "USD" ? nil : MoneySum(amount: $0.amount, currency: $0.currency) }
        return DealTerms(valueUSD: valueUSD, upfrontUSD: upfront?.usd, valueOriginal: original)
    }

    /// The amounts without the second statement of one sum: "KRW 50 billion ($36 million)"
    /// and "$77 million (111.2 billion won)" are one amount each, kept in US dollars as the
    /// text gave them, with the local figure as the original.
    private static func withoutRestatements(_ amounts: [MoneyAmount]) -> [MoneyAmount] {
        var kept: [MoneyAmount] = []
        for amount in amounts {
            if let last = kept.last, last.currency != amount.currency, let a = last.usd, let b = amount.usd, a > 0,
                b > 0, max(a, b) / min(a, b) < 1.6
            {
                let usd = last.currency == "USD" ? last : amount.currency == "USD" ? amount : last
                let local = usd == last ? amount : last
                let role = last.role != .unlabelled ? last.role : amount.role
                kept[kept.count - 1] = MoneyAmount(
                    currency: local.currency, amount: local.amount, usd: usd.currency == "USD" ? usd.amount : usd.usd,
                    role: role)
                continue
            }
            kept.append(amount)
        }
        return kept
    }
}

/// What a deal's sentences say about money.
struct DealTerms: Sendable, Hashable {
    var valueUSD: Double?
    var upfrontUSD: Double?
    /// The total in the currency the text gave it in, when not US dollars; `valueUSD` is then
    /// the text's own dollar figure if it gave one, else the pipeline's conversion.
    var valueOriginal: MoneySum?
}

/// A word, number or symbol of a sentence, lower-cased; what ``MoneyReader`` reads.
private struct MoneyToken {
    let text: String
    let isNumber: Bool

    static func tokenize(_ bytes: [UInt8]) -> [MoneyToken] {
        var tokens: [MoneyToken] = []
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                var end = index + 1
                while end < count {
                    let b = bytes[end]
                    let isDigit = b >= 0x30 && b <= 0x39
                    let isSeparator =
                        (b == UInt8(ascii: ",") || b == UInt8(ascii: ".")) && end + 1 < count && bytes[end + 1] >= 0x30
                        && bytes[end + 1] <= 0x39
                    guard isDigit || isSeparator else { break }
                    end += 1
                }
                tokens.append(MoneyToken(text: String(decoding: bytes[index..<end], as: UTF8.self), isNumber: true))
                index = end
            } else if isWordByte(byte) {
                var end = index + 1
                while end < count, isWordByte(bytes[end]), !(bytes[end] >= 0x30 && bytes[end] <= 0x39) { end += 1 }
                let word = String(decoding: bytes[index..<end].map(foldASCII), as: UTF8.self)
                tokens.append(MoneyToken(text: word, isNumber: false))
                index = end
            } else if byte == 0x20 || byte == 0x09 {
                index += 1
            } else {
                // One character: ASCII punctuation, or a whole UTF-8 sequence (€, ¥, ₩, ₹).
                var end = index + 1
                if byte >= 0xC0 { while end < count, bytes[end] & 0xC0 == 0x80 { end += 1 } }
                tokens.append(MoneyToken(text: String(decoding: bytes[index..<end], as: UTF8.self), isNumber: false))
                index = end
            }
        }
        return tokens
    }
}
