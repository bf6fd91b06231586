/// A page as the reader sees it after one parse: its elements in document order, the text of
/// its paragraphs, and what its head and scripts say about it.
///
/// Elements are kept as a flat array (a parent comes before its children, and an element's
/// descendants are the indices up to its `end`), text as one byte buffer with whitespace
/// collapsed. Dropped elements (scripts, navigation, furniture named by class) keep their
/// place in the array but none of their text.
struct PageDocument {
    struct Element {
        var tag: PageTag
        var parent: Int32
        /// One past the index of the element's last descendant.
        var end: Int32
        var hint: ClassHints.Hint
        /// Left out, with everything inside it.
        var isDropped: Bool
        /// Holds an element that breaks paragraphs (so its own text is one paragraph among
        /// others, not the whole of a paragraph-like `div`).
        var hasBlockChild = false
    }

    /// A run of text between two paragraph breaks.
    struct Paragraph {
        /// The innermost element that is not inline.
        var element: Int32
        var range: Range<Int>
        /// Bytes of it inside links.
        var linkBytes: Int
        var isHeading: Bool
    }

    var elements: [Element] = []
    var paragraphs: [Paragraph] = []
    var text: [UInt8] = []

    // What the head and the scripts say.
    var title: [UInt8] = []
    var language: String?
    var canonicalURL: String?
    /// `meta` names and properties (lower case) with their content, first one wins.
    var meta: [String: String] = [:]
    /// The text of every `script type="application/ld+json"`.
    var jsonLD: [[UInt8]] = []

    /// The text of a paragraph.
    func string(_ paragraph: Paragraph) -> String {
        String(decoding: text[paragraph.range], as: UTF8.self)
    }
}
