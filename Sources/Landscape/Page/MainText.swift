/// Finds the article body of a page: the container its paragraphs score highest in, with the
/// siblings that continue it, minus what is plainly not prose.
///
/// Scoring follows the method readability made common. Every paragraph of 25 characters or
/// more scores 1, one more per comma and one per 100 characters (at most 3), and gives that
/// score to the container it sits in, half to the container's parent and a third to the next
/// ancestors, so the element holding the most running prose wins. A container's score is then
/// weighed by its tag, its class and id words (``ClassHints``) and the share of its text that is
/// not link text: menus and link lists hold text, but almost all of it in links.
enum MainText {
    /// The body's paragraphs, in reading order; empty when the page holds no prose.
    static func paragraphs(of document: PageDocument) -> [String] {
        selected(document).map { document.string(document.paragraphs[$0]) }
    }

    /// The indices of the body's paragraphs.
    static func selected(_ document: PageDocument) -> [Int] {
        let elements = document.elements
        guard !elements.isEmpty else { return [] }
        // Text and link text of every element, its own and its descendants'.
        var textBytes = [Int](repeating: 0, count: elements.count)
        var linkBytes = [Int](repeating: 0, count: elements.count)
        for paragraph in document.paragraphs where paragraph.element >= 0 {
            textBytes[Int(paragraph.element)] += paragraph.range.count
            linkBytes[Int(paragraph.element)] += paragraph.linkBytes
        }
        for index in stride(from: elements.count - 1, through: 0, by: -1) {
            let parent = Int(elements[index].parent)
            guard parent >= 0 else { continue }
            textBytes[parent] += textBytes[index]
            linkBytes[parent] += linkBytes[index]
        }

        // Paragraph scores go up to the containers.
        var scores = [Double](repeating: 0, count: elements.count)
        var isScored = [Bool](repeating: false, count: elements.count)
        for paragraph in document.paragraphs where paragraph.element >= 0 {
            let length = paragraph.range.count
            guard length >= 25, paragraph.linkBytes * 2 < length else { continue }
            var commas = 0
            for byte in document.text[paragraph.range] where byte == UInt8(ascii: ",") { commas += 1 }
            let score = 1 + Double(commas) + min(Double(length) / 100, 3)
            var container = Int(paragraph.element)
            let element = elements[container]
            // Text of a paragraph element, or of a div used as one, scores its parent; text
            // set straight into a container among its block children scores the container.
            if element.tag.isParagraph || !element.hasBlockChild { container = Int(element.parent) }
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
        for index in 0..<elements.count where isScored[index] && !elements[index].isDropped {
            let density = textBytes[index] > 0 ? Double(linkBytes[index]) / Double(textBytes[index]) : 0
            scores[index] *= 1 - density
            if best < 0 || scores[index] > bestScore {
                best = index
                bestScore = scores[index]
            }
        }
        guard best >= 0 else { return [] }

        // The winner and those of its siblings that continue it.
        var chosen: [Range<Int32>] = [Int32(best)..<elements[best].end]
        let parent = Int(elements[best].parent)
        if parent >= 0 {
            let threshold = max(10, bestScore * 0.2)
            var sibling = parent + 1
            while sibling < Int(elements[parent].end) {
                defer { sibling = Int(elements[sibling].end) }
                guard sibling != best, !elements[sibling].isDropped else { continue }
                let density = textBytes[sibling] > 0 ? Double(linkBytes[sibling]) / Double(textBytes[sibling]) : 1
                var include = isScored[sibling] && scores[sibling] >= threshold
                if !include, elements[sibling].tag == .p {
                    let length = textBytes[sibling]
                    include = (length > 80 && density < 0.25) || (length > 0 && length <= 80 && density == 0)
                }
                if include { chosen.append(Int32(sibling)..<elements[sibling].end) }
            }
        }
        chosen.sort { $0.lowerBound < $1.lowerBound }

        var selected: [Int] = []
        var dropped = DroppedElements(elements)
        for (index, paragraph) in document.paragraphs.enumerated() where paragraph.element >= 0 {
            guard chosen.contains(where: { $0.contains(paragraph.element) }) else { continue }
            guard !dropped.isInside(paragraph.element) else { continue }
            let length = paragraph.range.count
            // Link lists ("Related: ...") and one-word controls are not prose.
            if paragraph.linkBytes * 2 > length { continue }
            selected.append(index)
        }
        return selected
    }
}

/// Answers "is this element inside a dropped one?" for elements asked about in document order.
private struct DroppedElements {
    let elements: [PageDocument.Element]
    private var memo: [Int32: Bool] = [:]

    init(_ elements: [PageDocument.Element]) {
        self.elements = elements
    }

    mutating func isInside(_ index: Int32) -> Bool {
        if let known = memo[index] { return known }
        var current = index
        var result = false
        while current >= 0 {
            if elements[Int(current)].isDropped {
                result = true
                break
            }
            current = elements[Int(current)].parent
        }
        memo[index] = result
        return result
    }
}
