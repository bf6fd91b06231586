/// Finds many phrases at once in text (Aho-Corasick over bytes, ASCII case folded).
///
/// Built once per run, then shared read-only by every extraction thread. Matching walks each
/// byte through a dense transition table, so its cost does not grow with the number of phrases.
/// Only whole-word matches count: a phrase that starts or ends with a letter or digit must not
/// touch another letter or digit in the text.
public struct PhraseMatcher: Sendable {
    /// A phrase found at bytes `start..<end` of the text.
    public struct Match: Sendable, Hashable {
        public let start: Int
        public let end: Int
        public let phrase: Int
    }

    private let classOf: [UInt8]  // byte -> class; 0 for bytes no phrase uses
    private let classCount: Int
    /// state * classCount + class -> next state, with ``outputFlag`` set when a phrase ends
    /// there: the walk tests a bit, and reads the output tables only where a phrase may end.
    /// Two bytes a cell while the states fit in 15 bits (gazetteers of thousands of names do),
    /// which halves the table the walk misses the cache on; four bytes beyond.
    private let transitions16: [UInt16]
    private let transitions32: [UInt32]
    private let phraseEndingHere: [Int32]  // longest phrase ending exactly at a state, or -1
    private let nextOutput: [Int32]  // nearest suffix state that ends a phrase, or -1
    private let phraseLengths: [Int]
    private let nextSamePhrase: [Int32]  // the next phrase spelled the same, or -1
    private let phraseChecksStart: [Bool]
    private let phraseChecksEnd: [Bool]

    /// Builds the matcher; phrase `i` of the result's matches is `phrases[i]`.
    public init(phrases: [String]) {
        var classes = [UInt8](repeating: 0, count: 256)
        var nextClass: UInt8 = 1
        let folded = phrases.map { Array($0.utf8).map(foldASCII) }
        for phrase in folded {
            for byte in phrase where classes[Int(byte)] == 0 {
                classes[Int(byte)] = nextClass
                nextClass += 1
            }
        }
        // Upper-case letters share their lower-case letter's class.
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") { classes[Int(upper)] = classes[Int(upper | 0x20)] }
        let classCount = Int(nextClass)

        var children: [[UInt8: Int32]] = [[:]]
        var ending: [Int32] = [-1]
        var lastSame: [Int32] = [-1]
        var sameAs = [Int32](repeating: -1, count: phrases.count)
        for (index, phrase) in folded.enumerated() where !phrase.isEmpty {
            var state: Int32 = 0
            for byte in phrase {
                let symbol = classes[Int(byte)]
                if let next = children[Int(state)][symbol] {
                    state = next
                } else {
                    children.append([:])
                    ending.append(-1)
                    lastSame.append(-1)
                    let next = Int32(children.count - 1)
                    children[Int(state)][symbol] = next
                    state = next
                }
            }
            if ending[Int(state)] == -1 {
                ending[Int(state)] = Int32(index)
                lastSame[Int(state)] = Int32(index)
            } else {
                // The same phrase twice (a name that is also a deal word): both numbers match.
                sameAs[Int(lastSame[Int(state)])] = Int32(index)
                lastSame[Int(state)] = Int32(index)
            }
        }

        let stateCount = children.count
        var table = [Int32](repeating: 0, count: stateCount * classCount)
        var fail = [Int32](repeating: 0, count: stateCount)
        var output = [Int32](repeating: -1, count: stateCount)
        var queue: [Int32] = []
        for symbol in 0..<classCount {
            if let child = children[0][UInt8(symbol)] {
                table[symbol] = child
                queue.append(child)
            }
        }
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            let failState = Int(fail[state])
            output[state] = ending[failState] >= 0 ? Int32(failState) : output[failState]
            for symbol in 0..<classCount {
                if let child = children[state][UInt8(symbol)] {
                    fail[Int(child)] = table[failState * classCount + symbol]
                    table[state * classCount + symbol] = child
                    queue.append(child)
                } else {
                    table[state * classCount + symbol] = table[failState * classCount + symbol]
                }
            }
        }

