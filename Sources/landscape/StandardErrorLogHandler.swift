import Landscape
import Logging

/// Log lines on standard error: readable text for people, one JSON object a line for schedulers.
struct StandardErrorLogHandler: LogHandler {
    enum Format: String { case text, json }

    let label: String
    let format: Format
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Fields the text line's message already says; JSON lines carry them for machines.
    private static let fieldsInMessage: Set<String> = [
        "stage", "status", "inputs", "outputs", "seconds", "counts", "error", "url",
    ]

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let time = timestamp()
        switch format {
        case .text:
            let shown = merged.filter { !Self.fieldsInMessage.contains($0.key) }
            let extra =
                shown.isEmpty
                ? "" : " " + shown.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            StageProgress.shared.writeLine("\(time) \(event.level.rawValue) \(event.message)\(extra)\n")
        case .json:
            var fields = [
                "\"time\":\"\(escape(time))\"", "\"level\":\"\(event.level.rawValue)\"",
                "\"message\":\"\(escape("\(event.message)"))\"",
            ]
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                fields.append("\"\(escape(key))\":\(json(value))")
            }
            StageProgress.shared.writeLine("{" + fields.joined(separator: ",") + "}\n")
        }
    }

    /// A metadata value as JSON: numbers and booleans as themselves, lists and maps nested.
    private func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text):
            return "\"\(escape(text))\""
        case .stringConvertible(let item):
            if let number = item as? Int { return String(number) }
            if let number = item as? Double, number.isFinite { return "\(number)" }
            if let flag = item as? Bool { return flag ? "true" : "false" }
            return "\"\(escape(item.description))\""
        case .array(let items):
            return "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let entries):
            return "{"
                + entries.sorted { $0.key < $1.key }.map { "\"\(escape($0.key))\":\(json($0.value))" }
                .joined(separator: ",") + "}"
        }
    }

    private func timestamp() -> String {
        Timestamp.now.iso8601
    }

    private func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
