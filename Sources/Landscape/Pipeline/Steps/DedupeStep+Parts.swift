extension DedupeStep {
    /// About how many articles' reports one part of a merge of every report holds: at a million
    /// articles, 15 parts of some 60,000 reports each.
    static let articlesPerPart = 65_536

    /// Merges every report without previous deals (a build) a part of the party sets at a
    /// time: every month's reports are read once and each line filed in its part's file; each
    /// part's reports are then read, merged, and written in their listed order, and the parts
    /// are woven into the entry's deals file (``DealRuns``). A build held every report and every
    /// deal (2.1 GB at a million articles, with their sources); it holds one part's.
    ///
    /// - Returns: the deals, woven and not held; nil when extract's months are not in the
    ///   cache, or a deal's id or date is not in the form the weave orders by: every report is
    ///   then merged at once.
    func mergeInParts(_ input: Input) throws -> MergedDeals? {
        guard let months = try? extractCache.months(key: input.extracted.key) else { return nil }
        let parts = max(1, (input.landscape.count + Self.articlesPerPart - 1) / Self.articlesPerPart)
        let paths = try cache.reportsPartPaths(parts)
        defer { for path in paths { unlink(path) } }
        // Every month's reports are read once, each line filed in its part's file in the
        // landscape's order; a month without a list of party sets has each part read its lines.
        guard let reportCount = try fileReports(of: months, into: paths) else {
            return try mergeInParts(input, months: months, parts: parts)
        }
        var runs = DealRuns()
        var (sharing, partySets) = (Set<String>(), 0)
        do {
            for path in paths {
                let reports = try JSONLinesReader.read(Deal.self, from: path, jobs: jobs)
                unlink(path)
                guard try add(reports, to: &runs, sharing: &sharing, partySets: &partySets) else { return nil }
            }
        } catch {
            runs.discard()
            throw error
        }
        return MergedDeals(
            deals: nil, stored: try cache.stagedWoven(runs), partySetsSharingSources: sharing,
            partySetsMerged: partySets, reportCount: reportCount)
    }

    /// Merges one part's reports and writes its deals for `runs` to weave; false, with the
    /// runs' files removed, when the weave cannot order them.
    private func add(
        _ reports: [Deal], to runs: inout DealRuns, sharing: inout Set<String>, partySets: inout Int
    ) throws -> Bool {
        let merged = DealMerger.merge(reports, windowDays: options.dealWindowDays, previous: [], jobs: jobs)
        sharing.formUnion(merged.partySetsSharingSources)
        partySets += merged.partySetsMerged
        guard try runs.add(merged.deals, write: { try cache.stagedPart(merged.deals, jobs: jobs) }) else {
            runs.discard()
            return false
        }
        // The part's reports were decoded on every core: handed back before the next's.
        FreedMemory.release()
        return true
    }

    /// Files the line of every report of `months` in the file of its party set's part
    /// (``DealRuns/part(of:parts:)``), months read two at a time and filed in order; returns
    /// how many reports there were, or nil when a month has no list of party sets.
    private func fileReports(of months: [(month: String, key: String)], into paths: [String]) throws -> Int? {
        let files = try paths.map { path in
            unlink(path)
            return try DurableFile.NewFile(path)
        }
        let (extractCache, stamps, parts) = (extractCache, stamps, paths.count)
        var count = 0
        for start in stride(from: 0, to: months.count, by: max(1, jobs)) {
            let batch = Array(months[start..<min(start + max(1, jobs), months.count)])
            let split = parallelMap(batch, jobs: jobs) { month in
                Result { () throws -> (pieces: [[UInt8]], count: Int)? in
                    guard let read = try extractCache.monthReportLines(key: month.key, stamps: stamps) else {
                        return nil
                    }
                    var pieces = [[UInt8]](repeating: [], count: parts)
                    for (row, line) in read.lines.enumerated() {
                        let part = DealRuns.part(of: read.partySets[row], parts: parts)
                        pieces[part].append(contentsOf: read.bytes[line])
                        pieces[part].append(UInt8(ascii: "\n"))
                    }
                    return (pieces, read.lines.count)
                }
            }
            for result in split {
                guard let (pieces, rows) = try result.get() else { return nil }
                for (file, piece) in zip(files, pieces) where !piece.isEmpty { try file.write(piece) }
                count += rows
            }
        }
        for file in files { try file.close(sync: false) }
        return count
    }

    /// ``mergeInParts(_:)`` for months without lists of party sets: each part reads the lines
    /// of its reports from every month.
    private func mergeInParts(_ input: Input, months: [(month: String, key: String)], parts: Int) throws
        -> MergedDeals?
    {
        var runs = DealRuns()
        var (sharing, partySets, reportCount) = (Set<String>(), 0, 0)
        do {
            for part in 0..<parts {
                let read = try readReports(of: months) { DealRuns.part(of: $0, parts: parts) == part }
                if part == 0 { reportCount = read.count }
                guard try add(read.deals, to: &runs, sharing: &sharing, partySets: &partySets) else { return nil }
            }
        } catch {
            runs.discard()
            throw error
        }
        return MergedDeals(
            deals: nil, stored: try cache.stagedWoven(runs), partySetsSharingSources: sharing,
            partySetsMerged: partySets, reportCount: reportCount)
    }
}
