import FoundationEssentials
import Yams

/// A list of organisations a policy names (`watchlists/*.yml`): an act's named companies, an
/// export-control entity list. A deal is on a list when one of its parties, or a party's
/// parent, is an entry, an alias of one or one of its affiliates, and the deal was announced on
/// or after the day the entry was listed (when both are known).
public struct WatchList: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// The entry's name first, then its aliases and affiliates, as slugs (the form of a
        /// deal party's `entity_id`).
        public let keys: [String]
        /// `YYYY-MM-DD` the listing took effect.
        public let since: String?
    }

    public let name: String
    public let title: String
    /// What the list is: act, entity_list, sanctions, other.
    public let kind: String
    public let date: String?
    public let reference: String?
    public let entries: [Entry]

    /// Whether the deal is on this list.
    public func matches(_ deal: Deal) -> Bool {
        let parties = Set(
            deal.parties.flatMap { party in [party.entityID] + (party.parent.map { [Gazetteer.slug($0)] } ?? []) })
        return entries.contains { entry in
            guard entry.keys.contains(where: parties.contains) else { return false }
            guard let since = entry.since, let announced = deal.announced else { return true }
            return announced >= since
        }
    }

    /// Reads every `*.yml` file of a folder, in name order; no folder means no lists.
    ///
    /// - Throws: ``ConfigError`` with the file and line of the first problem.
    public static func loadFolder(_ folder: String) throws(ConfigError) -> [WatchList] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var lists: [WatchList] = []
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let list = try load(path: FilePaths.join(folder, name))
            if lists.contains(where: { $0.name == list.name }) {
                throw ConfigError(
                    file: FilePaths.join(folder, name), message: "a second watch list called `\(list.name)`")
            }
            lists.append(list)
        }
        return lists
    }

    /// Reads and checks one watch list.
    ///
    /// - Throws: ``ConfigError`` with the file and line of the first problem: an unknown key, a
    ///   missing name or entry list, a date that is not a day, a name listed twice.
    public static func load(path: String) throws(ConfigError) -> WatchList {
        let (root, _) = try YAMLReader.load(path, describing: "watch list")
        let reader = YAMLReader(file: path)
        let top = try reader.mapping(root, allowed: ["name", "title", "kind", "date", "reference", "entries"])
        let name = try PolicyNames.id(top["name"], in: root, what: "watch list", reader: reader)
        func text(_ key: String) throws(ConfigError) -> String? {
            try top[key].map { node throws(ConfigError) in try reader.string(node) }
        }
        let date = try top["date"].map { node throws(ConfigError) in try day(node, reader: reader) }
        guard let entriesNode = top["entries"] else {
            throw ConfigError(
                file: path, line: root.mark?.line, message: "missing `entries:` (the organisations listed)")
        }
        var entries: [Entry] = []
        var listed: [String: Int] = [:]
        for node in try reader.sequence(entriesNode) {
            let map = try reader.mapping(node, allowed: ["name", "id", "aliases", "since", "affiliates"])
            guard let first = map["id"] ?? map["name"] else {
                throw ConfigError(file: path, line: node.mark?.line, message: "an entry needs `name:` or `id:`")
            }
            var names = [try reader.string(first)]
            for key in ["aliases", "affiliates"] {
                for item in try map[key].map({ node throws(ConfigError) in try reader.sequence(node) }) ?? [] {
                    names.append(try reader.string(item))
                }
            }
            let keys = names.map(Gazetteer.slug)
            for (key, written) in zip(keys, names) {
                guard !key.isEmpty else {
                    throw ConfigError(
                        file: path, line: node.mark?.line, message: "`\(written)` has no letters or digits")
                }
                if let line = listed[key] {
                    throw ConfigError(
                        file: path, line: node.mark?.line, message: "`\(written)` is listed already (line \(line))")
                }
                listed[key] = node.mark?.line ?? 0
            }
            let since = try map["since"].map { node throws(ConfigError) in try day(node, reader: reader) }
            entries.append(Entry(keys: keys, since: since))
        }
        return WatchList(
            name: name, title: try text("title") ?? name, kind: try text("kind") ?? "other", date: date,
            reference: try text("reference"), entries: entries)
    }

    private static func day(_ node: Node, reader: YAMLReader) throws(ConfigError) -> String {
        let text = try reader.string(node)
        guard FeedDate.isCalendarDate(text) else {
            throw ConfigError(
                file: reader.file, line: node.mark?.line, message: "expected a day as YYYY-MM-DD, got `\(text)`")
        }
        return text
    }
}
