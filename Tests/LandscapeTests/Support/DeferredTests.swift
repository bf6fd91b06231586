import Synchronization
import Testing

@testable import Landscape

@Suite("Deferred values")
struct DeferredTests {
    @Test("a value is made once however often it is asked for, and again only after it was taken")
    func madeOnceTakenAndMadeAgain() throws {
        let makes = Atomic<Int>(0)
        let lines = Deferred { () -> [UInt8] in
            makes.wrappingAdd(1, ordering: .relaxed)
            return Array("{\"deal_id\":\"dl_1\"}\n".utf8)
        }
        lines.prefetch()
        #expect(try lines.value() == Array("{\"deal_id\":\"dl_1\"}\n".utf8))
        #expect(try lines.value().count == 19)
        #expect(makes.load(ordering: .relaxed) == 1)
        // Taking it lets it go: the bytes of a large file are not held once written.
        #expect(try lines.take().count == 19)
        #expect(makes.load(ordering: .relaxed) == 1)
        #expect(try lines.value().count == 19)
        #expect(makes.load(ordering: .relaxed) == 2)
    }

    @Test("a failure to make the value is kept and thrown again, and taken like a value")
    func failureKept() {
        struct Broken: Error {}
        let makes = Atomic<Int>(0)
        let deals = Deferred { () throws -> Int in
            makes.wrappingAdd(1, ordering: .relaxed)
            throw Broken()
        }
        #expect(throws: Broken.self) { try deals.value() }
        #expect(throws: Broken.self) { try deals.value() }
        #expect(makes.load(ordering: .relaxed) == 1)
        #expect(throws: Broken.self) { try deals.take() }
        #expect(throws: Broken.self) { try deals.value() }
        #expect(makes.load(ordering: .relaxed) == 2)
    }
}
