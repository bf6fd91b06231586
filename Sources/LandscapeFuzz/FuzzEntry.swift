import Foundation

#if DEBUG || LANDSCAPE_FUZZ
    /// libFuzzer's entry point: runs the target `LANDSCAPE_FUZZ_TARGET` names and traps on any
    /// broken promise, which libFuzzer records as a finding with its input.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let input = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        let problems = FuzzEntry.target.check(input)
        if !problems.isEmpty {
            fatalError("landscape-fuzz \(FuzzEntry.target.rawValue): " + problems.joined(separator: "; "))
        }
        return 0
    }
#endif

#if LANDSCAPE_FUZZ
    /// libFuzzer's driver, for a program that keeps its own `main` (SwiftPM gives every executable
    /// one, so libFuzzer's own cannot be linked).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#endif

@main
enum FuzzEntry {
    #if DEBUG || LANDSCAPE_FUZZ
        static let target: FuzzTarget = {
            let name = ProcessInfo.processInfo.environment["LANDSCAPE_FUZZ_TARGET"] ?? ""
            guard let target = FuzzTarget(rawValue: name) else {
                let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
                fatalError("landscape-fuzz: set LANDSCAPE_FUZZ_TARGET to one of \(names)")
            }
            return target
        }()
    #endif

    static func main() {
        #if LANDSCAPE_FUZZ
            _ = target  // a wrong name fails before libFuzzer starts
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
        #else
            FileHandle.standardError.write(
                Data("landscape-fuzz: this build has no fuzzer; run `make fuzz TARGET=name SECONDS=n`\n".utf8))
            exit(2)
        #endif
    }
}
