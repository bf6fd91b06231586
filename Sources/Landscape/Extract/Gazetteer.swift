import FoundationEssentials

/// The organisations and places extraction knows by name, loaded from JSON-lines files.
///
/// Researchers edit these files; a bad line is reported with its file and line number.
public struct Gazetteer: Sendable {
    public let organizations: [Organization]
    public let places: [Place]
    public let organizationsByID: [String: Organization]
    /// SHA-256 of the two files it was loaded from (empty when built in memory): extract's
    /// cache key holds it, so an edit to either file reruns extract.
    public let contentDigest: String

    public init(organizations: [Organization], places: [Place], contentDigest: String = "") {
        self.organizations = organizations
        self.places = places
        self.contentDigest = contentDigest
        organizationsByID = Dictionary(organizations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Loads the organisation file and the place file.
    /// - Throws: ``ConfigError`` with the file and line of the first bad entry.
    public static func load(organizationsPath: String, placesPath: String) throws(ConfigError) -> Gazetteer {
        var hasher = SHA256()
        let entries = try readLines(organizationsPath, into: &hasher) { object, line throws(ConfigError) in
            try makeOrganization(object, file: organizationsPath, line: line)
        }
        var seen: [String: Int] = [:]
        for (index, organization) in entries.enumerated() {
            if let first = seen[organization.id] {
                throw ConfigError(
                    file: organizationsPath, line: index + 1,
                    message: "duplicate id `\(organization.id)` (first on line \(first))")
            }
            seen[organization.id] = index + 1
        }
        let organizations = try resolveParents(entries, file: organizationsPath)
        let places = try readLines(placesPath, into: &hasher) { object, line throws(ConfigError) in
            try makePlace(object, file: placesPath, line: line)
        }
        return Gazetteer(organizations: organizations, places: places, contentDigest: hexString(hasher.finalize()))
    }

    private static func readLines<T>(
        _ path: String, into hasher: inout SHA256, _ make: ([String: JSONValue], Int) throws(ConfigError) -> T
    ) throws(ConfigError) -> [T] {
        guard let data = FileBytes.read(path) else {
            throw ConfigError(file: path, message: "cannot read the file")
        }
        hasher.update(data)
        let decoder = JSONDecoder()
        var results: [T] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 }
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }
            let dictionary: [String: JSONValue]
            do {
                dictionary = try decoder.decode([String: JSONValue].self, from: Data(trimmed))
            } catch {
                throw ConfigError(file: path, line: lineNumber, message: "not a JSON object (\(describe(error)))")
            }
            results.append(try make(dictionary, lineNumber))
        }
        return results
    }

    private static func makeOrganization(_ object: [String: JSONValue], file: String, line: Int) throws(ConfigError)
        -> Organization
    {
        let allowed: Set<String> = ["id", "name", "aliases", "country", "kind", "note", "parent", "cdmo"]
        if let unknown = object.keys.first(where: { !allowed.contains($0) }) {
            throw ConfigError(file: file, line: line, message: "unknown field `\(unknown)`")
        }
        guard let name = object["name"]?.string, !name.isEmpty else {
            throw ConfigError(file: file, line: line, message: "missing `name`")
        }
        let aliases = try stringList(object["aliases"], field: "aliases", file: file, line: line)
        let country = try countryCode(object["country"], file: file, line: line)
        let kindText = object["kind"]?.string ?? "company"
        guard let kind = OrganizationKind(rawValue: kindText) else {
            let known = OrganizationKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigError(file: file, line: line, message: "unknown kind `\(kindText)` (known: \(known))")
        }
        let id = object["id"]?.string ?? slug(name)
        var parent: String?
        if let value = object["parent"], !value.isNull {
            guard let text = value.string, !text.isEmpty else {
                throw ConfigError(file: file, line: line, message: "`parent` must be an organisation's id or name")
            }
            parent = text
        }
        var isContractManufacturer = false
        if let value = object["cdmo"], !value.isNull {
            guard let flag = value.bool else {
                throw ConfigError(file: file, line: line, message: "`cdmo` must be true or false")
            }
            isContractManufacturer = flag
        }
        return Organization(
            id: id, name: name, aliases: aliases, country: country, kind: kind, parent: parent,
            isContractManufacturer: isContractManufacturer)
    }

    /// Replaces each `parent` (an id or a canonical name) with the parent's id.
    /// - Throws: ``ConfigError`` naming the line of a parent no entry has, or of an entry that
    ///   is its own ancestor.
    private static func resolveParents(_ organizations: [Organization], file: String) throws(ConfigError)
        -> [Organization]
    {
        var byKey: [String: String] = [:]
        for organization in organizations {
            byKey[organization.id] = organization.id
            byKey[organization.name] = byKey[organization.name] ?? organization.id
        }
        var resolved = organizations
        for (index, organization) in organizations.enumerated() {
            guard let parent = organization.parent else { continue }
            guard let id = byKey[parent] else {
                throw ConfigError(file: file, line: index + 1, message: "`parent` \"\(parent)\" names no organisation")
            }
            resolved[index] = Organization(
                id: organization.id, name: organization.name, aliases: organization.aliases,
                country: organization.country, kind: organization.kind, parent: id,
                isContractManufacturer: organization.isContractManufacturer)
        }
        let parentOf = Dictionary(
            resolved.compactMap { o in o.parent.map { (o.id, $0) } }, uniquingKeysWith: { a, _ in a })
        for (index, organization) in resolved.enumerated() {
            var seen: Set<String> = [organization.id]
            var current = organization.parent
            while let id = current {
                guard seen.insert(id).inserted else {
                    throw ConfigError(file: file, line: index + 1, message: "`parent` goes round in a circle")
                }
                current = parentOf[id]
            }
        }
        return resolved
    }

    private static func makePlace(_ object: [String: JSONValue], file: String, line: Int) throws(ConfigError) -> Place {
        guard let name = object["name"]?.string, !name.isEmpty else {
            throw ConfigError(file: file, line: line, message: "missing `name`")
        }
        guard let country = try countryCode(object["country"], file: file, line: line) else {
            throw ConfigError(file: file, line: line, message: "missing `country`")
        }
        let levelText = object["type"]?.string ?? "city"
        guard let level = Place.Level(rawValue: levelText) else {
            throw ConfigError(file: file, line: line, message: "unknown type `\(levelText)` (known: country, city)")
        }
        let aliases = try stringList(object["aliases"], field: "aliases", file: file, line: line)
        let id = level == .country ? "country:\(country)" : "place:\(slug(name))"
        return Place(id: id, name: name, aliases: aliases, country: country, level: level)
    }

    private static func stringList(_ value: JSONValue?, field: String, file: String, line: Int) throws(ConfigError)
        -> [String]
    {
        guard let value, !value.isNull else { return [] }
        guard case .array(let items) = value else {
            throw ConfigError(file: file, line: line, message: "`\(field)` must be a list of strings")
        }
        var list: [String] = []
        for item in items {
            guard let text = item.string else {
                throw ConfigError(file: file, line: line, message: "`\(field)` must be a list of strings")
            }
            if !text.isEmpty { list.append(text) }
        }
        return list
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return context.underlyingError.map { "\($0)" } ?? context.debugDescription
        }
        return "\(error)"
    }

    private static func countryCode(_ value: JSONValue?, file: String, line: Int) throws(ConfigError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let code = value.string, code.count == 2, code.allSatisfy({ $0.isUppercase && $0.isASCII }) else {
            throw ConfigError(
                file: file, line: line, message: "`country` must be an ISO 3166-1 alpha-2 code like \"KR\"")
        }
        return code
    }

    static func slug(_ name: String) -> String {
        var out = ""
        var lastWasDash = true
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if !lastWasDash {
                out.append("-")
                lastWasDash = true
            }
        }
        return out.hasSuffix("-") ? String(out.dropLast()) : out
    }
}
