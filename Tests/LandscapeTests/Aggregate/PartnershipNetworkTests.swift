import Testing

@testable import Landscape

@Suite("The partnership network at scale")
struct PartnershipNetworkTests {
    /// `count` deals among a few often-named organisations and many rarely named ones, a few
    /// naming one twice, some without a value, some rumoured (not counted).
    static func deals(_ count: Int, seed: UInt64) -> [Deal] {
        var random = IncrementalMergeTests.SplitMix(state: seed)
        let countries = ["CN", "JP", "KR", "US", "SG", "IN"]
        var deals: [Deal] = []
        for number in 0..<6_000 {
            // A few organisations named often, many named rarely; now and then one named twice.
            let count = 2 + random.next(3)
            var parties: [DealParty] = []
            for _ in 0..<count {
                let organization = random.next(random.next(2) == 0 ? 40 : 900)
                parties.append(
                    PolicyLensTests.party("Org \(organization)", countries[organization % countries.count], nil))
            }
            if number % 97 == 0, let first = parties.first { parties.append(first) }
            var deal = PolicyLensTests.deal(parties)
            let digits = String(number, radix: 16)
            deal.dealID = "dl_" + String(repeating: "0", count: 16 - digits.count) + digits
            deal.valueUSD = number % 5 == 0 ? nil : Double(1 + random.next(1_000)) * 1e6
            if number % 11 == 0 { deal.status = .rumoured }
            deals.append(deal)
        }
        return deals
    }

    @Test(
        "thousands of edges found by their ends, as the table grows: each edge's deals, value and ids are the ones a plain count of every pair gives"
    )
    func edgesAsAPlainCount() {
        let deals = Self.deals(6_000, seed: 5)
        // What the network must hold, counted the plain way: every pair of distinct named
        // parties of a deal that happened, by its two ids.
        var expected: [String: (deals: Int, value: Double, ids: [String])] = [:]
        for deal in deals where AggregateStage.isCounted(deal) {
            var ids: [String] = []
            for party in deal.parties where !ids.contains(party.entityID) { ids.append(party.entityID) }
            for i in ids.indices {
                for j in ids.indices where j > i {
                    let key = min(ids[i], ids[j]) + " " + max(ids[i], ids[j])
                    var entry = expected[key] ?? (0, 0, [])
                    entry.deals += 1
                    entry.value += deal.valueUSD ?? 0
                    entry.ids.append(deal.dealID)
                    expected[key] = entry
                }
            }
        }
        let network = PartnershipNetwork(deals: deals, blocs: PolicyLensTests.lens.blocs)
        #expect(expected.count > 3_000, "the table grows past its first room several times")
        #expect(network.edges.count == expected.count)
        for edge in network.edges {
            let entry = expected["\(edge.source) \(edge.target)"]
            #expect(entry?.deals == edge.deals && entry?.value == edge.valueUSD, "\(edge.source) \(edge.target)")
            #expect(entry?.ids == edge.dealIDs.map(\.description), "\(edge.source) \(edge.target)")
        }
        let ends = network.edges.map { ($0.source, $0.target) }
        #expect(zip(ends, ends.dropFirst()).allSatisfy { $0 < $1 }, "edges in the order of their ids")
    }

    /// A night's deals: the parent's with every 40th deal's party set merged again (dropped,
    /// or merged into a deal naming a new organisation, or one whose first party is now placed
    /// in another country, which for the organisations a deal met first changes what every
    /// line of theirs says), and new deals at the end. Returns the night's deals and those the
    /// merge replaced and made.
    static func night(after parent: [Deal]) -> (deals: [Deal], replaced: [Deal], merged: [Deal]) {
        var (deals, replaced, merged): ([Deal], [Deal], [Deal]) = ([], [], [])
        func remade(_ deal: Deal, _ parties: [DealParty], id: String) -> Deal {
            var made = PolicyLensTests.deal(parties)
            (made.dealID, made.valueUSD, made.status) = (id, deal.valueUSD, deal.status)
            return made
        }
        for (index, deal) in parent.enumerated() {
            guard index % 40 == 0 else {
                deals.append(deal)
                continue
            }
            replaced.append(deal)
            var parties = deal.parties
            switch index % 120 {
            case 0: continue
            case 40: parties[parties.count - 1] = PolicyLensTests.party("Org New \(index)", "SG", nil)
            default:
                let first = parties[0]
                parties[0] = PolicyLensTests.party(
                    first.name ?? first.entityID, first.country == "CN" ? "US" : "CN", nil)
            }
            let made = remade(deal, parties, id: deal.dealID.description)
            merged.append(made)
            deals.append(made)
        }
        for number in 0..<30 {
            let parties = [
                PolicyLensTests.party("Org \(number)", "JP", nil),
                PolicyLensTests.party("Org Late \(number % 7)", "KR", nil),
            ]
            let digits = String(0xF000 + number, radix: 16)
            let made = remade(
                deals[number], parties, id: "dl_" + String(repeating: "0", count: 16 - digits.count) + digits)
            merged.append(made)
            deals.append(made)
        }
        return (deals, replaced, merged)
    }

