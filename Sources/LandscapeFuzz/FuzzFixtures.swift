// Only a build that can see the library's internals (debug, or `make fuzz-build`) has the
// targets: `swift build -c release` builds the package without them.
#if DEBUG || LANDSCAPE_FUZZ
    import Foundation

    @testable import Landscape

    /// What the targets build once per process: the project's own gazetteer and a scratch folder.
    enum FuzzFixtures {
        /// The repository's root, found from this file's place in it (the fuzzer runs from anywhere).
        static let repository: String = {
            var path = #filePath
            for _ in 0..<3 { path = (path as NSString).deletingLastPathComponent }
            return path
        }()

        static let gazetteerOrganizations = read("Pipelines/gazetteer.jsonl")
        static let gazetteerPlaces = read("Pipelines/places.jsonl")

        static let extractor: DealExtractor = {
            do {
                let gazetteer = try Gazetteer.load(
                    organizationsPath: repository + "/Pipelines/gazetteer.jsonl",
                    placesPath: repository + "/Pipelines/places.jsonl")
                return DealExtractor(gazetteer: gazetteer, usdRates: ["CNY": 0.14, "KRW": 0.00072, "JPY": 0.0067])
            } catch {
                fatalError("landscape-fuzz: cannot load the project's gazetteer: \(error)")
            }
        }()

        static let money = MoneyReader(usdRates: ["CNY": 0.14, "KRW": 0.00072, "JPY": 0.0067, "EUR": 1.08])

        /// A folder of this process's own, for the targets that read files.
        static let scratch: String = {
            let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
            let folder = base + "/landscape-fuzz-\(getpid())"
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return folder
        }()

        static func scratchFile(_ name: String) -> String { scratch + "/" + name }

        static func write(_ bytes: [UInt8], to path: String) {
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                fatalError("landscape-fuzz: cannot write \(path)")
            }
        }

        private static func read(_ relative: String) -> [UInt8] {
            guard let data = FileBytes.read(repository + "/" + relative) else {
                fatalError("landscape-fuzz: cannot read \(relative) under \(repository)")
            }
            return data
        }
    }
#endif
