/// The landscape as a graph: organisations as nodes, and an edge between every two parties of a
/// deal that happened (announced or completed), weighted by deals and their value. Parties the
/// text describes without naming ("a US biotech") are left out: they are not one organisation.
///
/// Publish writes it as `network/edges.jsonl` and `network/partnerships.graphml`
/// (`Publish/NetworkFiles.swift`).
public struct PartnershipNetwork: Sendable {
    public struct Node: Sendable, Hashable {
        public let id: String
        public let name: String
        public let country: String?
        public let kind: OrganizationKind
        public let bloc: String
        public var deals: Int
        /// Distinct organisations it has dealt with.
        public var partners: Int
        /// The other blocs its partners are in, alphabetical: what makes it a bridge.
        public var blocsReached: [String]
    }

    public struct Edge: Sendable, Hashable {
        /// Entity ids, `source` before `target` alphabetically: the graph has no direction.
        public let source: String
        public let target: String
        public var deals: Int
        /// The sum of the values of the deals on the edge (each deal's whole value, on each edge
        /// it makes).
        public var valueUSD: Double
        /// The ids of the deals on the edge, in the order of the deals: read from the deals by
        /// their places, a stretch of one array that holds every edge's, where half a million
        /// arrays of one or two ids each cost their headers and spare room, and a million ids
        /// 16 MB against 4 MB of places.
        public var dealIDs: DealIDs
        public let isCrossBloc: Bool
    }

    /// The ids of an edge's deals, read by their places from the ids of every deal on an edge.
    public struct DealIDs: RandomAccessCollection, Sendable, Hashable {
        fileprivate let places: ArraySlice<Int32>
        fileprivate let ids: DealIDList

        public var startIndex: Int { 0 }
        public var endIndex: Int { places.count }
        public subscript(position: Int) -> DealID { ids[Int(places[places.startIndex + position])] }

        fileprivate init(places: ArraySlice<Int32>, ids: DealIDList) {
            self.places = places
            self.ids = ids
        }

        /// The ids `ids`, in their order: an edge read back from a file.
        init(_ ids: [DealID]) {
            var list = DealIDList()
            for id in ids { list.append(id) }
            self.init(places: Array(0..<Int32(ids.count))[...], ids: list)
        }

        public static func == (a: DealIDs, b: DealIDs) -> Bool { a.elementsEqual(b) }

        public func hash(into hasher: inout Hasher) {
            for id in self { hasher.combine(id) }
        }
    }

    /// The ids of the deals on an edge, in the order met: eight bytes each, the merge's ids
    /// held as their numbers (``DealID/number``), any other by its place.
    fileprivate struct DealIDList: Sendable {
        private var numbers: [UInt64] = []
        private var others: [Int32: DealID] = [:]

        var count: Int { numbers.count }

        mutating func append(_ id: DealID) {
            if let number = id.number {
                numbers.append(number)
            } else {
                others[Int32(numbers.count)] = id
                numbers.append(0)
            }
        }

        subscript(place: Int) -> DealID {
            others[Int32(place)] ?? DealID(number: numbers[place])
        }
    }

    /// The edges as numbers, each made into an ``Edge`` when it is asked for: half a million
    /// edges at a million deals held 96 bytes each as edges and their ends, where a row of
    /// numbers takes 32.
    public struct Edges: RandomAccessCollection, Sendable {
        fileprivate var rows: [Row] = []
        /// Every edge's deals, by their place in ``dealIDs``, edge after edge in the order the
        /// edges were met.
        fileprivate var dealPlaces: [Int32] = []
        /// The ids of the deals on an edge, in the order the deals came.
        fileprivate var dealIDs = DealIDList()
        /// The organisations' ids by the number they were met in.
        fileprivate var nodeIDs: [String] = []

