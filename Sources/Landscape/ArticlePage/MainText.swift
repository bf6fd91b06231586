/// Finds the article body of a page: the container its paragraphs score highest in, with the
/// siblings that continue it, minus what is plainly not prose.
///
/// The method is the one readability made common. Every paragraph of 25 characters or more
/// scores 1, one more per comma and one per 100 characters (at most 3), and gives that score to
/// the container it sits in, half to the container's parent and less to the next ancestors, so
/// the element holding the most running prose wins. A container's score is weighed by its tag,
/// its class and id words (``ClassHints``) and the share of its text that is not link text:
/// menus and link lists hold text, but almost all of it in links. Inside the winner, blocks that
/// look like furniture (more list items than paragraphs, link-heavy, images without text,
/// forms) are dropped.
enum MainText {
    /// The body's paragraphs, in reading order; empty when the page holds no prose.
    static func paragraphs(of document: PageDocument) -> [String] {
        selected(document).map { document.string(document.paragraphs[$0]) }
    }

    /// What each element holds, its descendants included.
    struct Contents {
        var textBytes = 0
        var linkBytes = 0
        var commas = 0
        var paragraphs = 0
        var listItems = 0
        var images = 0
        var inputs = 0
        var embeds = 0

        var linkDensity: Double { textBytes > 0 ? Double(linkBytes) / Double(textBytes) : 0 }

        mutating func add(_ other: Contents) {
            textBytes += other.textBytes
            linkBytes += other.linkBytes
            commas += other.commas
            paragraphs += other.paragraphs
            listItems += other.listItems
            images += other.images
            inputs += other.inputs
            embeds += other.embeds
        }
    }

    /// The indices of the body's paragraphs.
    static func selected(_ document: PageDocument) -> [Int] {
        let elements = document.elements
        guard !elements.isEmpty else { return [] }
        let excluded = furniture(document)
        let contents = contents(document, excluded: excluded)
        var scores = [Double](repeating: 0, count: elements.count)
        var isScored = [Bool](repeating: false, count: elements.count)
        for paragraph in document.paragraphs where paragraph.element >= 0 && !excluded[Int(paragraph.element)] {
            let length = paragraph.range.count
            var container = Int(paragraph.element)
            let element = elements[container]
            let isParagraph = element.tag.isParagraph || !element.hasBlockChild
            guard length >= 25, paragraph.linkBytes * 2 < length,
                !isParagraph || element.tag.isScoredParagraph
                    || (!element.tag.isParagraph && element.tag != .span)
            else { continue }
            var commas = 0
            for byte in document.text[paragraph.range] where byte == UInt8(ascii: ",") { commas += 1 }
            let score = 1 + Double(commas) + min(Double(length) / 100, 3)
            // Text of a paragraph element, or of a div used as one, scores its parent; text
            // set straight into a container among its block children scores the container.
            if isParagraph { container = Int(element.parent) }
            var level = 0
            while container >= 0, level < 5 {
                if !isScored[container] {
                    isScored[container] = true
                    scores[container] = elements[container].tag.baseScore + Double(elements[container].hint.weight)
                }
                scores[container] += score / (level == 0 ? 1 : level == 1 ? 2 : Double(level) * 3)
                container = Int(elements[container].parent)
                level += 1
            }
        }
        var best = -1
        var bestScore = 0.0
        for index in 0..<elements.count where isScored[index] && !excluded[index] {
            scores[index] *= 1 - contents[index].linkDensity
            if best < 0 || scores[index] > bestScore {
                best = index
                bestScore = scores[index]
            }
        }
        guard best >= 0 else { return [] }

        // The winner and those of its siblings that continue it.
        var chosen: [Int] = [best]
        let parent = Int(elements[best].parent)
        if parent >= 0 {
            let threshold = max(10, bestScore * 0.2)
            var sibling = parent + 1
            while sibling < Int(elements[parent].end) {
                defer { sibling = Int(elements[sibling].end) }
                guard sibling != best, !excluded[sibling] else { continue }
                let held = contents[sibling]
                var include = isScored[sibling] && scores[sibling] >= threshold
                if !include, elements[sibling].tag == .p {
                    let length = held.textBytes
                    include =
                        (length > 80 && held.linkDensity < 0.25) || (length > 0 && length <= 80 && held.linkBytes == 0)
                }
                if include { chosen.append(sibling) }
            }
        }
        chosen.sort()

        // Blocks inside the chosen elements that look like furniture.
        var isRemoved = [Bool](repeating: false, count: elements.count)
        for root in chosen {
            for index in root + 1..<Int(elements[root].end) {
                let parent = Int(elements[index].parent)
                if excluded[index] || (parent > root && isRemoved[parent]) {
                    isRemoved[index] = true
                    continue
                }
                isRemoved[index] = looksLikeFurniture(elements[index], contents[index], score: scores[index])
            }
        }

        var selected: [Int] = []
        var next = 0
        for root in chosen {
            let range = Int32(root)..<elements[root].end
            while next < document.paragraphs.count, document.paragraphs[next].element < range.lowerBound { next += 1 }
            while next < document.paragraphs.count, range.contains(document.paragraphs[next].element) {
                let paragraph = document.paragraphs[next]
                defer { next += 1 }
                guard !isRemoved[Int(paragraph.element)] else { continue }
                // The headline is the title, which the page's metadata gives; the body is what follows it.
                if elements[Int(paragraph.element)].tag == .h1 { continue }
                // Link lists ("Related: ...") and one-word controls are not prose.
                if paragraph.linkBytes * 2 > paragraph.range.count { continue }
                selected.append(next)
            }
        }
        return selected
    }

