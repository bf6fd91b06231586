/// A night's network patched from the parent's: the edges of the pairs no deal merged again
/// touched are the parent's, read from its `network/edges.jsonl` when written, and only the
/// touched pairs' edges are held. At a million deals the network's half a million edges took
/// some 36 MB of aggregate's peak and 30 of publish's, for a night that changed a few thousand.
///
/// An edge is made of the deals between its two organisations, in the deals' order. A pair none
/// of whose deals was replaced or merged again has the parent's deals, in the parent's order, so
/// its edge is the parent's: deals, value, ids and whether it crosses a bloc line (that of its
/// first deal). What the line says of its ends (name, country, bloc) is tonight's nodes', which
/// every deal of the night counts, as before.
extension PartnershipNetwork {
    /// An edge's two organisations, by entity id, the lower first: the graph has no direction.
    struct EdgeEnds: Hashable, Sendable {
        let low: String
        let high: String

        init(_ one: String, _ other: String) {
            (low, high) = one < other ? (one, other) : (other, one)
        }
    }

    /// The parent snapshot's edges file, when it can stand for the edges of the pairs a night
    /// did not touch: a plain file this code wrote from the parent's deals under tonight's policy.
    struct ParentEdgesFile: Sendable {
        let path: String
        /// Its digest in the parent's manifest, checked each time it is read.
        let sha256: String
        /// Where its lines count as read (the parent snapshot's tally, ``RowTally``): each read
        /// counts in the stage that makes it.
        var tally = RowTally()

        /// Hands the file's records to `body` a block at a time, in order.
        ///
        /// - Throws: ``DamagedDataError`` when the file is not the one published; what `body` throws.
        func forEachBlock<Line: ScannableRecord & Decodable>(_ type: Line.Type, _ body: ([Line]) throws -> Void)
            throws
        {
            try JSONLinesReader.forEachBlock(type, from: path, sha256: sha256, blockBytes: Self.blockBytes, jobs: 1) {
                lines, _ in
                tally.read(lines.count)
                try body(lines)
            }
        }

        /// The bytes read at a time. Publish reads the file twice at once, for the edges and for
        /// GraphML, each pass holding a block's bytes twice over, its lines decoded, their edges
        /// and the text made of them: blocks of the reader's usual 4 MB made the 100,000's night
        /// 90 MB against 78 without the patch.
        static let blockBytes = 1 << 20
    }

    /// The parent's edges file and the pairs whose lines in it tonight's edges replace.
    struct ParentEdges: Sendable {
        let file: ParentEdgesFile
        let touched: Set<EdgeEnds>
    }

    /// The pairs of named organisations of `deals`: those whose edges a night that replaced or
    /// merged these deals makes again.
    static func pairs(of deals: some Sequence<Deal>) -> Set<EdgeEnds> {
        var pairs = Set<EdgeEnds>()
        var ids: [String] = []
        for deal in deals {
            ids.removeAll(keepingCapacity: true)
            deal.forEachParty { party in
                if party.name != nil, !ids.contains(party.entityID) { ids.append(party.entityID) }
            }
            for i in ids.indices {
                for j in ids.indices where j > i { pairs.insert(EdgeEnds(ids[i], ids[j])) }
            }
        }
        return pairs
    }

    /// Hands every edge to `body` a few thousand at a time, in the edges' order: those held
    /// and, for a patched network, the parent's of the pairs not touched, merged in order. The
    /// parent's come without their deals' ids unless `Reading` is ``WithDealIDs``.
    func forEachEdgeBlock<Reading: EdgeLineReading>(
        _ reading: Reading.Type, _ body: (_ edges: [Edge]) throws -> Void
    ) throws {
        guard let parentEdges else {
            for start in stride(from: 0, to: edges.count, by: Self.edgesInPiece) {
                try body(Array(edges[start..<min(start + Self.edgesInPiece, edges.count)]))
            }
            return
        }
        // Both are in the order of their ends' ids (the source's, then the target's).
        var held = 0
        try parentEdges.file.forEachBlock(EdgeLine<Reading>.self) { lines in
            var block: [Edge] = []
            block.reserveCapacity(lines.count)
            for line in lines where !parentEdges.touched.contains(EdgeEnds(line.source, line.target)) {
                while held < edges.count, (edges[held].source, edges[held].target) < (line.source, line.target) {
                    block.append(edges[held])
                    held += 1
                }
                block.append(
                    Edge(
                        source: line.source, target: line.target, deals: line.deals, valueUSD: line.valueUSD,
                        dealIDs: DealIDs(line.dealIDs), isCrossBloc: line.isCrossBloc))
            }
            try body(block)
        }
        if held < edges.count { try body(Array(edges[held...])) }
    }

    /// Edges handed over at a time, as a piece of a network file.
    static let edgesInPiece = 4096
}

/// An edge as `network/edges.jsonl` holds it, without what it says of its ends, which the
/// night's nodes say; its deals' ids only when `Reading` is ``WithDealIDs``: a GraphML file,
/// and each organisation's partners, do without them.
struct EdgeLine<Reading: EdgeLineReading>: Decodable, ScannableRecord {
    let source: String
    let target: String
    let deals: Int
    let valueUSD: Double
    let isCrossBloc: Bool
    let dealIDs: [DealID]

    private enum CodingKeys: String, CodingKey {
        case source, target, deals
        case valueUSD = "value_usd"
        case isCrossBloc = "cross_bloc"
        case dealIDs = "deal_ids"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(String.self, forKey: .source)
        target = try container.decode(String.self, forKey: .target)
        deals = try container.decode(Int.self, forKey: .deals)
        valueUSD = try container.decode(Double.self, forKey: .valueUSD)
        isCrossBloc = try container.decode(Bool.self, forKey: .isCrossBloc)
        dealIDs = Reading.readsDealIDs ? try container.decode([String].self, forKey: .dealIDs).map(DealID.init) : []
    }

    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        var (source, target): (String?, String?)
        var (deals, valueUSD, isCrossBloc): (Int?, Double?, Bool?)
        var dealIDs: [DealID] = []
        try scanner.object { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "source": source = try scanner.string()
            case "target": target = try scanner.string()
            case "deals": deals = try scanner.int()
            case "value_usd": valueUSD = try scanner.double()
            case "cross_bloc": isCrossBloc = try scanner.bool()
            case "deal_ids" where Reading.readsDealIDs:
                try scanner.array { scanner throws(JSONScanner.Failure) in
                    dealIDs.append(try DealID(scanning: &scanner))
                }
            default: try scanner.skipValue()
            }
        }
        guard let source, let target, let deals, let valueUSD, let isCrossBloc else { throw JSONScanner.Failure() }
        (self.source, self.target, self.deals, self.valueUSD, self.isCrossBloc, self.dealIDs) = (
            source, target, deals, valueUSD, isCrossBloc, dealIDs
        )
    }
}

/// Whether an ``EdgeLine`` reads its deals' ids.
protocol EdgeLineReading: Sendable {
    static var readsDealIDs: Bool { get }
}

enum WithDealIDs: EdgeLineReading {
    static var readsDealIDs: Bool { true }
}

enum WithoutDealIDs: EdgeLineReading {
    static var readsDealIDs: Bool { false }
}
