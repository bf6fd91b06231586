// The C library, for the whole package: the one place that names the platform. The library's
// files and the executable's (through `import Landscape`) see it from here.
#if canImport(Glibc)
    @_exported import Glibc

    private let processorsOnlineName = Int32(_SC_NPROCESSORS_ONLN)
    private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        Glibc.read(descriptor, buffer, count)
    }
    private func systemExit(_ code: Int32) -> Never { Glibc.exit(code) }
#elseif canImport(Darwin)
    @_exported import Darwin

    private let processorsOnlineName = _SC_NPROCESSORS_ONLN
    private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        Darwin.read(descriptor, buffer, count)
    }
    private func systemExit(_ code: Int32) -> Never { Darwin.exit(code) }
#endif

/// C library calls that Swift methods of the same name would shadow where they are made.
package enum SystemLibrary {
    package static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        systemRead(descriptor, buffer, count)
    }

    /// Reads from `offset` in the file, leaving its position alone (pread).
    package static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int, at offset: Int)
        -> Int
    {
        pread(descriptor, buffer, count, off_t(offset))
    }

    package static func exit(_ code: Int32) -> Never { systemExit(code) }

    package static var processorsOnline: Int { Int(sysconf(processorsOnlineName)) }
}
