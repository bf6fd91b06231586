/// The story groups of a month's articles, in order, held as one small number an article.
///
/// Nearly every article is a story of its own (no original, its own id as its cluster's), and
/// such a group is not written out: a million articles' groups as an array are 32 MB, a
/// month index held for every month of the landscape through dedupe; here 4 MB and the few
/// groups that are not an article's own.
struct StoryGroups: RandomAccessCollection, Equatable, Sendable {
    /// The articles' ids, in order: an article alone in its story takes its cluster's from its own.
    private var ids: [String]
    /// Per article, -1 when it is alone in its story, else its group's place in ``listed``.
    private var places: [Int32]
    private var listed: [StoryGroup]

    init() {
        ids = []
        places = []
        listed = []
    }

    /// The groups `groups`, one for each of the articles whose ids are `ids`, in order.
    init(_ groups: some Sequence<StoryGroup>, ids: [String]) {
        self.ids = ids
        places = []
        places.reserveCapacity(ids.count)
        listed = []
        for (id, group) in zip(ids, groups) {
            if group.duplicateOf == nil && group.clusterID == id {
                places.append(-1)
            } else {
                places.append(Int32(listed.count))
                listed.append(group)
            }
        }
        precondition(places.count == ids.count, "a story group for each article")
    }

    var startIndex: Int { 0 }
    var endIndex: Int { places.count }

    subscript(position: Int) -> StoryGroup {
        let place = places[position]
        return place < 0 ? StoryGroup(alone: ids[position]) : listed[Int(place)]
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
