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
        public var dealIDs: [String]
        public let isCrossBloc: Bool
    }

    public let nodes: [Node]
    public let edges: [Edge]
    /// The blocs the nodes were placed in.
    public let blocs: Blocs

    public init(deals: [Deal], blocs: Blocs) {
        self.blocs = blocs
        var nodeOf: [String: Node] = [:]
        var edgeOf: [String: Edge] = [:]
        var partnersOf: [String: Set<String>] = [:]
        for deal in deals where AggregateStage.isCounted(deal) {
            var seen = Set<String>()
            let parties = deal.parties.filter { $0.name != nil && seen.insert($0.entityID).inserted }
            // Each party's bloc, found once for its node and every edge it makes.
            let blocOf = parties.map { $0.country.map(blocs.bloc(of:)) ?? Blocs.other }
            for (party, bloc) in zip(parties, blocOf) {
                nodeOf[
                    party.entityID,
                    default: Node(
                        id: party.entityID, name: party.name ?? party.entityID, country: party.country,
                        kind: party.kind,
                        bloc: bloc, deals: 0, partners: 0, blocsReached: [])
                ].deals += 1
            }
            for i in parties.indices {
                for j in parties.indices where j > i {
                    let (one, other) = (parties[i], parties[j])
                    let (source, target) = one.entityID < other.entityID ? (one, other) : (other, one)
                    let key = source.entityID + "\u{0}" + target.entityID
                    let crossBloc = blocOf[i] != blocOf[j]
                    edgeOf[
                        key,
                        default: Edge(
                            source: source.entityID, target: target.entityID, deals: 0, valueUSD: 0, dealIDs: [],
                            isCrossBloc: crossBloc)
                    ].deals += 1
                    edgeOf[key]?.valueUSD += deal.valueUSD ?? 0
                    edgeOf[key]?.dealIDs.append(deal.dealID)
                    partnersOf[source.entityID, default: []].insert(target.entityID)
                    partnersOf[target.entityID, default: []].insert(source.entityID)
                }
            }
        }
        for (id, partners) in partnersOf {
            guard var node = nodeOf[id] else { continue }
            node.partners = partners.count
            node.blocsReached = Set(partners.compactMap { nodeOf[$0]?.bloc }).subtracting([node.bloc]).sorted()
            nodeOf[id] = node
        }
        nodes = nodeOf.values.sorted { ($1.partners, $1.deals, $0.name) < ($0.partners, $0.deals, $1.name) }
        edges = edgeOf.values.sorted { ($0.source, $0.target) < ($1.source, $1.target) }
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
