/// The HTML elements the page reader tells apart; every other element is `other` and is read
/// like a `div`.
enum PageTag: UInt8, Sendable {
    case other
    case html, head, title, body, meta, link, base
    case script, style, noscript, template, svg, math, iframe, canvas, video, audio, object, embed, picture
    case form, button, input, select, textarea, label, option, dialog
    case nav, footer, aside, header, menu
    case article, main, section, div, center
    case p, br, hr, h1, h2, h3, h4, h5, h6, pre, blockquote, address
    case ul, ol, li, dl, dt, dd
    case table, thead, tbody, tfoot, tr, td, th, caption
    case figure, figcaption, img
    case a, span, em, strong, b, i, u, s, small, sup, sub, font, time, abbr, cite, code, q, mark, wbr, bdi, del, ins

    /// Elements whose contents are never article text: code, media, controls, navigation.
    var isDropped: Bool {
        switch self {
        case .script, .style, .noscript, .template, .svg, .math, .iframe, .canvas, .video, .audio, .object, .embed,
            .button, .input, .select, .textarea, .option, .dialog, .nav, .aside, .footer, .menu, .head, .picture:
            true
        default: false
        }
    }

    /// Elements that do not break a paragraph.
    var isInline: Bool {
        switch self {
        case .a, .span, .em, .strong, .b, .i, .u, .s, .small, .sup, .sub, .font, .time, .abbr, .cite, .code, .q, .mark,
            .wbr, .bdi, .del, .ins, .label, .img:
            true
        default: false
        }
    }

    /// Elements that hold one paragraph of text: their parent is the container a reader scores.
    var isParagraph: Bool {
        switch self {
        case .p, .pre, .blockquote, .h2, .h3, .h4, .h5, .h6, .li, .dd, .dt, .td, .th, .address, .figcaption,
            .caption:
            true
        default: false
        }
    }

    /// Paragraphs whose text votes for the container they sit in. List items, captions and
    /// definitions do not: lists of teasers and link blurbs are where pages keep what is not
    /// the article.
    var isScoredParagraph: Bool {
        switch self {
        case .p, .pre, .td, .blockquote, .h2, .h3, .h4, .h5, .h6: true
        default: false
        }
    }

    /// Containers the reader drops from the body when what they hold looks like page furniture
    /// rather than prose (``MainText``).
    var isCleanedConditionally: Bool {
        switch self {
        case .div, .section, .ul, .ol, .table, .form, .aside, .header, .other, .dl, .center, .figure: true
        default: false
        }
    }

    var isHeading: Bool {
        switch self {
        case .h1, .h2, .h3, .h4, .h5, .h6: true
        default: false
        }
    }

    /// The score a container starts with, by what it usually holds (as readability does).
    var baseScore: Double {
        switch self {
        case .div, .article, .main, .section: 5
        case .pre, .td, .blockquote: 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: -5
        default: 0
        }
    }

    /// Tag names by their bytes (libxml2 gives them lower case).
    static let names: WordTable<PageTag> = {
        var entries: [(String, PageTag)] = []
        var raw: UInt8 = 1
        while let tag = PageTag(rawValue: raw) {
            entries.append(("\(tag)", tag))
            raw += 1
        }
        return WordTable(entries, isCaseBlind: true)
    }()
}
