/// `deals.jsonl`, written as it is encoded. Most of a night's deals are the parent's very values,
/// read from the parent's file and left as they were: their lines are copied from that file, a
/// run of lines at a time, instead of encoding 900,000 deals again at a million articles.
enum DealsFile {
    /// A stretch of the file: lines copied from the parent's file (its bytes, the newline after
    /// the last one not included), or deals to encode.
    enum Stretch: Equatable {
        case copied(Range<Int>)
        case encoded(Range<Int>)
    }

    /// Bytes copied, or deals encoded, in one piece. A piece is held twice while it is compared
    /// with the parent's file, and the runs between merged deals lengthen with the landscape:
    /// pieces of 4 MB added 6 MB to the million's night and not to the 100,000's.
    static let copiedBytes = 1 << 20
    static let encodedDeals = 4096

    /// Hands `deals` as JSON lines to `emit`, in pieces. With `parent` (the deals read from
    /// `lines`, in their order), a deal that is the very value read is copied from there.
    ///
    /// - Returns: how many deals were copied.
    /// - Throws: ``DamagedDataError`` when the parent's file changed since it was read; what
    ///   `emit` throws.
    @discardableResult
    static func write(
        _ deals: [Deal], parent: [Deal], lines: RecordLines?, jobs: Int, to emit: (_ piece: [UInt8]) throws -> Void
    ) throws -> Int {
        let stretches = lines.map { Self.stretches(deals, parent: parent, places: $0.places) } ?? []
        let encoded = stretches.reduce(0) { if case .encoded(let range) = $1 { $0 + range.count } else { $0 } }
        guard let lines, !stretches.isEmpty, encoded < deals.count else {
            try deals.writeJSONLines(jobs: jobs, to: emit)
            return 0
        }
        try lines.reading { read in
            for stretch in stretches {
                switch stretch {
                case .copied(let bytes):
                    for start in stride(from: bytes.lowerBound, to: bytes.upperBound, by: copiedBytes) {
                        try emit(try read(start..<min(start + copiedBytes, bytes.upperBound)))
                    }
                    try emit([UInt8(ascii: "\n")])
                case .encoded(let range):
                    for start in stride(from: range.lowerBound, to: range.upperBound, by: encodedDeals) {
                        try emit(deals[start..<min(start + encodedDeals, range.upperBound)].jsonLines())
                    }
                }
            }
        }
        return deals.count - encoded
    }

    /// Hands the deals of `file`, tonight's own, as JSON lines to `emit`, in pieces: their lines
    /// copied as they are, runs of lines next to one another at a time, but for the deals a
    /// policy flags (`flagged`, by place, in order), encoded in their places. The deals in the
    /// file must be unflagged (``DealRuns``).
    ///
    /// - Returns: how many deals were copied.
    /// - Throws: ``DamagedDataError`` when the file changed since it was written; what `emit`
    ///   throws.
    @discardableResult
    static func write(
        _ file: DealLines, encoding flagged: [(position: Int, deal: Deal)], to emit: (_ piece: [UInt8]) throws -> Void
    ) throws -> Int {
        let places = file.lines.places
        let opened = try file.opened()
        func copy(_ lines: Range<Int>) throws {
            guard let first = lines.first, let last = lines.last else { return }
            // Lines next to one another: their bytes and the newlines between them, and the last's.
            let bytes = places[first].lowerBound..<(places[last].upperBound + 1)
            for start in stride(from: bytes.lowerBound, to: bytes.upperBound, by: copiedBytes) {
                try emit(try opened.read(start..<min(start + copiedBytes, bytes.upperBound)))
            }
        }
        var next = 0
        for (position, deal) in flagged {
            try copy(next..<position)
            try emit([deal].jsonLines())
            next = position + 1
        }
        try copy(next..<places.count)
        return places.count - flagged.count
    }