        fileprivate struct Row {
            /// The ends' numbers, `source` before `target` by their ids.
            var source: Int32
            var target: Int32
            var deals: Int32
            /// Where the edge's deals start in ``dealPlaces``.
            var firstDeal: Int32
            var valueUSD: Double
            let isCrossBloc: Bool
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { rows.count }

        /// The ends' numbers of row `row`, the lower first: what ``EdgeSlots`` finds it by.
        fileprivate func ends(of row: Int) -> (low: Int32, high: Int32) {
            let ends = rows[row]
            return ends.source < ends.target ? (ends.source, ends.target) : (ends.target, ends.source)
        }

        public subscript(position: Int) -> Edge {
            let row = rows[position]
            let first = Int(row.firstDeal)
            return Edge(
                source: nodeIDs[Int(row.source)], target: nodeIDs[Int(row.target)], deals: Int(row.deals),
                valueUSD: row.valueUSD,
                dealIDs: DealIDs(places: dealPlaces[first..<first + Int(row.deals)], ids: dealIDs),
                isCrossBloc: row.isCrossBloc)
        }
    }

    public let nodes: [Node]
    /// The edges held: every edge, or, for a network patched from the parent's
    /// (``parentEdges``), those of the pairs tonight's deals touched. ``forEachEdgeBlock(_:)``
    /// gives every edge either way.
    public let edges: Edges
    /// The parent's edges file, whose lines of the pairs not touched are the other edges.
    let parentEdges: ParentEdges?
    /// How many edges the network has, held or not.
    public let edgeCount: Int
    /// The blocs the nodes were placed in.
    public let blocs: Blocs

    public init(deals: [Deal], blocs: Blocs) {
        var builder = Builder(blocs: blocs)
        for deal in deals { builder.add(deal) }
        self = builder.network()
    }

    private init(nodes: [Node], edges: Edges, blocs: Blocs, parentEdges: ParentEdges?, edgeCount: Int) {
        self.nodes = nodes
        self.edges = edges
        self.blocs = blocs
        self.parentEdges = parentEdges
        self.edgeCount = edgeCount
    }

    /// The network made of deals handed over one by one, in their order: what a stream of
    /// deals, never held all at once, is folded into.
    public struct Builder {
        private let blocs: Blocs
        // Organisations are numbered as first met, and an edge is found by its two numbers: a
        // million deals make millions of edge sightings, and hashing one integer beats joining
        // and hashing two ids.
        private var numberOf: [String: Int32] = [:]
        private var nodes: [Node] = []
        private var slots = EdgeSlots()
        private var edges = Edges()
        /// Each sighting of an edge, in the deals' order: the edge's row, and the place of its
        /// deal's id. Laid out edge by edge once every edge is known (``network()``).
        private var sightings: [(edge: Int32, deal: Int32)] = []
        private var parties: [(number: Int32, party: DealParty)] = []
        /// The only pairs whose edges are held, when the rest are the parent's.
        private let keeping: Set<EdgeEnds>?
        /// The organisations at an end of a pair kept, and whether each node is one, by number:
        /// a pair whose ends are not both such is passed over without hashing its two ids (a
        /// million deals make millions of pairs).
        private let keptEnds: Set<String>
        private var isKeptEnd: [Bool] = []

        public init(blocs: Blocs) {
            self.blocs = blocs
            keeping = nil
            keptEnds = []
        }

        /// A builder that holds the edges of the pairs `touched` only, and counts every deal
        /// of every organisation: the network of the deals added with the parent's edges of
        /// the other pairs (``network(patching:)``).
        init(blocs: Blocs, keepingOnly touched: Set<EdgeEnds>) {
            self.blocs = blocs
            keeping = touched
            keptEnds = Set(touched.lazy.flatMap { [$0.low, $0.high] })
        }

