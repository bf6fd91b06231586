/// A small fixed set of words looked up by their bytes in the text, so the rules that ask
/// "is this word a head, a legal suffix, an abbreviation?" make no String per word.
///
/// Words are bucketed by length and compared byte by byte; the lists it holds are tens of
/// words long, where this beats hashing.
struct WordTable<Value: Sendable>: Sendable {
    /// Entries by length, then by first byte (folded when case-blind): a lookup compares the
    /// few words that share both, so lists of hundreds of words cost what lists of ten do.
    private var buckets: [[[(word: [UInt8], value: Value)]]] = []
    private let isCaseBlind: Bool

    /// - Parameters:
    ///   - entries: the words and what each stands for.
    ///   - isCaseBlind: compare with ASCII letters folded (the words must then be lower case).
    init(_ entries: [(String, Value)], isCaseBlind: Bool = false) {
        self.isCaseBlind = isCaseBlind
        for (word, value) in entries {
            let bytes = Array(word.utf8)
            guard let first = bytes.first else { continue }
            while buckets.count <= bytes.count { buckets.append(Array(repeating: [], count: 256)) }
            buckets[bytes.count][Int(isCaseBlind ? foldASCII(first) : first)].append((bytes, value))
        }
    }

    /// What `text[range]` stands for, or `nil` when it is not one of the words.
    func value(_ text: [UInt8], _ range: Range<Int>) -> Value? {
        text.withUnsafeBufferPointer { value($0, range) }
    }

    /// What `text[range]` stands for, for text the caller does not own (a C parser's buffer).
    func value(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
        guard range.count < buckets.count, !range.isEmpty else { return nil }
        let first = text[range.lowerBound]
        for entry in buckets[range.count][Int(isCaseBlind ? foldASCII(first) : first)] {
            var index = 0
            while index < entry.word.count {
                let byte = text[range.lowerBound + index]
                guard (isCaseBlind ? foldASCII(byte) : byte) == entry.word[index] else { break }
                index += 1
            }
            if index == entry.word.count { return entry.value }
        }
        return nil
    }

    /// Whether `text[range]` is one of the words.
    func contains(_ text: [UInt8], _ range: Range<Int>) -> Bool {
        value(text, range) != nil
    }

    /// Whether any of the space-separated words of `text[range]` is one of the words.
    func containsAnyWord(of text: [UInt8], in range: Range<Int>) -> Bool {
        var start = range.lowerBound
        while start < range.upperBound {
            let end = text[start..<range.upperBound].firstIndex(of: 0x20) ?? range.upperBound
            if contains(text, start..<end) { return true }
            start = end + 1
        }
        return false
    }
}

extension WordTable where Value == Void {
    /// A set of words.
    init(words: [String], isCaseBlind: Bool = false) {
        self.init(words.map { ($0, ()) }, isCaseBlind: isCaseBlind)
    }
}