        classOf = classes
        self.classCount = classCount
        let endsPhrase = (0..<stateCount).map { ending[$0] >= 0 || output[$0] >= 0 }
        if stateCount <= Int(Self.outputFlag16) {
            transitions16 = table.map { UInt16($0) | (endsPhrase[Int($0)] ? Self.outputFlag16 : 0) }
            transitions32 = []
        } else {
            transitions16 = []
            transitions32 = table.map { UInt32($0) | (endsPhrase[Int($0)] ? Self.outputFlag32 : 0) }
        }
        phraseEndingHere = ending
        nextOutput = output
        phraseLengths = folded.map(\.count)
        nextSamePhrase = sameAs
        phraseChecksStart = folded.map { $0.first.map(isWordByte) ?? false }
        phraseChecksEnd = folded.map { $0.last.map(isWordByte) ?? false }
    }

    /// Every whole-word occurrence of every phrase, overlapping ones included, ordered by end.
    public func allMatches(in text: [UInt8]) -> [Match] {
        allMatches(in: text, range: 0..<text.count)
    }

    /// Every whole-word occurrence inside `range` of `text` (word boundaries are judged against
    /// the whole text), overlapping ones included, ordered by end.
    public func allMatches(in text: [UInt8], range: Range<Int>) -> [Match] {
        var matches: [Match] = []
        // The walk reads its tables through buffer pointers: one byte costs one load from the
        // table and one bit test, with no bounds check or reference counting in the loop.
        text.withUnsafeBufferPointer { bytes in
            classOf.withUnsafeBufferPointer { classOf in
                if transitions32.isEmpty {
                    transitions16.withUnsafeBufferPointer { table in
                        walk(bytes, range, classOf, table, flag: Self.outputFlag16, into: &matches)
                    }
                } else {
                    transitions32.withUnsafeBufferPointer { table in
                        walk(bytes, range, classOf, table, flag: Self.outputFlag32, into: &matches)
                    }
                }
            }
        }
        return matches
    }

    private static let outputFlag16: UInt16 = 0x8000
    private static let outputFlag32: UInt32 = 0x8000_0000

    @inline(__always)
    private func walk<Cell: FixedWidthInteger & UnsignedInteger>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ classOf: UnsafeBufferPointer<UInt8>,
        _ table: UnsafeBufferPointer<Cell>, flag: Cell, into matches: inout [Match]
    ) {
        var state = 0
        for position in range.clamped(to: 0..<bytes.count) {
            let cell = table[state &* classCount &+ Int(classOf[Int(bytes[position])])]
            state = Int(cell & ~flag)
            guard cell & flag != 0 else { continue }
            var candidate = phraseEndingHere[state] >= 0 ? state : Int(nextOutput[state])
            while candidate >= 0 {
                var phrase = Int(phraseEndingHere[candidate])
                let end = position + 1
                let start = end - phraseLengths[phrase]
                if start >= range.lowerBound, isWholeWord(bytes, start: start, end: end, phrase: phrase) {
                    while phrase >= 0 {
                        matches.append(Match(start: start, end: end, phrase: phrase))
                        phrase = Int(nextSamePhrase[phrase])
                    }
                }
                candidate = Int(nextOutput[candidate])
            }
        }
    }

    /// Leftmost-longest, non-overlapping whole-word matches, ordered by start.
    ///
    /// - Parameters:
    ///   - text: UTF-8 bytes to search.
    ///   - accept: a filter applied before overlaps are resolved (e.g. exact case for
    ///     acronyms), so a rejected match never hides a shorter valid one.
    /// - Returns: the chosen matches, ordered by start.
    public func longestMatches(in text: [UInt8], accept: (Match) -> Bool = { _ in true }) -> [Match] {
        Self.longest(allMatches(in: text).filter(accept))
    }

    /// Leftmost-longest, non-overlapping matches of `matches`, ordered by start.
    public static func longest(_ matches: [Match]) -> [Match] {
        guard !matches.isEmpty else { return [] }
        // The same span twice (a name spelled like another's): the lower phrase number wins.
        let candidates = matches.sorted {
            $0.start != $1.start ? $0.start < $1.start : $0.end != $1.end ? $0.end > $1.end : $0.phrase < $1.phrase
        }
        var chosen: [Match] = []
        chosen.reserveCapacity(candidates.count)
        var coveredUntil = 0
        for match in candidates where match.start >= coveredUntil {
            chosen.append(match)
            coveredUntil = match.end
        }
        return chosen
    }

    private func isWholeWord(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, phrase: Int) -> Bool {
        if phraseChecksStart[phrase], start > 0, WordBytes.isWordCharacter(bytes, before: start) { return false }
        if phraseChecksEnd[phrase], end < bytes.count, isWordByte(bytes[end]) { return false }
        return true
    }
}
