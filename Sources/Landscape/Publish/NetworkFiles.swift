/// The partnership network as the snapshot's `network/` files: `edges.jsonl`, one record per
/// edge, and `partnerships.graphml`, which Gephi, networkx and igraph open.
extension PartnershipNetwork {
    /// The edges as JSON lines: one `network/edges.jsonl` record each.
    public func edgeLines() throws -> [UInt8] {
        var bytes: [UInt8] = []
        try writeEdgeLines { bytes += $0 }
        return bytes
    }

    /// The bytes of ``edgeLines()``, handed to `emit` a few thousand edges at a time: half a
    /// million edges are written as they are encoded, never held whole.
    func writeEdgeLines(to emit: (_ piece: [UInt8]) throws -> Void) throws {
        let nodeOf = Dictionary(nodes.indices.map { (nodes[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        try forEachEdgeBlock(WithDealIDs.self) { edges in
            var writer = JSONWriter()
            for edge in edges {
                let source = nodeOf[edge.source]
                let target = nodeOf[edge.target]
                writer.beginObject()
                writer.field("source", edge.source)
                writer.field("target", edge.target)
                writer.field("source_name", source.map { nodes[$0].name })
                writer.field("target_name", target.map { nodes[$0].name })
                writer.field("source_country", source.flatMap { nodes[$0].country })
                writer.field("target_country", target.flatMap { nodes[$0].country })
                writer.field("source_bloc", source.map { nodes[$0].bloc })
                writer.field("target_bloc", target.map { nodes[$0].bloc })
                writer.field("deals", edge.deals)
                writer.field("value_usd", edge.valueUSD)
                writer.field("cross_bloc", edge.isCrossBloc)
                writer.field("deal_ids", edge.dealIDs)
                writer.endObject()
                writer.newline()
            }
            try emit(writer.bytes)
        }
    }

    /// The graph as GraphML, nodes with their name, country, kind, bloc, deals and partners,
    /// edges with their deals, value and whether they cross a bloc line.
    public func graphML() throws -> [UInt8] {
        var bytes: [UInt8] = []
        try writeGraphML { bytes += $0 }
        return bytes
    }

    /// The bytes of ``graphML()``, handed to `emit` a few thousand nodes or edges at a time.
    func writeGraphML(to emit: (_ piece: [UInt8]) throws -> Void) throws {
        try emit(
            Array(
                """
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

                """.utf8))
        let sortedNodes = nodes.sorted(by: { $0.id < $1.id })
        for start in stride(from: 0, to: sortedNodes.count, by: Self.edgesInPiece) {
            var out = ""
            for node in sortedNodes[start..<min(start + Self.edgesInPiece, sortedNodes.count)] {
                out += "    <node id=\"\(Self.escape(node.id))\">"
                out += "<data key=\"name\">\(Self.escape(node.name))</data>"
                if let country = node.country { out += "<data key=\"country\">\(country)</data>" }
                out +=
                    "<data key=\"kind\">\(node.kind.rawValue)</data><data key=\"bloc\">\(Self.escape(node.bloc))</data>"
                out +=
                    "<data key=\"node_deals\">\(node.deals)</data><data key=\"partners\">\(node.partners)</data></node>\n"
            }
            try emit(Array(out.utf8))
        }
        try forEachEdgeBlock(WithoutDealIDs.self) { edges in
            var out = ""
            for edge in edges {
                out += "    <edge source=\"\(Self.escape(edge.source))\" target=\"\(Self.escape(edge.target))\">"
                out += "<data key=\"edge_deals\">\(edge.deals)</data>"
                out += "<data key=\"value_usd\">\(edge.valueUSD)</data>"
                out += "<data key=\"cross_bloc\">\(edge.isCrossBloc)</data></edge>\n"
            }
            try emit(Array(out.utf8))
        }
        try emit(Array("  </graph>\n</graphml>\n".utf8))
    }

    /// The report's escaping, which also drops the control characters XML 1.0 forbids.
    private static func escape(_ text: String) -> String { ReportFormat.html(text) }
}