    /// Readability's conditional cleaning: a block whose contents read like a list of links, a
    /// gallery, a form or an embed rather than text.
    private static func looksLikeFurniture(_ element: PageDocument.Element, _ held: Contents, score: Double) -> Bool {
        guard element.tag.isCleanedConditionally else { return false }
        let weight = element.hint.weight
        if weight < 0 { return true }
        guard held.commas < 10 else { return false }
        let isList = element.tag == .ul || element.tag == .ol
        let paragraphs = held.paragraphs
        if held.images > 1, Double(paragraphs) / Double(held.images) < 0.5, element.tag != .figure { return true }
        if !isList, held.listItems - 100 > paragraphs { return true }
        if held.inputs > paragraphs / 3 { return true }
        if !isList, held.textBytes < 25, held.images == 0 || held.images > 2 { return true }
        if !isList, weight < 25, held.linkDensity > 0.2 { return true }
        if weight >= 25, held.linkDensity > 0.5 { return true }
        if (held.embeds == 1 && held.textBytes < 75) || held.embeds > 1 { return true }
        return false
    }

    /// Elements named as furniture (comments, share bars, cookie banners...) or hidden, and
    /// everything inside them, unless one holds most of the page's prose: then the class is
    /// a wrapper's ("off-canvas-ad-pusher") and says nothing about the article.
    private static func furniture(_ document: PageDocument) -> [Bool] {
        let elements = document.elements
        var prose = [Int](repeating: 0, count: elements.count)
        var total = 0
        for paragraph in document.paragraphs where paragraph.element >= 0 {
            let length = paragraph.range.count
            guard length >= 25, paragraph.linkBytes * 2 < length else { continue }
            prose[Int(paragraph.element)] += length
            total += length
        }
        for index in stride(from: elements.count - 1, through: 0, by: -1) {
            let parent = Int(elements[index].parent)
            if parent >= 0 { prose[parent] += prose[index] }
        }
        var excluded = [Bool](repeating: false, count: elements.count)
        for index in 0..<elements.count {
            let parent = Int(elements[index].parent)
            if parent >= 0, excluded[parent] {
                excluded[index] = true
            } else if elements[index].hint.isFurniture {
                excluded[index] = prose[index] * 2 < total || total == 0
            }
        }
        return excluded
    }

    /// What every element holds, its own and its descendants', leaving out excluded elements.
    private static func contents(_ document: PageDocument, excluded: [Bool]) -> [Contents] {
        let elements = document.elements
        var contents = [Contents](repeating: Contents(), count: elements.count)
        for (index, element) in elements.enumerated() where !excluded[index] {
            switch element.tag {
            case .p: contents[index].paragraphs = 1
            case .li: contents[index].listItems = 1
            case .img: contents[index].images = 1
            case .input, .select, .textarea, .button: contents[index].inputs = 1
            case .iframe, .object, .embed, .video: contents[index].embeds = 1
            default: break
            }
        }
        for paragraph in document.paragraphs where paragraph.element >= 0 && !excluded[Int(paragraph.element)] {
            let index = Int(paragraph.element)
            contents[index].textBytes += paragraph.range.count
            contents[index].linkBytes += paragraph.linkBytes
            for byte in document.text[paragraph.range] where byte == UInt8(ascii: ",") { contents[index].commas += 1 }
        }
        for index in stride(from: elements.count - 1, through: 0, by: -1) {
            let parent = Int(elements[index].parent)
            if parent >= 0 { contents[parent].add(contents[index]) }
        }
        return contents
    }
}
