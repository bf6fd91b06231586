/// Deals merged a part of the party sets at a time, each part's deals written to a file of
/// their own in their listed order (``DealMerger/isListedBefore(_:_:)``), then woven into one
/// file in the listed order of them all: what a merge of every report holds is one part's
/// reports and deals, and each written deal's place in the order (12 bytes), not a million
/// deals with their sources (1.4 GB).
///
/// Party sets merge apart from one another, and a merge without previous deals gives each deal
/// an id made of its own party set and date, so the deals of the parts are those of one merge
/// of every report (``DealMerger/merge(_:windowDays:previous:jobs:)``), and the woven file is
/// its lines. On previous deals, whose ids a deal of another part may claim, the claims of every
/// part are settled first (``IDClaims``), and the parts take the ids one merge gives.
struct DealRuns {
    /// The files written, each with its deals' places in the order, in the file's order.
    private var runs: [(path: String, keys: [OrderKey])] = []
    /// Where one deal goes in the listed order: its day and its id as numbers
    /// (``DealOutline``), which order deals as their texts do when both are in the forms this
    /// code writes.
    fileprivate struct OrderKey: Comparable {
        let day: Int32
        let id: UInt64

        static func < (a: OrderKey, b: OrderKey) -> Bool { (a.day, a.id) < (b.day, b.id) }
    }

    /// How many deals were added.
    private(set) var count = 0

    /// Which of `parts` a party set's reports are merged in: a hash of its key's bytes
    /// (FNV-1a), the same in every process, so that a rerun splits them alike.
    static func part(of partyKey: String, parts: Int) -> Int {
        guard parts > 1 else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in partyKey.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(parts))
    }

    /// Where each of one part's deals goes in the listed order of every part's.
    struct Order: Sendable {
        fileprivate let keys: [OrderKey]
    }

    /// The places of `deals`, in their listed order, in the order of every part's; nil when a
    /// deal's id or date is not in the form this code writes (the parts' order cannot then be
    /// told from their numbers), or a deal is flagged already (publish copies the lines of
    /// deals a policy does not flag).
    static func order(_ deals: [Deal]) -> Order? {
        var keys: [OrderKey] = []
        keys.reserveCapacity(deals.count)
        for deal in deals {
            guard let id = deal.id.number, deal.flags.isEmpty else { return nil }
            let day: Int32
            if let announced = deal.announced {
                guard let number = DealOutline.dayNumber(Array(announced.utf8)[...]) else { return nil }
                day = number
            } else {
                day = -1
            }
            keys.append(OrderKey(day: day, id: id))
        }
        // Listed newest first: each key is at most the one before it.
        precondition(zip(keys, keys.dropFirst()).allSatisfy { $0 >= $1 }, "a part's deals are not in listed order")
        return Order(keys: keys)
    }

    /// Adds one part's deals, their lines written to `path` in their listed order.
    mutating func add(_ order: Order, writtenTo path: String) {
        runs.append((path, order.keys))
        count += order.keys.count
    }

    /// Weaves the parts' files into one, in the listed order of all their deals, handing its
    /// bytes to `write` a megabyte or so at a time.
    ///
    /// - Returns: where each deal's line is in the woven file, without its newline.
    /// - Throws: ``FileSystemError`` naming a part's file that cannot be read or does not hold
    ///   its deals' lines, or from `write`.
    func weave(_ write: (ArraySlice<UInt8>) throws(FileSystemError) -> Void) throws(FileSystemError) -> LinePlaces {
        do {
            return try weaving(write)
        } catch let error as FileSystemError {
            throw error
        } catch let error as DamagedDataError {
            throw FileSystemError(path: error.path, operation: "weave the merged deals", message: error.problem)
        } catch {
            throw FileSystemError(
                path: runs.first?.path ?? "", operation: "weave the merged deals", message: "\(error)")
        }
    }

    private func weaving(_ write: (ArraySlice<UInt8>) throws(FileSystemError) -> Void) throws -> LinePlaces {
        let readers = try runs.map { try FileBlockReader(path: $0.path) }
        var next = [Int](repeating: 0, count: runs.count)
        var places = LinePlaces()
        places.reserveCapacity(count)
        var pending: [UInt8] = []
        pending.reserveCapacity(1 << 20)
        var written = 0
        while true {
            // A few parts: the one whose next deal comes first is found by looking at each.
            var first: Int?
            for run in runs.indices where next[run] < runs[run].keys.count {
                if let best = first, runs[best].keys[next[best]] >= runs[run].keys[next[run]] { continue }
                first = run
            }
            guard let run = first else { break }
            let copied = try readers[run].takeLine { line, hasNewline -> Int? in
                guard hasNewline else { return nil }
                pending.append(contentsOf: line)
                return line.count
            }
            guard let length = copied ?? nil else {
                throw DamagedDataError(path: runs[run].path, problem: "ends before its \(runs[run].keys.count) deals")
            }
            places.append(written..<(written + length - 1))
            written += length
            next[run] += 1
            if pending.count >= 1 << 20 {
                try write(pending[...])
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty { try write(pending[...]) }
        for (run, reader) in zip(runs, readers) where try !reader.isAtEnd() {
            throw DamagedDataError(path: run.path, problem: "holds more than its \(run.keys.count) deals")
        }
        return places
    }

    /// Removes the parts' files.
    func discard() {
        for run in runs { unlink(run.path) }
    }
}
