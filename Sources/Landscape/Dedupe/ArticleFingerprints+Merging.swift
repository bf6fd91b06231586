/// The fingerprints of a month written again from its parent's, written as the parent's are
/// read: a night that adds a thousand articles to a month of thirty thousand held the parent's
/// 14 MB and the new month's 14 beside them (a million articles' landscape), to sign a thousand.
extension ArticleFingerprints {
    /// Where each article of a month written again comes from: its row in the earlier month's
    /// fingerprints, or -1 for an article signed now. A row may only come after the row before
    /// it, so that the earlier month is read once, in order: a kept article out of that order
    /// (its date moved it) is signed again, which gives it the same fingerprints.
    ///
    /// - Parameters:
    ///   - rows: each article's row in the earlier month, -1 for one whose text changed.
    ///   - earlierCount: how many articles the earlier month holds; a row beyond is signed again.
    /// - Returns: the rows, with those out of order or beyond the earlier month -1.
    static func mergeRows(_ rows: [Int32], earlierCount: Int) -> [Int32] {
        var last: Int32 = -1
        return rows.map { row in
            guard row > last, Int(row) < earlierCount else { return -1 }
            last = row
            return row
        }
    }

    /// Writes, as ``write(_:)`` does, the fingerprints of `rows.count` articles: an article of
    /// row -1 takes the next of `fresh`'s, in turn; the others take the earlier month's at their
    /// row (ascending: ``mergeRows(_:earlierCount:)``), which `earlier` hands over a part at a
    /// time, in order, with the place of each part's first article.
    ///
    /// - Returns: false when `earlier` handed over too few articles for the rows, or `fresh`
    ///   holds another count than the rows of -1: what was written is then not fingerprints.
    /// - Throws: what `write` throws.
    static func write<Failure: Error>(
        merging rows: [Int32], fresh: ArticleFingerprints,
        earlier: (_ body: (_ first: Int, _ part: ArticleFingerprints) -> Void) -> Void,
        to write: (ArraySlice<UInt8>) throws(Failure) -> Void
    ) throws(Failure) -> Bool {
        // `write` is called from within `earlier`'s parts, never after it returns.
        try withoutActuallyEscaping(write) { write throws(Failure) in
            try writeMerged(rows, fresh: fresh, earlier: earlier, to: write)
        }
    }

    private static func writeMerged<Failure: Error>(
        _ rows: [Int32], fresh: ArticleFingerprints,
        earlier: (_ body: (_ first: Int, _ part: ArticleFingerprints) -> Void) -> Void,
        to write: @escaping (ArraySlice<UInt8>) throws(Failure) -> Void
    ) throws(Failure) -> Bool {
        var pieces = BytePieces()
        putHeader(count: rows.count, width: fresh.hasher.permutations, into: &pieces)
        var (next, nextFresh) = (0, 0)
        var (failure, isWhole): (Failure?, Bool) = (nil, true)
        // Puts the articles from `next` on that are fresh or in `part` (whose first article is
        // the earlier month's `first`), up to one in a later part, or not handed over at all.
        func put(_ part: ArticleFingerprints?, first: Int) {
            let end = first + (part?.count ?? 0)
            while failure == nil, isWhole, next < rows.count {
                let row = Int(rows[next])
                if row < 0 {
                    guard nextFresh < fresh.count else { return isWhole = false }
                    fresh.putRecord(nextFresh, into: &pieces)
                    nextFresh += 1
                } else if let part, row >= first, row < end {
                    part.putRecord(row - first, into: &pieces)
                } else {
                    // A row before this part's was never handed over.
                    if row < first { isWhole = false }
                    return
                }
                next += 1
                do throws(Failure) {
                    try pieces.flush(write)
                } catch {
                    failure = error
                }
            }
        }
        earlier { first, part in put(part, first: first) }
        // The fresh articles after the last part's; a row left over was never handed over.
        put(nil, first: 0)
        if let failure { throw failure }
        guard isWhole, next == rows.count, nextFresh == fresh.count else { return false }
        try pieces.flush(write, atEnd: true)
        return true
    }
}