    /// The network of `night` patched from a parent's edges file holding `lines`, written in
    /// `folder`, and standing for the digest `digest` (that of the lines unless given).
    static func patched(
        _ night: (deals: [Deal], replaced: [Deal], merged: [Deal]), parentLines lines: [UInt8], in folder: String,
        digest: String? = nil
    ) throws -> PartnershipNetwork {
        let path = folder + "/edges.jsonl"
        try lines.writeFile(path)
        var builder = PartnershipNetwork.Builder(
            blocs: PolicyLensTests.lens.blocs, keepingOnly: PartnershipNetwork.pairs(of: night.replaced + night.merged))
        for deal in night.deals { builder.add(deal) }
        return try builder.network(patching: .init(path: path, sha256: digest ?? SHA256.hex(lines)))
    }

    @Test(
        "a night's network patched from the parent's edges file, holding only the edges of the pairs its merge touched, is the network made of every deal: nodes alike, edges file and GraphML to the byte"
    )
    func patchedFromTheParent() throws {
        let blocs = PolicyLensTests.lens.blocs
        let parent = Self.deals(4_000, seed: 11)
        let night = Self.night(after: parent)
        let patched = try Self.patched(
            night, parentLines: try PartnershipNetwork(deals: parent, blocs: blocs).edgeLines(),
            in: try TestPaths.makeTemporaryDirectory("network-patch"))
        let whole = PartnershipNetwork(deals: night.deals, blocs: blocs)

        #expect(patched.edges.count > 0 && patched.edges.count * 4 < whole.edges.count, "few edges held")
        #expect(patched.edgeCount == whole.edges.count)
        #expect(patched.nodes == whole.nodes)
        let countryBefore = Dictionary(
            uniqueKeysWithValues: PartnershipNetwork(deals: parent, blocs: blocs).nodes.map { ($0.id, $0.country) })
        #expect(
            whole.nodes.contains { node in countryBefore[node.id].map { $0 != node.country } == true },
            "an organisation's lines say another country than the parent's")
        #expect(try patched.edgeLines() == whole.edgeLines())
        #expect(try patched.graphML() == whole.graphML())
    }

    @Test(
        "a parent's edges file that is not the one published, or names an organisation no deal kept names, is refused"
    )
    func patchRefusesAnotherFile() throws {
        let blocs = PolicyLensTests.lens.blocs
        let parent = Self.deals(500, seed: 3)
        let folder = try TestPaths.makeTemporaryDirectory("network-patch-refused")
        let night = Self.night(after: parent)
        let lines = try PartnershipNetwork(deals: parent, blocs: blocs).edgeLines()
        _ = try Self.patched(night, parentLines: lines, in: folder)
        #expect(throws: DamagedDataError.self) {
            try Self.patched(night, parentLines: lines, in: folder, digest: SHA256.hex(lines + [0x0A]))
        }
        let stranger = PolicyLensTests.deal([
            PolicyLensTests.party("Org Gone", "JP", nil), PolicyLensTests.party("Org Vanished", "KR", nil),
        ])
        let withStranger = try PartnershipNetwork(deals: parent + [stranger], blocs: blocs).edgeLines()
        #expect(throws: DamagedDataError.self) { try Self.patched(night, parentLines: withStranger, in: folder) }
    }
}
