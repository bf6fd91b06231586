/// The partnership network as the snapshot's `network/` files: `edges.jsonl`, one record per
/// edge, and `partnerships.graphml`, which Gephi, networkx and igraph open.
extension PartnershipNetwork {
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

    /// The report's escaping, which also drops the control characters XML 1.0 forbids.
    private static func escape(_ text: String) -> String { ReportFormat.html(text) }
}
