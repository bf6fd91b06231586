import Foundation
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
        lines.prefetch(cores: 2)
        #expect(try lines.value() == Array("{\"deal_id\":\"dl_1\"}\n".utf8))
        #expect(try lines.value().count == 19)
        #expect(makes.load(ordering: .relaxed) == 1)
        // Taking it lets it go: the bytes of a large file are not held once written.
        #expect(try lines.take().count == 19)
        #expect(makes.load(ordering: .relaxed) == 1)
        #expect(try lines.value().count == 19)
        #expect(makes.load(ordering: .relaxed) == 2)
    }

    @Test("letting go of a value never made does not make it; a value let go is made again when asked for")
    func letGoWithoutMaking() throws {
        let makes = Atomic<Int>(0)
        let tables = Deferred { () -> [Int] in
            makes.wrappingAdd(1, ordering: .relaxed)
            return [1, 2, 3]
        }
        tables.letGo()
        #expect(makes.load(ordering: .relaxed) == 0)
        #expect(!tables.isDone)
        #expect(try tables.value() == [1, 2, 3])
        tables.letGo()
        #expect(!tables.isDone)
        #expect(makes.load(ordering: .relaxed) == 1)
        #expect(try tables.value() == [1, 2, 3])
        #expect(makes.load(ordering: .relaxed) == 2)
    }

    @Test("told to use one core, background work is done where it is started and a prefetch waits to be asked")
    func oneCoreOneThingAtATime() throws {
        let done = Atomic<Int>(0)
        let work = BackgroundWork(cores: 1) { () -> Int in
            done.wrappingAdd(1, ordering: .relaxed)
            return 7
        }
        #expect(done.load(ordering: .relaxed) == 1)
        #expect(work.value() == 7)
        let makes = Atomic<Int>(0)
        let value = Deferred { () -> Int in
            makes.wrappingAdd(1, ordering: .relaxed)
            return 8
        }
        value.prefetch(cores: 1)
        usleep(100_000)
        #expect(makes.load(ordering: .relaxed) == 0)
        #expect(try value.value() == 8)
        #expect(makes.load(ordering: .relaxed) == 1)
        // On two cores the same work starts at once on another thread.
        let started = Atomic<Int>(0)
        let other = BackgroundWork(cores: 2) { () -> Int in
            started.wrappingAdd(1, ordering: .relaxed)
            return 9
        }
        #expect(other.value() == 9 && started.load(ordering: .relaxed) == 1)
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
