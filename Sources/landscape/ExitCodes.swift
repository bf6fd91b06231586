import ArgumentParser
import Landscape

/// The one place errors become exit codes: 0 success, 1 the run failed and published nothing,
/// 2 bad usage or bad config, 3 another run holds the lock, 4 too few sources answered (an
/// outage: nothing published, `latest` unchanged), 5 damaged data (a parent snapshot's or the
/// stage cache's file missing or changed since it was written; `landscape snapshots verify`).
enum ExitCodes {
    static let runFailed: Int32 = 1
    static let usage: Int32 = 2
    static let locked: Int32 = 3
    static let outage: Int32 = 4
    static let damaged: Int32 = 5

    /// The exit code of each error the project throws; nil for the parser's own.
    static func code(of error: any Error) -> Int32? {
        switch error {
        case is ConfigError, is RunPlanError, is ShardError: usage
        case is RunError, is FileSystemError: runFailed
        case is RunLockedError: locked
        case is SourceOutageError: outage
        case is DamagedDataError: damaged
        default: nil
        }
    }

    static func exit(for error: any Error, command: any ParsableCommand.Type) -> Never {
        if let error = error as? ExitCode { SystemLibrary.exit(error.rawValue) }
        let code: Int32
        var message: String
        if let known = Self.code(of: error) {
            code = known
            message = "landscape: \(error)"
            if error is DamagedDataError {
                message = "landscape: damaged data: \(error) (landscape snapshots verify --all lists what is damaged)"
            }
        } else {
            let parserCode = command.exitCode(for: error).rawValue
            message = command.fullMessage(for: error)
            // Help and version requests are not errors; every other parser complaint is usage.
            code = parserCode == 0 ? 0 : usage
        }
        if code == 0 {
            print(message)
        } else {
            writeStandardError(message + "\n")
        }
        SystemLibrary.exit(code)
    }
}

func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

/// Writes all of `bytes` to standard output, unbuffered.
func writeStandardOutput(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(1, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
        if written <= 0 { return }
        offset += written
    }
}
