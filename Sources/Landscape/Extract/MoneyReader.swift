/// An amount of money stated in a sentence, converted to US dollars.
struct MoneyAmount: Sendable, Hashable {
    enum Role: Sendable, Hashable { case upfront, total, milestones, unlabelled }
    let currency: String
    let amount: Double
    let usd: Double?
    let role: Role
    /// Written as a part of another amount ("including $200 million in development milestones",
    /// "of which $50 million"): never added to it.
    var isIncluded = false
}

/// Reads amounts such as "US$1.2 billion", "$30M upfront", "KRW 50 billion", "110 million yuan",
/// "up to €500m" and tells upfront payments from milestones and total values by nearby words.
struct MoneyReader: Sendable {
    let usdRates: [String: Double]

    /// Every currency the reader recognises: a pipeline's `usd_rates` lacking one loses its amounts.
    static let currencies: Set<String> = ["USD", "EUR", "GBP", "JPY", "CNY", "KRW", "INR", "SGD", "AUD", "TWD", "HKD"]

    /// Currency signs and codes written before the number, lower case.
    private static let prefixCurrencies = WordTable(
        [
            ("$", "USD"), ("usd", "USD"), ("€", "EUR"), ("eur", "EUR"), ("£", "GBP"), ("gbp", "GBP"), ("¥", "JPY"),
            ("jpy", "JPY"), ("￥", "JPY"), ("rmb", "CNY"), ("cny", "CNY"), ("krw", "KRW"), ("₩", "KRW"), ("inr", "INR"),
            ("rs", "INR"), ("₹", "INR"), ("sgd", "SGD"), ("aud", "AUD"), ("twd", "TWD"), ("hkd", "HKD"),
        ], isCaseBlind: true)
    /// What a word before "$" makes of the dollar: "US$", "S$", "A$", "NT$", "HK$".
    private static let dollarPrefixes = WordTable(
        [("us", "USD"), ("s", "SGD"), ("a", "AUD"), ("nt", "TWD"), ("hk", "HKD")], isCaseBlind: true)
    private static let suffixCurrencies = WordTable(
        [
            ("won", "KRW"), ("yen", "JPY"), ("yuan", "CNY"), ("renminbi", "CNY"), ("rupees", "INR"), ("rupee", "INR"),
            ("dollars", "USD"), ("euros", "EUR"), ("euro", "EUR"), ("usd", "USD"), ("krw", "KRW"), ("jpy", "JPY"),
            ("cny", "CNY"), ("rmb", "CNY"),
        ], isCaseBlind: true)
    private static let scales = WordTable(
        [
            ("trillion", 1e12), ("tn", 1e12), ("billion", 1e9), ("bn", 1e9), ("b", 1e9), ("million", 1e6),
            ("mn", 1e6), ("m", 1e6), ("mil", 1e6), ("mln", 1e6), ("thousand", 1e3), ("k", 1e3), ("crore", 1e7),
            ("lakh", 1e5),
        ], isCaseBlind: true)

    func amounts(in sentence: [UInt8]) -> [MoneyAmount] {
        let tokens = MoneyToken.tokenize(sentence)
        var found: [MoneyAmount] = []
        for (index, token) in tokens.enumerated() where token.isNumber {
            var currency: String?
            // Currency before the number: "$", "US$", "USD", "KRW", "RMB"...
            if index >= 1 {
                let previous = tokens[index - 1].range
                if let code = Self.prefixCurrencies.value(sentence, previous) {
                    currency = code
                    // "A$", "S$", "US$" are written as one word: "a $1.2 billion deal" is dollars.
                    if code == "USD", previous.count == 1, index >= 2,
                        tokens[index - 2].range.upperBound == previous.lowerBound
                    {
                        currency = Self.dollarPrefixes.value(sentence, tokens[index - 2].range) ?? code
                    }
                }
            }
            var next = index + 1
            var scale = 1.0
            if next < tokens.count, let factor = Self.scales.value(sentence, tokens[next].range) {
                scale = factor
                next += 1
            }
            if currency == nil, next < tokens.count,
                let code = Self.suffixCurrencies.value(sentence, tokens[next].range)
            {
                currency = code
                next += 1
            }
            guard let currency, let value = token.number(in: sentence) else { continue }
            // Bare "$5" without a scale is rarely a deal value; share prices and the like.
            if scale == 1, value < 1000 { continue }
            let amount = value * scale
            let usd = usdRates[currency].map { (amount * $0).rounded() }
            let words = MoneyWords(text: sentence, tokens: tokens, amount: index..<next)
            // "including up to $200 million", "of which $50 million": a part of an amount said before.
            let isIncluded = (max(0, index - 4)..<index).contains { back in
                Self.inclusionWords.contains(sentence, tokens[back].range)
            }
            found.append(
                MoneyAmount(currency: currency, amount: amount, usd: usd, role: words.role, isIncluded: isIncluded))
        }
        return found
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
        // Milestones stated in tranches ("up to $150 million in development milestones and up
        // to $1.1 billion in sales milestones") add up; a tranche written as part of another
        // ("including $200 million") does not.
        let tranches = amounts.filter { $0.role == .milestones && $0.usd != nil && !$0.isIncluded }
        var milestones = largest(.milestones)
        if tranches.count >= 2, let first = tranches.first {
            var seen = Set<Double>()
            let sum = tranches.reduce(0.0) { total, tranche in
                seen.insert(tranche.usd ?? 0).inserted ? total + (tranche.usd ?? 0) : total
            }
            milestones = MoneyAmount(currency: "USD", amount: sum, usd: sum, role: .milestones)
            if tranches.allSatisfy({ $0.currency == first.currency }) {
                milestones = MoneyAmount(
                    currency: first.currency, amount: tranches.reduce(0) { $0 + $1.amount }, usd: sum,
                    role: .milestones)
            }
        }
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
        return DealTerms(
            valueUSD: valueUSD, upfrontUSD: upfront?.usd, valueOriginal: original,
            unratedCurrencies: Set(found.filter { $0.usd == nil }.map(\.currency)))
    }