    /// Hands the deals of `patch` as JSON lines to `emit`, in pieces, without reading a kept
    /// deal: the kept lines are copied from the parent's file, runs of lines next to one another
    /// at a time, and the merged deals encoded in their places (``DealPatch/mergedPlaces``).
    /// The kept deals must be the parent's very values, flags and all (their sources and flags
    /// left in the file, ``DealLines/sourcesFile``), in a file this code wrote.
    ///
    /// - Returns: how many deals were copied.
    /// - Throws: ``DamagedDataError`` when the parent's file changed since it was read, or the
    ///   patch has not been read through yet; what `emit` throws.
    @discardableResult
    static func write(_ patch: DealPatch, to emit: (_ piece: [UInt8]) throws -> Void) throws -> Int {
        let places = patch.lines.lines.places
        guard let mergedPlaces = patch.mergedPlaces, mergedPlaces.count == patch.merged.count,
            places.count == patch.isReplaced.count
        else { throw DamagedDataError(path: patch.lines.path, problem: "the merged deals' places are not known") }
        let file = try patch.lines.opened()
        var run: Range<Int>?
        var copied = 0
        func flush() throws {
            guard let bytes = run else { return }
            for start in stride(from: bytes.lowerBound, to: bytes.upperBound, by: copiedBytes) {
                try emit(try file.read(start..<min(start + copiedBytes, bytes.upperBound)))
            }
            try emit([UInt8(ascii: "\n")])
            run = nil
        }
        var next = 0
        func encodeMerged(before line: Int) throws {
            let first = next
            while next < mergedPlaces.count, mergedPlaces[next] <= line { next += 1 }
            guard next > first else { return }
            try flush()
            for start in stride(from: first, to: next, by: encodedDeals) {
                try emit(patch.merged[start..<min(start + encodedDeals, next)].jsonLines())
            }
        }
        for line in places.indices {
            try encodeMerged(before: line)
            guard !patch.isReplaced[line] else {
                try flush()
                continue
            }
            let place = places[line]
            if let bytes = run, bytes.upperBound + 1 == place.lowerBound {
                run = bytes.lowerBound..<place.upperBound
            } else {
                try flush()
                run = place
            }
            copied += 1
        }
        try encodeMerged(before: places.count)
        try flush()
        return copied
    }

    /// The stretches `deals` are written in: runs of deals that are the parent's very values on
    /// lines next to one another in the parent's file, copied; the others encoded.
    ///
    /// Both lists are newest first, so the parent's deal of each is found by walking them in
    /// step, as ``Change/between(old:new:)`` does, but by identity rather than by id: a list
    /// that repeats an id still copies each deal's own line. A parent's deal listed before
    /// tonight's is one that changed, moved or went. Deals
    /// out of that order are only encoded more often, never written wrong: a line is copied
    /// only for the very value read from it.
    static func stretches(_ deals: [Deal], parent: [Deal], places: LinePlaces) -> [Stretch] {
        guard places.count == parent.count else { return deals.isEmpty ? [] : [.encoded(deals.indices)] }
        var stretches: [Stretch] = []
        func copy(_ line: Range<Int>) {
            if case .copied(let bytes)? = stretches.last, bytes.upperBound + 1 == line.lowerBound {
                stretches[stretches.count - 1] = .copied(bytes.lowerBound..<line.upperBound)
            } else {
                stretches.append(.copied(line))
            }
        }
        func encode(_ index: Int) {
            if case .encoded(let range)? = stretches.last, range.upperBound == index {
                stretches[stretches.count - 1] = .encoded(range.lowerBound..<index + 1)
            } else {
                stretches.append(.encoded(index..<index + 1))
            }
        }
        var (i, j) = (0, 0)
        while i < deals.count {
            if j < parent.count && deals[i].isIdentical(to: parent[j]) {
                copy(places[j])
                (i, j) = (i + 1, j + 1)
            } else if j < parent.count && DealMerger.isListedBefore(parent[j], deals[i]) {
                j += 1
            } else {
                encode(i)
                i += 1
            }
        }
        return stretches
    }
}
