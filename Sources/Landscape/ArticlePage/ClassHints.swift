/// What an element's `class`, `id` and `role` say about it, read word by word: "comments",
/// "share-bar" and "relatedStories" are not article text; "article-body" and "entry-content"
/// are.
///
/// Values are cut into words at anything not a letter and at lower-to-upper case changes, so
/// one list of words covers the ways sites spell them. Substrings are never matched: "ad" in
/// "header" or "shadow" is not an advert.
enum ClassHints {
    /// The verdict on one element.
    struct Hint: Equatable {
        /// Weight for content scoring: positive for words of article bodies, negative for
        /// words of page furniture.
        var weight: Int = 0
        /// Page furniture named outright, with no word of an article body beside it: the
        /// element and all it holds are left out.
        var isFurniture = false
    }

    /// How much each word says; `furniture` words drop their element.
    private enum Word {
        case content, negative, furniture
    }

    private static let words: WordTable<Word> = WordTable(
        [
            "article", "body", "content", "entry", "main", "post", "story", "text", "prose", "blog",
            "articlebody", "storytext", "postbody", "richtext",
        ].map { ($0, Word.content) }
            + [
                "meta", "byline", "author", "date", "time", "tag", "tags", "topics", "header", "masthead", "widget",
                "sidebar", "side", "aside", "rail", "teaser", "promo", "card", "cards", "list", "more", "caption",
                "credit", "media", "photo", "gallery", "video", "figure", "toolbar", "tools", "links", "follow",
                "bio", "inline", "embed", "sponsor", "sponsored", "partner", "extra", "pagination",
                "pager", "next", "prev", "previous", "print", "rss", "hero", "label", "kicker", "dateline", "summary",
            ].map { ($0, Word.negative) }
            + [
                "comment", "comments", "disqus", "share", "sharing", "sharebar", "social", "related", "recommended",
                "recirc", "recirculation", "newsletter", "subscribe", "subscription", "signup", "cookie", "cookies",
                "consent", "gdpr", "banner", "footer", "nav", "navbar", "navigation", "menu", "breadcrumb",
                "breadcrumbs", "advert", "advertisement", "advertising", "ad", "ads", "adsense", "dfp", "popup",
                "modal", "overlay", "outbrain", "taboola", "trending", "popular", "mostread", "login",
                "signin", "skip", "sociallinks", "shares", "jump", "offscreen", "cta", "donate", "feedback",
            ].map { ($0, Word.furniture) },
        isCaseBlind: true)

    /// Class names that hide an element from every reader.
    private static let hiddenClasses = WordTable<Void>(
        words: ["hidden", "hide", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "d-none"],
        isCaseBlind: true)

    /// Reads `value` (a `class`, `id` or `role`) into `hint`.
    static func read(_ value: UnsafeBufferPointer<UInt8>, into hint: inout Hint, isClass: Bool) {
        var hasContent = false
        var hasFurniture = false
        var start = 0
        var index = 0
        let count = value.count
        func word(_ range: Range<Int>) {
            guard range.count > 1 else { return }
            switch words.value(value, range) {
            case .content:
                hint.weight += 25
                hasContent = true
            case .negative: hint.weight -= 25
            case .furniture:
                hint.weight -= 25
                hasFurniture = true
            case nil: break
            }
        }
        while index <= count {
            let byte = index < count ? value[index] : 0x20
            let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            if !isLetter {
                if index > start { word(start..<index) }
                start = index + 1
            } else if index > start, byte <= 0x5A, (value[index - 1] | 0x20) == value[index - 1] {
                // "relatedStories": a capital after a small letter begins a word.
                word(start..<index)
                start = index
            }
            index += 1
        }
        if isClass {
            var nameStart = 0
            for end in 0...count where end == count || value[end] == 0x20 || value[end] == 0x09 {
                if end > nameStart, hiddenClasses.value(value, nameStart..<end) != nil { hint.isFurniture = true }
                nameStart = end + 1
            }
        }
        if hasFurniture && !hasContent { hint.isFurniture = true }
    }
}
