import Foundation
import Testing

@testable import Landscape

@Suite("A stage's resident peak")
struct ResidentPeakTests {
    @Test("the resident size read from statm is the one the kernel reports in status")
    func residentSizeAgreesWithStatus() throws {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kilobytes = try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        let bytes = try #require(ResidentPeak.residentBytes())
        // Other tests allocate meanwhile: the two reads agree within what they may do between them.
        #expect(abs(bytes - kilobytes * 1024) < 64 << 20)
        #expect(bytes > 1 << 20)
    }

    @Test("memory held for a moment and let go before the stretch ends counts in its peak")
    func transientPeakIsSeen() throws {
        let peak = try #require(ResidentPeak())
        _ = peak.restart()
        let size = 384 << 20
        let held = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
        // Every page written, so every page is resident.
        for offset in stride(from: 0, to: size, by: 4096) {
            held.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self)
        }
        let holding = try #require(ResidentPeak.residentBytes())
        Thread.sleep(forTimeInterval: 0.25)
        held.deallocate()
        let after = try #require(ResidentPeak.residentBytes())
        let seen = peak.restart()
        // Freed (a block this large is unmapped at once), the memory is gone from the resident
        // size, but the samples taken while it was held keep it in the stretch's peak.
        #expect(after < holding - size / 2)
        #expect(seen >= holding - (64 << 20))
        // The next stretch starts from the size now.
        #expect(peak.restart() < holding - size / 2)
    }
}