        public mutating func add(_ deal: Deal) {
            guard AggregateStage.isCounted(deal) else { return }
            parties.removeAll(keepingCapacity: true)
            deal.forEachParty { party in
                guard party.name != nil else { return }
                let number: Int32
                if let known = numberOf[party.entityID] {
                    number = known
                } else {
                    number = Int32(nodes.count)
                    numberOf[party.entityID] = number
                    nodes.append(
                        Node(
                            id: party.entityID, name: party.name ?? party.entityID, country: party.country,
                            kind: party.kind, bloc: PartnershipNetwork.bloc(of: party, blocs), deals: 0,
                            partners: 0, blocsReached: []))
                    edges.nodeIDs.append(party.entityID)
                    if keeping != nil { isKeptEnd.append(keptEnds.contains(party.entityID)) }
                }
                // A party named twice in a deal is one party of it.
                guard !parties.contains(where: { $0.number == number }) else { return }
                parties.append((number, party))
            }
            for (number, _) in parties { nodes[Int(number)].deals += 1 }
            guard parties.count >= 2 else { return }
            // The deal's id is kept once an edge of it is.
            var dealPlace: Int32?
            for i in parties.indices {
                for j in parties.indices where j > i {
                    let (one, other) = (parties[i], parties[j])
                    if let keeping,
                        !isKeptEnd[Int(one.number)] || !isKeptEnd[Int(other.number)]
                            || !keeping.contains(EdgeEnds(one.party.entityID, other.party.entityID))
                    {
                        continue
                    }
                    let place: Int32
                    if let dealPlace {
                        place = dealPlace
                    } else {
                        place = Int32(edges.dealIDs.count)
                        edges.dealIDs.append(deal.id)
                        dealPlace = place
                    }
                    let (low, high) =
                        one.number < other.number ? (one.number, other.number) : (other.number, one.number)
                    let index: Int
                    if let known = slots.row(low, high, ends: { edges.ends(of: $0) }) {
                        index = Int(known)
                    } else {
                        index = edges.rows.count
                        let (source, target) =
                            one.party.entityID < other.party.entityID
                            ? (one.number, other.number) : (other.number, one.number)
                        // A party's bloc is its country's, as it was when the deal placed it.
                        let crossBloc =
                            PartnershipNetwork.bloc(of: one.party, blocs)
                            != PartnershipNetwork.bloc(of: other.party, blocs)
                        edges.rows.append(
                            Edges.Row(
                                source: source, target: target, deals: 0, firstDeal: 0, valueUSD: 0,
                                isCrossBloc: crossBloc))
                        slots.insert(row: Int32(index), low, high, ends: { edges.ends(of: $0) })
                    }
                    edges.rows[index].deals += 1
                    edges.rows[index].valueUSD += deal.valueUSD ?? 0
                    sightings.append((Int32(index), place))
                }
            }
        }

        /// The network of the deals added.
        public consuming func network() -> PartnershipNetwork {
            precondition(keeping == nil, "a builder keeping some edges makes a network patched from the parent's")
            return finish(parentEdges: nil) { _ in 0 }
        }

        /// The network of the deals added, whose edges of the pairs not touched are those of
        /// the parent's file `file`: read once here, for each organisation's partners.
        ///
        /// - Throws: ``DamagedDataError`` when the file is not the one the parent published,
        ///   or names an organisation none of the deals added names: it is not the network of
        ///   the deals the patch kept.
        consuming func network(patching file: ParentEdgesFile) throws -> PartnershipNetwork {
            guard let keeping else { preconditionFailure("a builder holding every edge patches nothing") }
            let numberOf = numberOf
            return try finish(parentEdges: ParentEdges(file: file, touched: keeping)) { meet in
                var untouched = 0
                try file.forEachBlock(EdgeLine<WithoutDealIDs>.self) { lines in
                    for line in lines where !keeping.contains(EdgeEnds(line.source, line.target)) {
                        guard let source = numberOf[line.source], let target = numberOf[line.target] else {
                            throw DamagedDataError(
                                path: file.path,
                                problem: "an edge between \(line.source) and \(line.target), which no deal kept names")
                        }
                        meet(Int(source), Int(target))
                        untouched += 1
                    }
                }
                return untouched
            }
        }

