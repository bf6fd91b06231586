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

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let time = timestamp()
        switch format {
        case .text:
            let extra =
                merged.isEmpty
                ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            writeStandardError("\(time) \(event.level.rawValue) \(event.message)\(extra)\n")
        case .json:
            var fields: [(String, String)] = [
                ("time", time), ("level", event.level.rawValue), ("message", "\(event.message)"),
            ]
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { fields.append((key, "\(value)")) }
            let body = fields.map { "\"\(escape($0.0))\":\"\(escape($0.1))\"" }.joined(separator: ",")
            writeStandardError("{\(body)}\n")
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
