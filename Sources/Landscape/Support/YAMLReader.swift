import FoundationEssentials
import Yams

/// Typed access to a YAML tree that reports problems with file and line.
struct YAMLReader {
    let file: String

    func mapping(_ node: Node, allowed: Set<String>?) throws(ConfigError) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw ConfigError(file: file, line: node.mark?.line, message: "expected a mapping of keys to values")
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = try string(key)
            if let allowed, !allowed.contains(name) {
                let known = allowed.sorted().joined(separator: ", ")
                throw ConfigError(file: file, line: key.mark?.line, message: "unknown key `\(name)` (known: \(known))")
            }
            result[name] = value
        }
        return result
    }

    func sequence(_ node: Node) throws(ConfigError) -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw ConfigError(file: file, line: node.mark?.line, message: "expected a list")
        }
        return Array(sequence)
    }

    func string(_ node: Node) throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else {
            throw ConfigError(file: file, line: node.mark?.line, message: "expected a text value")
        }
        return scalar.string
    }

    func bool(_ node: Node) throws(ConfigError) -> Bool {
        guard let value = node.bool else {
            throw ConfigError(file: file, line: node.mark?.line, message: "expected true or false")
        }
        return value
    }

    func int(_ node: Node) throws(ConfigError) -> Int {
        guard let value = node.int else {
            throw ConfigError(file: file, line: node.mark?.line, message: "expected a whole number")
        }
        return value
    }

    func nonNegativeInt(_ node: Node) throws(ConfigError) -> Int {
        let value = try int(node)
        guard value >= 0 else {
            throw ConfigError(
                file: file, line: node.mark?.line, message: "expected a number of 0 or more, got \(value)")
        }
        return value
    }

    func positiveInt(_ node: Node) throws(ConfigError) -> Int {
        let value = try int(node)
        guard value > 0 else {
            throw ConfigError(file: file, line: node.mark?.line, message: "expected a number above 0, got \(value)")
        }
        return value
    }

    /// A share: a number above 0 and at most 1.
    func fraction(_ node: Node) throws(ConfigError) -> Double {
        guard let value = node.float, value > 0, value <= 1 else {
            throw ConfigError(file: file, line: node.mark?.line, message: "expected a number above 0 and at most 1")
        }
        return value
    }

    /// A duration in seconds: a number of zero or more, fractions allowed.
    func seconds(_ node: Node) throws(ConfigError) -> Double {
        guard let value = node.float, value >= 0, value.isFinite else {
            throw ConfigError(file: file, line: node.mark?.line, message: "expected a number of seconds, 0 or more")
        }
        return value
    }
}

extension YAMLReader {
    /// The YAML tree of a configuration file, and its bytes.
    ///
    /// - Parameters:
    ///   - path: where to read it.
    ///   - shown: the name errors give it, when not `path` (the path as the user wrote it).
    ///   - what: what the file is, for errors ("pipeline file", "watch list").
    /// - Returns: the root node, and the bytes it was read from.
    /// - Throws: ``ConfigError`` naming the file when it cannot be read, is not UTF-8, is empty
    ///   or is not YAML.
    static func load(
        _ path: String, shownAs shown: String? = nil, describing what: String
    ) throws(ConfigError) -> (root: Node, bytes: [UInt8]) {
        let file = shown ?? path
        guard let data = FileBytes.read(path) else {
            throw ConfigError(file: file, message: "cannot read the \(what)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ConfigError(file: file, message: "the \(what) is not UTF-8")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(file: file, message: "the \(what) is empty")
            }
            return (node, data)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: file, message: "not valid YAML: \(error)")
        }
    }
}
