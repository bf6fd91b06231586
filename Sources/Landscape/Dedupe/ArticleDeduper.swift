/// Marks articles that repeat another: same canonical URL, or same title on the same day.
///
/// The earliest seen article of a group is the original; the others get `duplicateOf` set to it,
/// and every member gets the original's id as `clusterID`. Linear in the number of articles.
public enum ArticleDeduper {
    public static func run(_ articles: [Article]) -> [Article] {
        var sets = DisjointSets(count: articles.count)
        var byURL: [String: Int] = [:]
        var byTitleDay: [String: Int] = [:]
        for (index, article) in articles.enumerated() {
            if let url = article.canonicalURL, !url.isEmpty {
                if let first = byURL[url] { sets.union(first, index) } else { byURL[url] = index }
            }
            if let title = article.title, let day = article.published?.day {
                let key = normalizedTitle(title) + "|" + day
                if let first = byTitleDay[key] { sets.union(first, index) } else { byTitleDay[key] = index }
            }
        }
        // The original of each group: earliest first seen, then smallest id, so it is stable.
        var original: [Int: Int] = [:]
        for index in articles.indices {
            let root = sets.find(index)
            if let current = original[root] {
                let a = articles[index]
                let b = articles[current]
                if (a.firstSeen, a.articleID) < (b.firstSeen, b.articleID) { original[root] = index }
            } else {
                original[root] = index
            }
        }
        return articles.indices.map { index in
            var article = articles[index]
            let first = original[sets.find(index)] ?? index
            article.clusterID = articles[first].articleID
            article.duplicateOf = first == index ? nil : articles[first].articleID
            return article
        }
    }

    static func normalizedTitle(_ title: String) -> String {
        String(
            title.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }
}

/// Union-find with path halving, for grouping records by any of several keys.
struct DisjointSets {
    private var parent: [Int]

    init(count: Int) {
        parent = Array(0..<count)
    }

    mutating func find(_ element: Int) -> Int {
        var current = element
        while parent[current] != current {
            parent[current] = parent[parent[current]]
            current = parent[current]
        }
        return current
    }

    mutating func union(_ a: Int, _ b: Int) {
        let rootA = find(a)
        let rootB = find(b)
        if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
    }
}