        /// The network of the nodes and edges held, and of the edges `meetParents` meets (each
        /// by its two ends' numbers), which returns how many it met.
        private consuming func finish(
            parentEdges: ParentEdges?, meetParents: (_ meet: (_ one: Int, _ other: Int) -> Void) throws -> Int
        ) rethrows -> PartnershipNetwork {
            var (nodes, edges) = (nodes, edges)
            Self.layDealIDs(of: &edges, sightings: sightings)
            sightings = []
            // Each edge is one partner of each of its ends, and reaches the other end's bloc.
            var reached = [[String]](repeating: [], count: nodes.count)
            func meet(_ node: Int, _ partner: Int) {
                nodes[node].partners += 1
                let bloc = nodes[partner].bloc
                if bloc != nodes[node].bloc, !reached[node].contains(bloc) { reached[node].append(bloc) }
            }
            for row in edges.rows {
                meet(Int(row.source), Int(row.target))
                meet(Int(row.target), Int(row.source))
            }
            let parents = try meetParents { one, other in
                meet(one, other)
                meet(other, one)
            }
            for (node, blocs) in reached.enumerated() where !blocs.isEmpty { nodes[node].blocsReached = blocs.sorted() }
            let sortedNodes = nodes.sorted { ($1.partners, $1.deals, $0.name) < ($0.partners, $0.deals, $1.name) }
            // Edges in the order of their ids, compared once per organisation rather than per edge.
            var rank = [Int32](repeating: 0, count: nodes.count)
            for (position, node) in nodes.indices.sorted(by: { nodes[$0].id < nodes[$1].id }).enumerated() {
                rank[node] = Int32(position)
            }
            // The rows' numbers (four bytes each) sorted by their ends' ranks, worked out as they
            // are compared: keys held beside the numbers (16 bytes an edge), then a sorted copy
            // and a list of places, took 20 MB at the million's 1,000-new night's peak.
            func key(_ row: Int32) -> UInt64 {
                let ends = edges.rows[Int(row)]
                let (a, b) = (rank[Int(ends.source)], rank[Int(ends.target)])
                return UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b)))
            }
            var order = Array(0..<Int32(edges.rows.count))
            order.sort { key($0) < key($1) }
            PartnershipNetwork.arrange(&edges.rows, as: order.lazy.map(Int.init))
            return PartnershipNetwork(
                nodes: sortedNodes, edges: edges, blocs: blocs, parentEdges: parentEdges,
                edgeCount: edges.count + parents)
        }

        /// Lays out each edge's deals: the places of the deals that met it, in the order met,
        /// each edge's a stretch of one array.
        private static func layDealIDs(of edges: inout Edges, sightings: [(edge: Int32, deal: Int32)]) {
            var next = [Int](repeating: 0, count: edges.rows.count)
            var total = 0
            for index in edges.rows.indices {
                next[index] = total
                edges.rows[index].firstDeal = Int32(total)
                total += Int(edges.rows[index].deals)
            }
            var places = [Int32](repeating: 0, count: total)
            for (edge, deal) in sightings {
                places[next[Int(edge)]] = deal
                next[Int(edge)] += 1
            }
            edges.dealPlaces = places
        }
    }

    /// Puts `items` in the order `order` gives (`order[k]` is the place of the item to put
    /// k-th), moving them along the permutation's cycles rather than copying the array.
    fileprivate static func arrange<Item, Order: RandomAccessCollection<Int>>(_ items: inout [Item], as order: Order)
    where Order.Index == Int {
        var isPlaced = [Bool](repeating: false, count: items.count)
        for start in items.indices where !isPlaced[start] {
            var place = start
            while true {
                isPlaced[place] = true
                let from = order[place]
                if from == start { break }
                items.swapAt(place, from)
                place = from
            }
        }
    }

    /// The bloc a party's node is placed in.
    fileprivate static func bloc(of party: DealParty, _ blocs: Blocs) -> String {
        party.country.map(blocs.bloc(of:)) ?? Blocs.other
    }

    /// The most connected organisations: most partners, then most deals.
    public func mostConnected(_ count: Int) -> [Node] { Array(nodes.prefix(count)) }

    /// The organisations whose partners sit in the most other blocs, then with most partners.
    public func bridges(_ count: Int) -> [Node] {
        Array(
            nodes.filter { !$0.blocsReached.isEmpty }.sorted {
                ($1.blocsReached.count, $1.partners, $0.name) < ($0.blocsReached.count, $0.partners, $1.name)
            }.prefix(count))
    }
}
