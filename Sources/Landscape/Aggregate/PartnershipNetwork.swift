/// The landscape as a graph: organisations as nodes, and an edge between every two parties of a
/// deal that happened (announced or completed), weighted by deals and their value. Parties the
/// text describes without naming ("a US biotech") are left out: they are not one organisation.
///
/// Written as `network/edges.jsonl` and as `network/partnerships.graphml`, which Gephi, networkx
/// and igraph open.
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
            for party in parties {
                let bloc = party.country.map(blocs.bloc(of:)) ?? Blocs.other
                nodeOf[
                    party.entityID,
                    default: Node(
                        id: party.entityID, name: party.name ?? party.entityID, country: party.country,
                        kind: party.kind,
                        bloc: bloc, deals: 0, partners: 0, blocsReached: [])
                ].deals += 1
            }
            for (i, one) in parties.enumerated() {
                for other in parties[(i + 1)...] {
                    let (source, target) = one.entityID < other.entityID ? (one, other) : (other, one)
                    let key = source.entityID + "\u{0}" + target.entityID
                    let crossBloc =
                        (source.country.map(blocs.bloc(of:)) ?? Blocs.other)
                        != (target.country.map(blocs.bloc(of:)) ?? Blocs.other)
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

    /// The edges as JSON lines: one `network/edges.jsonl` record each.
    public func edgeLines() -> [UInt8] {
        let byID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var writer = JSONWriter()
        for edge in edges {
            let source = byID[edge.source]
            let target = byID[edge.target]
            writer.beginObject()
            writer.field("source", edge.source)
            writer.field("target", edge.target)
            writer.field("source_name", source?.name)
            writer.field("target_name", target?.name)
            writer.field("source_country", source?.country)
            writer.field("target_country", target?.country)
            writer.field("source_bloc", source?.bloc)
            writer.field("target_bloc", target?.bloc)
            writer.field("deals", edge.deals)
            writer.field("value_usd", edge.valueUSD)
            writer.field("cross_bloc", edge.isCrossBloc)
            writer.field("deal_ids", edge.dealIDs)
            writer.endObject()
            writer.newline()
        }
        return writer.bytes
    }

    /// The graph as GraphML, nodes with their name, country, kind, bloc, deals and partners,
    /// edges with their deals, value and whether they cross a bloc line.
    public func graphML() -> [UInt8] {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="name" for="node" attr.name="name" attr.type="string"/>
              <key id="country" for="node" attr.name="country" attr.type="string"/>
              <key id="kind" for="node" attr.name="kind" attr.type="string"/>
              <key id="bloc" for="node" attr.name="bloc" attr.type="string"/>
              <key id="node_deals" for="node" attr.name="deals" attr.type="int"/>
              <key id="partners" for="node" attr.name="partners" attr.type="int"/>
              <key id="edge_deals" for="edge" attr.name="deals" attr.type="int"/>
              <key id="value_usd" for="edge" attr.name="value_usd" attr.type="double"/>
              <key id="cross_bloc" for="edge" attr.name="cross_bloc" attr.type="boolean"/>
              <graph id="partnerships" edgedefault="undirected">

            """
        for node in nodes.sorted(by: { $0.id < $1.id }) {
            out += "    <node id=\"\(Self.escape(node.id))\">"
            out += "<data key=\"name\">\(Self.escape(node.name))</data>"
            if let country = node.country { out += "<data key=\"country\">\(country)</data>" }
            out += "<data key=\"kind\">\(node.kind.rawValue)</data><data key=\"bloc\">\(Self.escape(node.bloc))</data>"
            out +=
                "<data key=\"node_deals\">\(node.deals)</data><data key=\"partners\">\(node.partners)</data></node>\n"
        }
        for edge in edges {
            out += "    <edge source=\"\(Self.escape(edge.source))\" target=\"\(Self.escape(edge.target))\">"
            out += "<data key=\"edge_deals\">\(edge.deals)</data>"
            out += "<data key=\"value_usd\">\(edge.valueUSD)</data>"
            out += "<data key=\"cross_bloc\">\(edge.isCrossBloc)</data></edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return Array(out.utf8)
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
