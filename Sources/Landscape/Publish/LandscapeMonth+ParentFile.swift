extension LandscapeMonth {
    /// A month file of the parent snapshot.
    struct ParentFile: Sendable {
        let snapshot: PublishedSnapshot
        /// The file's path inside the snapshot, its digest and rows, as the manifest says.
        let path: String
        let sha256: String
        let rows: Int
        /// Where the file's index is kept, under its digest.
        let indexes: ArticleIndexCache

        /// The file's whole index: the one kept for it, or, when none is (or the one kept lists
        /// another number of articles), one made by reading the file and kept for the next night.
        ///
        /// - Throws: ``DamagedDataError`` for a file missing or changed since it was published,
        ///   or what decoding its lines throws.
        func wholeIndex() throws -> ArticleMonthIndex {
            if let kept = indexes.index(of: sha256, rows: rows), kept.count == rows { return kept }
            let articles = try snapshot.records(Article.self, file: path, sha256: sha256)
            let index = ArticleMonthIndex(
                articles: articles, digests: ArticleStore.digests(ArticleStore.ungrouped(articles), jobs: 1))
            // Only spares work: without it the month is read again next night.
            try? indexes.replace(index, of: sha256)
            return index
        }
    }
}
