/// New articles' pages to read, in the order they are read: each page's id and address held
/// in runs of bytes, made a ``PageRequest`` only when asked for. A build lists the page of
/// every article it parsed: as requests, each id and address a string of its own beside two
/// sets of the ids, they took some 200 MB more at a million articles, held from parse until
/// the landscape is made.
public struct PageRequests: RandomAccessCollection, Sendable {
    private let ids: ArticleIDs
    private let addresses: Addresses
    /// The place in ``ids`` of each page, in reading order.
    private let order: [Int32]

    /// Every page's address, one after another, in the order of ``ids``.
    struct Addresses: Sendable {
        private(set) var bytes: [UInt8] = []
        /// Where each address ends in ``bytes``; the next starts there.
        private(set) var ends: [UInt32] = []
        /// Whether each page has an address (an article without a link has none).
        private(set) var isPresent: [Bool] = []

        mutating func append(_ address: String?) {
            if let address { bytes += address.utf8 }
            precondition(bytes.count <= Int(UInt32.max), "page addresses past 4 GB")
            ends.append(UInt32(bytes.count))
            isPresent.append(address != nil)
        }

        /// Appends the address at `place`, if any, to `text`.
        func appendUTF8(at place: Int, to text: inout [UInt8]) {
            guard isPresent[place] else { return }
            text += bytes[span(place)]
        }

        subscript(place: Int) -> String? {
            guard isPresent[place] else { return nil }
            return String(decoding: bytes[span(place)], as: UTF8.self)
        }

        /// Where the address at `place` lies in ``bytes``.
        private func span(_ place: Int) -> Range<Int> {
            (place == 0 ? 0 : Int(ends[place - 1]))..<Int(ends[place])
        }
    }

    init(ids: ArticleIDs, addresses: Addresses, order: [Int32]) {
        self.ids = ids
        self.addresses = addresses
        self.order = order
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { order.count }

    /// Appends the page at `position` to `text` as "<article id> <address>" (nothing after the
    /// space for a page without an address), without making either a string.
    func appendLine(at position: Int, to text: inout [UInt8]) {
        let place = Int(order[position])
        ids.appendUTF8(at: place, to: &text)
        text.append(UInt8(ascii: " "))
        addresses.appendUTF8(at: place, to: &text)
    }

    public subscript(position: Int) -> PageRequest {
        let place = Int(order[position])
        return PageRequest(articleID: ids[place], url: addresses[place])
    }
}
