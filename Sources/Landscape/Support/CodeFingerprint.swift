/// Which build of the code is running: the version plus the running executable's size and
/// modification time. Caches of derived data key on it, so that a rebuilt parser never serves
/// answers an older build computed from the same bytes. Costs one `stat`, not a hash.
package enum CodeFingerprint {
    /// The project's version, named in the manifest and the fetcher's User-Agent.
    package static let version = "0.1.0"

    package static let current: String = {
        #if os(Linux)
            var info = stat()
            if stat("/proc/self/exe", &info) == 0 {
                return "\(CodeFingerprint.version)+\(info.st_size).\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
            }
        #endif
        return CodeFingerprint.version
    }()
}
