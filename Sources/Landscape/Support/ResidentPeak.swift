import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The most memory the process held resident over a stretch of work, sampled: what each stage
/// of a night needs of the machine, recorded beside its seconds.
///
/// The kernel keeps only the process's peak since it started (`VmHWM`); resetting it would
/// also hide the earlier stages' peaks from whoever started the process and reads its
/// `ru_maxrss` (a scheduler, the benchmark). So the resident size is read every
/// ``interval`` on a timer and at each ``restart()``, and the highest kept: a peak shorter
/// than the interval may be missed.
final class ResidentPeak: Sendable {
    /// How often the resident size is read: a read of `/proc/self/statm`, a few microseconds.
    static let interval = DispatchTimeInterval.milliseconds(20)

    private let highest: Atomic<Int>
    /// Touched only when made and when let go.
    nonisolated(unsafe) private let timer: any DispatchSourceTimer

    /// Starts sampling; nil where the resident size cannot be read (not Linux).
    init?() {
        guard let now = Self.residentBytes() else { return nil }
        highest = Atomic(now)
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "landscape.resident-peak"))
        timer.schedule(deadline: .now() + Self.interval, repeating: Self.interval)
        timer.setEventHandler { [weak self] in self?.sample() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// The highest resident size, in bytes, since the last restart (or since sampling
    /// started), and a new stretch begun from the size now.
    func restart() -> Int {
        let now = Self.residentBytes() ?? 0
        return max(highest.exchange(now, ordering: .relaxed), now)
    }

    private func sample() {
        guard let now = Self.residentBytes() else { return }
        highest.max(now, ordering: .relaxed)
    }

    /// The process's resident size now, in bytes: the second field of `/proc/self/statm`, in pages.
    static func residentBytes() -> Int? {
        #if os(Linux)
            let descriptor = open("/proc/self/statm", O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 128)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            let fields = buffer[..<count].split(separator: UInt8(ascii: " "))
            guard fields.count >= 2 else { return nil }
            var pages = 0
            for digit in fields[1] {
                guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
                pages = pages * 10 + Int(digit - UInt8(ascii: "0"))
            }
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
            return nil
        #endif
    }
}
