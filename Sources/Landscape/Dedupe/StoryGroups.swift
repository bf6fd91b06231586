/// The story groups of a month's articles (or a landscape's, through dedupe), in order, held
/// as one small number an article.
///
/// Nearly every article is a story of its own (no original, its own id as its cluster's), and
/// such a group is not written out: a million articles' groups as an array are 32 MB, a
/// month index held for every month of the landscape through dedupe; here 4 MB and the few
/// groups that are not an article's own.
struct StoryGroups: RandomAccessCollection, Equatable, Sendable {
    /// The articles' ids, in order: an article alone in its story takes its cluster's from its own.
    private var ids: ArticleIDs
    /// Per article, -1 when it is alone in its story, else its group's place in ``listed``.
    private var places: [Int32]
    private var listed: [StoryGroup]

    init() {
        ids = ArticleIDs()
        places = []
        listed = []
    }

    /// The groups `groups`, one for each of the articles whose ids are `ids`, in order.
    init(_ groups: some Sequence<StoryGroup>, ids: ArticleIDs) {
        self.init(sparse: groups.lazy.map { Optional($0) }, ids: ids)
    }

    /// The groups `groups`, one for each of the articles whose ids are `ids`, in order, nil
    /// for an article alone in its story (``sparse``).
    init(sparse groups: some Sequence<StoryGroup?>, ids: ArticleIDs) {
        var count = 0
        var listed: [(row: Int, group: StoryGroup)] = []
        for (row, group) in zip(ids.indices, groups) {
            count += 1
            if let group { listed.append((row, group)) }
        }
        precondition(count == ids.count, "a story group for each article")
        self.init(listed: listed, ids: ids)
    }

    /// The groups of the articles at the rows `listed` gives (ascending), every other article
    /// alone in its story: groups gathered as articles are met, without one for each.
    init(listed: some Sequence<(row: Int, group: StoryGroup)>, ids: ArticleIDs) {
        self.ids = ids
        places = [Int32](repeating: -1, count: ids.count)
        self.listed = []
        for (row, group) in listed where !group.isAlone(row, of: ids) {
            places[row] = Int32(self.listed.count)
            self.listed.append(group)
        }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { places.count }

    subscript(position: Int) -> StoryGroup {
        let place = places[position]
        return place < 0 ? StoryGroup(alone: ids[position]) : listed[Int(place)]
    }

    /// Each article's group, nil for an article alone in its story: the groups without a string
    /// made for every article.
    var sparse: [StoryGroup?] { sparse(indices) }

    /// The groups of the articles at `rows`, as ``sparse`` gives them: a landscape's groups,
    /// one month's rows at a time.
    func sparse(_ rows: Range<Int>) -> [StoryGroup?] { places[rows].map { $0 < 0 ? nil : listed[Int($0)] } }

    /// The articles not alone in their story, by row, in order, with their groups.
    var listedRows: some Sequence<(row: Int, group: StoryGroup)> {
        places.enumerated().lazy.filter { $0.element >= 0 }.map { ($0.offset, listed[Int($0.element)]) }
    }

    /// Whether `groups` (one an article, in order, as ``sparse`` gives them) are these.
    func holds(_ groups: some Collection<StoryGroup?>) -> Bool {
        guard groups.count == count else { return false }
        for (row, group) in zip(places.indices, groups) {
            let place = places[row]
            guard let group else {
                if place >= 0 { return false }
                continue
            }
            if place < 0 ? !group.isAlone(row, of: ids) : listed[Int(place)] != group { return false }
        }
        return true
    }

    /// A digest of the groups as ``sparse`` gives them: what dedupe keeps of every month's
    /// groups, to tell which months it changed. A million articles' groups held for that were
    /// 12 MB without their ids (each article's place, and the copies' groups as strings).
    var digest: Digest { digest(indices) }

    /// The digest of the groups of the articles at `rows`, as ``sparse(_:)`` gives them, made
    /// without an array of them: a month's, of a landscape's groups.
    func digest(_ rows: Range<Int>) -> Digest {
        Digest(places[rows].lazy.map { $0 < 0 ? nil : listed[Int($0)] })
    }

    /// A SHA-256 of story groups, one an article in order, nil for an article alone in its
    /// story (as ``StoryGroups/sparse`` gives them): equal for the same groups. A group given
    /// for an article alone in its story, which ``StoryGroups/holds(_:)`` takes for nil, is
    /// another digest.
    struct Digest: Equatable, Sendable {
        let hex: String

        /// The digest of `groups`: a byte for an article alone in its story, else each id
        /// after its length, so that no two lists of groups are written alike.
        init(_ groups: some Sequence<StoryGroup?>) {
            var hasher = BufferedSHA256()
            for group in groups {
                hasher.append { buffer in
                    guard let group else { return buffer.append(0) }
                    buffer.append(group.duplicateOf == nil ? 1 : 2)
                    for id in [group.duplicateOf, group.clusterID].compactMap({ $0 }) {
                        withUnsafeBytes(of: UInt32(id.utf8.count).littleEndian) { buffer += $0 }
                        buffer += id.utf8
                    }
                }
            }
            hex = hasher.hexDigest()
        }
    }

    /// The articles whose group here is not their group in `other` (the same articles'), by row,
    /// with their group here: a month's groups as dedupe left them against those its file was
    /// written in. Compared place by place, without a string made for an article alone in its
    /// story in both.
    func changes(from other: StoryGroups) -> [Int: StoryGroup] {
        precondition(other.count == count, "the same articles' groups")
        var changed: [Int: StoryGroup] = [:]
        for row in places.indices {
            let (mine, theirs) = (places[row], other.places[row])
            let group = mine < 0 ? nil : listed[Int(mine)]
            if group != (theirs < 0 ? nil : other.listed[Int(theirs)]) {
                changed[row] = group ?? StoryGroup(alone: ids[row])
            }
        }
        return changed
    }

    /// How many articles repeat another, counted without making their groups.
    var duplicateCount: Int { listed.count { $0.duplicateOf != nil } }

    /// Two months' groups are equal when each article's is; an article is alone in its story
    /// the same way in both (see the initializer), so groups of the same ids compare as held.
    static func == (lhs: StoryGroups, rhs: StoryGroups) -> Bool {
        guard lhs.ids == rhs.ids else { return lhs.elementsEqual(rhs) }
        return lhs.places == rhs.places && lhs.listed == rhs.listed
    }
}

extension StoryGroup {
    /// Whether this is the group of the article at `row` of `ids` alone in its story, or the
    /// original of it: no original, its own id as its cluster's.
    func isAlone(_ row: Int, of ids: ArticleIDs) -> Bool {
        duplicateOf == nil && ids.isID(at: row, equalTo: clusterID)
    }

    /// Whether this is the group of the article `articleID` alone in its story, as
    /// ``isAlone(_:of:)`` tells of an article among ids.
    func isAlone(as articleID: String) -> Bool { duplicateOf == nil && clusterID == articleID }
}