    private static let inclusionWords = WordTable(
        words: ["including", "includes", "include", "which", "comprising", "comprises", "incl"], isCaseBlind: true)

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
                    role: role, isIncluded: last.isIncluded || amount.isIncluded)
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
    /// Currencies of amounts the sentences state but the pipeline's `usd_rates` cannot
    /// convert: those amounts are lost, and the run says so.
    var unratedCurrencies: Set<String> = []
}

/// A word, number or symbol of a sentence: a range of its bytes, read by ``MoneyReader``
/// without making a String of any word.
private struct MoneyToken {
    let range: Range<Int>
    let isNumber: Bool

    /// The number's value, its thousands separators dropped.
    func number(in text: [UInt8]) -> Double? {
        Double(String(decoding: text[range].filter { $0 != UInt8(ascii: ",") }, as: UTF8.self))
    }

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
                tokens.append(MoneyToken(range: index..<end, isNumber: true))
                index = end
            } else if isWordByte(byte) {
                var end = index + 1
                while end < count, isWordByte(bytes[end]), !(bytes[end] >= 0x30 && bytes[end] <= 0x39) { end += 1 }
                tokens.append(MoneyToken(range: index..<end, isNumber: false))
                index = end
            } else if byte == 0x20 || byte == 0x09 {
                index += 1
            } else {
                // One character: ASCII punctuation, or a whole UTF-8 sequence (€, ¥, ₩, ₹).
                var end = index + 1
                if byte >= 0xC0 { while end < count, bytes[end] & 0xC0 == 0x80 { end += 1 } }
                tokens.append(MoneyToken(range: index..<end, isNumber: false))
                index = end
            }
        }
        return tokens
    }
}

/// The six tokens on each side of an amount, which say what the amount is.
private struct MoneyWords {
    let text: [UInt8]
    let before: ArraySlice<MoneyToken>
    let after: ArraySlice<MoneyToken>

    init(text: [UInt8], tokens: [MoneyToken], amount: Range<Int>) {
        self.text = text
        before = tokens[max(0, amount.lowerBound - 6)..<amount.lowerBound]
        after = tokens[amount.upperBound..<min(tokens.count, amount.upperBound + 6)]
    }

    /// Labels the amount. Milestones named right after an amount win over "up to" before it:
    /// "up to $1.2 billion in milestones" is the milestones, to be added to the upfront, not
    /// the total.
    var role: MoneyAmount.Role {
        if starts(after, ["upfront"]) || starts(after, ["up", "-", "front"]) || starts(after, ["up", "front"])
            || starts(after, ["in", "upfront"]) || starts(after, ["initial"]) || ends(before, ["upfront"])
            || holds(before, ["upfront", "payment"]) || holds(before, ["upfront", "of"])
            || holds(before, ["initial", "payment"])
        {
            return .upfront
        }
        // "in milestones", "more in development and commercial milestones"; not "including
        // milestones" or "in total, with milestones".
        if let milestone = after.firstIndex(where: { word($0, begins: "milestone") }),
            !after[..<milestone].contains(where: { word($0, begins: "includ") || word($0, is: "total") })
        {
            return .milestones
        }
        if holds(before, ["up", "to"]) || holds(before, ["as", "much", "as"]) || holds(before, ["total"])
            || holds(before, ["worth"]) || holds(before, ["valued", "at"]) || holds(before, ["potential"])
            || holds(after, ["in", "total"]) || starts(after, ["total"]) || holds(before, ["aggregate"])
        {
            return .total
        }
        if before.contains(where: { word($0, begins: "milestone") }) { return .milestones }
        return .unlabelled
    }

    private func word(_ token: MoneyToken, is literal: String) -> Bool {
        token.range.count == literal.utf8.count && word(token, begins: literal)
    }

    private func word(_ token: MoneyToken, begins literal: String) -> Bool {
        guard token.range.count >= literal.utf8.count else { return false }
        return zip(text[token.range], literal.utf8).allSatisfy { foldASCII($0) == $1 }
    }

    private func starts(_ tokens: ArraySlice<MoneyToken>, _ words: [String]) -> Bool {
        sequence(tokens, at: tokens.startIndex, is: words)
    }

    private func ends(_ tokens: ArraySlice<MoneyToken>, _ words: [String]) -> Bool {
        sequence(tokens, at: tokens.endIndex - words.count, is: words)
    }

    private func holds(_ tokens: ArraySlice<MoneyToken>, _ words: [String]) -> Bool {
        tokens.indices.contains { sequence(tokens, at: $0, is: words) }
    }

    private func sequence(_ tokens: ArraySlice<MoneyToken>, at start: Int, is words: [String]) -> Bool {
        guard start >= tokens.startIndex, start + words.count <= tokens.endIndex else { return false }
        return words.indices.allSatisfy { word(tokens[start + $0], is: words[$0]) }
    }
}
