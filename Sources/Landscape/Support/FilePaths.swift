import FoundationEssentials

/// Small path helpers on plain strings (POSIX paths only: the pipeline runs on Linux and macOS).
package enum FilePaths {
    package static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(join(FileManager.default.currentDirectoryPath, path))
    }

    package static func join(_ base: String, _ component: String) -> String {
        if component.hasPrefix("/") { return component }
        if base.hasSuffix("/") { return base + component }
        return base + "/" + component
    }

    /// Resolves `path` against `folder` unless it is already absolute.
    package static func resolve(_ path: String, in folder: String) -> String {
        normalize(join(folder, path))
    }

    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    package static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `name` as one file name: every byte but ASCII letters, digits, `.`, `_` and `-` becomes
    /// `-`, so a pipeline named "APAC biotech/live" owns `latest-APAC-biotech-live`.
    package static func fileSafe(_ name: String) -> String {
        let safe = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "-"
            })
        return safe.isEmpty || safe.hasPrefix(".") ? "pipeline" + safe : safe
    }

    /// File name without its last extension.
    package static func stem(of path: String) -> String {
        let name = lastComponent(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// Removes `.` and `..` components and doubled slashes.
    package static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}

/// Where `make install` puts the pipelines, the gazetteer and the samples: `share/landscape/`
/// beside the `bin/` the binary is in, so `landscape run` works from any folder.
package enum InstalledFiles {
    /// `path` as given when it exists or is absolute; else the installed file of that relative
    /// path when there is one (`Pipelines/apac-biotech.yml`); else `path`, for the error to name.
    package static func resolve(_ path: String) -> String {
        if path.hasPrefix("/") || FileManager.default.fileExists(atPath: path) { return path }
        guard let executable = DurableFile.readLink("/proc/self/exe") else { return path }
        let installed = FilePaths.resolve(
            "../share/landscape/" + path, in: FilePaths.directory(of: executable))
        return FileManager.default.fileExists(atPath: installed) ? installed : path
    }
}
