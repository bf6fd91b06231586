import Yams

/// Groups of countries the policy questions are asked about (`blocs.yml`): China with Hong Kong,
/// the US, Europe, Southeast Asia... Every country no bloc names is in ``other``.
public struct Blocs: Sendable, Hashable {
    public struct Bloc: Sendable, Hashable {
        public let id: String
        public let name: String
        public let countries: [String]
    }

    /// A named group of bloc pairs whose share of each quarter's deals the fragmentation trend
    /// follows ("China with the US or Europe").
    public struct Trend: Sendable, Hashable {
        public let name: String
        public let pairs: [BlocPair]
    }

    public let blocs: [Bloc]
    public let trends: [Trend]
    private let blocOfCountry: [String: String]

    /// The bloc of countries no bloc names.
    public static let other = "other"
    /// No blocs: every country is in ``other``.
    public static let none = Blocs(blocs: [], trends: [])

    public init(blocs: [Bloc], trends: [Trend]) {
        self.blocs = blocs
        self.trends = trends
        var blocOfCountry: [String: String] = [:]
        for bloc in blocs {
            for country in bloc.countries { blocOfCountry[country] = bloc.id }
        }
        self.blocOfCountry = blocOfCountry
    }

    public func bloc(of country: String) -> String { blocOfCountry[country] ?? Self.other }

    /// Every bloc id, ``other`` last.
    public var ids: [String] { blocs.map(\.id) + [Self.other] }

    /// The blocs of a deal's parties, each once, in the order of ``ids``.
    public func blocs(of countries: [String]) -> [String] {
        let found = Set(countries.map(bloc(of:)))
        return ids.filter(found.contains)
    }

    /// Reads and checks a blocs file.
    ///
    /// - Throws: ``ConfigError`` with the file and line of the first problem: an unknown key,
    ///   an id that is not lower-case words, a code that is not two capital letters, a country in
    ///   two blocs, a trend over a bloc that does not exist.
    public static func load(path: String) throws(ConfigError) -> Blocs {
        let (root, _) = try YAMLReader.load(path, describing: "blocs file")
        let reader = YAMLReader(file: path)
        let top = try reader.mapping(root, allowed: ["blocs", "trends"])
        guard let blocsNode = top["blocs"] else {
            throw ConfigError(file: path, line: root.mark?.line, message: "missing `blocs:` (a list of blocs)")
        }
        var blocs: [Bloc] = []
        var placed: [String: String] = [:]
        for node in try reader.sequence(blocsNode) {
            let map = try reader.mapping(node, allowed: ["id", "name", "countries"])
            let id = try PolicyNames.id(map["id"], in: node, what: "bloc", reader: reader)
            guard id != other, !blocs.contains(where: { $0.id == id }) else {
                throw ConfigError(
                    file: path, line: node.mark?.line, message: "bloc id `\(id)` is used twice or reserved")
            }
            guard let countriesNode = map["countries"] else {
                throw ConfigError(file: path, line: node.mark?.line, message: "bloc `\(id)` needs `countries:`")
            }
            var countries: [String] = []
            for countryNode in try reader.sequence(countriesNode) {
                let code = try reader.string(countryNode)
                guard PolicyNames.isCountryCode(code) else {
                    throw ConfigError(
                        file: path, line: countryNode.mark?.line,
                        message: "`\(code)` is not an ISO 3166-1 alpha-2 code (two capital letters)")
                }
                if let first = placed[code] {
                    throw ConfigError(
                        file: path, line: countryNode.mark?.line, message: "\(code) is in bloc `\(first)` already")
                }
                placed[code] = id
                countries.append(code)
            }
            let name = try map["name"].map { node throws(ConfigError) in try reader.string(node) } ?? id
            blocs.append(Bloc(id: id, name: name, countries: countries))
        }
        var trends: [Trend] = []
        let known = Set(blocs.map(\.id) + [other])
        for node in try top["trends"].map({ node throws(ConfigError) in try reader.sequence(node) }) ?? [] {
            let map = try reader.mapping(node, allowed: ["name", "pairs"])
            let name = try PolicyNames.id(map["name"], in: node, what: "trend", reader: reader)
            guard ![Fragmentation.all, Fragmentation.crossBorder, Fragmentation.crossBloc].contains(name),
                !trends.contains(where: { $0.name == name })
            else {
                throw ConfigError(
                    file: path, line: node.mark?.line,
                    message: "trend name `\(name)` is used twice or reserved (all, cross_border, cross_bloc)")
            }
            var pairs: [BlocPair] = []
            for pairNode in try map["pairs"].map({ node throws(ConfigError) in try reader.sequence(node) }) ?? [] {
                let ends = try reader.sequence(pairNode).map { node throws(ConfigError) in try reader.string(node) }
                guard ends.count == 2, ends.allSatisfy(known.contains) else {
                    throw ConfigError(
                        file: path, line: pairNode.mark?.line,
                        message: "a trend's pair is two bloc ids of this file, got \(ends)")
                }
                pairs.append(BlocPair(ends[0], ends[1]))
            }
            guard !pairs.isEmpty else {
                throw ConfigError(file: path, line: node.mark?.line, message: "trend `\(name)` needs `pairs:`")
            }
            trends.append(Trend(name: name, pairs: pairs))
        }
        return Blocs(blocs: blocs, trends: trends)
    }
}

/// Two blocs, in alphabetical order, written `a-b` (a deal inside one bloc is `a-a`).
public struct BlocPair: Sendable, Hashable, CustomStringConvertible {
    public let first: String
    public let second: String

    public init(_ one: String, _ other: String) {
        (first, second) = one <= other ? (one, other) : (other, one)
    }

    public var description: String { first + "-" + second }

    /// The pairs a deal between these blocs makes: each two of them, or the one bloc with itself.
    public static func pairs(of blocs: [String]) -> [BlocPair] {
        let distinct = Array(Set(blocs)).sorted()
        guard distinct.count > 1 else { return distinct.map { BlocPair($0, $0) } }
        var pairs: [BlocPair] = []
        for i in distinct.indices {
            for j in distinct.indices where j > i { pairs.append(BlocPair(distinct[i], distinct[j])) }
        }
        return pairs
    }
}

/// The names policy files give things: ids of lower-case words, country codes.
enum PolicyNames {
    static func isCountryCode(_ text: String) -> Bool {
        text.utf8.count == 2 && text.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// Lower-case letters, digits, `_` and `-`, starting with a letter.
    static func isID(_ text: String) -> Bool {
        guard let first = text.utf8.first, first >= 0x61, first <= 0x7A else { return false }
        return text.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D
        }
    }

    static func id(_ node: Node?, in parent: Node, what: String, reader: YAMLReader) throws(ConfigError) -> String {
        guard let node else {
            throw ConfigError(file: reader.file, line: parent.mark?.line, message: "a \(what) needs a name or id")
        }
        let id = try reader.string(node)
        guard isID(id) else {
            throw ConfigError(
                file: reader.file, line: node.mark?.line,
                message: "\(what) `\(id)`: use lower-case letters, digits, `_` or `-`, starting with a letter")
        }
        return id
    }
}
