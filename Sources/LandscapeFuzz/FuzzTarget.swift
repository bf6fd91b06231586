// Only a build that can see the library's internals (debug, or `make fuzz-build`) has the
// targets: `swift build -c release` builds the package without them.
#if DEBUG || LANDSCAPE_FUZZ
    import Foundation

    @testable import Landscape

    /// One reader of untrusted bytes, run on a fuzzer's input.
    ///
    /// Each target feeds the input to the reader and then checks what a caller relies on (ranges in
    /// bounds, round trips that must hold); `check` returns what broke, so the fuzzer can trap on
    /// it and the regression tests can name it.
    enum FuzzTarget: String, CaseIterable, Sendable {
        case feed, html, page, date, url, sentences, extract, money, gazetteer, pipeline, gzip, warc

        /// The violations of the reader's promises on this input; empty when it kept them all.
        func check(_ input: [UInt8]) -> [String] {
            switch self {
            case .feed: return Self.checkFeed(input)
            case .html: return Self.checkHTML(input)
            case .page: return Self.checkPage(input)
            case .date: return Self.checkDate(input)
            case .url: return Self.checkURL(input)
            case .sentences: return Self.checkSentences(input)
            case .extract: return Self.checkExtract(input)
            case .money: return Self.checkMoney(input)
            case .gazetteer: return Self.checkGazetteer(input)
            case .pipeline: return Self.checkPipeline(input)
            case .gzip: return Self.checkGzip(input)
            case .warc: return Self.checkWARC(input)
            }
        }

        private static func checkFeed(_ input: [UInt8]) -> [String] {
            guard let feed = try? parseFeed(input, origin: "fuzz") else { return [] }  // refusals are fine
            var writer = JSONWriter()
            feed.writeParseRecord(file: "fuzz", to: &writer)
            return JSONLine.isObject(writer.bytes) ? [] : ["the parse record is not one JSON object"]
        }

        private static func checkHTML(_ input: [UInt8]) -> [String] {
            let text = input.withUnsafeBufferPointer { SimpleHTML.text($0) }
            guard let text else { return [] }
            return text.utf8.count <= input.count * 4 + 16
                ? [] : ["the text of \(input.count) bytes of HTML is \(text.utf8.count) bytes"]
        }

        private static func checkPage(_ input: [UInt8]) -> [String] {
            let page = PageReader.read(input, url: "https://example.com/news/1")
            var problems: [String] = []
            if let title = page.title, title.contains("\u{0}") { problems.append("a NUL byte in the title") }
            if page.text.contains("\u{0}") { problems.append("a NUL byte in the text") }
            return problems
        }

        private static func checkDate(_ input: [UInt8]) -> [String] {
            guard let timestamp = FeedDate.parse(String(decoding: input, as: UTF8.self)) else { return [] }
            // A date the reader accepts is written as ISO 8601, and that form must read back the same.
            let written = timestamp.iso8601
            guard FeedDate.parse(written) == timestamp else { return ["\(written) does not read back as itself"] }
            return []
        }

        private static func checkURL(_ input: [UInt8]) -> [String] {
            let text = String(decoding: input, as: UTF8.self)
            let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            let reference = String(parts[0])
            let base = parts.count > 1 ? String(parts[1]) : nil
            let resolved = URLResolver.resolve(reference, against: base)
            let canonical = CanonicalURL.make(resolved)
            guard CanonicalURL.make(canonical) == canonical else {
                return ["canonical form of \(canonical.debugDescription) changes again"]
            }
            return []
        }

        private static func checkSentences(_ input: [UInt8]) -> [String] {
            var end = 0
            for range in SentenceSplitter.split(input) {
                guard range.lowerBound >= end, range.upperBound <= input.count, !range.isEmpty else {
                    return ["sentence \(range) after \(end) in \(input.count) bytes"]
                }
                end = range.upperBound
            }
            return []
        }

        private static func checkExtract(_ input: [UInt8]) -> [String] {
            let text = String(decoding: input, as: UTF8.self)
            let title = text.split(separator: "\n", maxSplits: 1).first.map(String.init)
            let article = Article(
                articleID: "fuzz", url: "https://example.com/news/1", canonicalURL: nil, sourceID: "fuzz",
                title: title, published: Timestamp(secondsSinceEpoch: 1_767_225_600), summary: nil, content: text,
                language: "en", authors: [], categories: [], firstSeen: Timestamp(secondsSinceEpoch: 1_767_225_600))
            let extraction = FuzzFixtures.extractor.extract(article)
            var problems: [String] = []
            let fields = Dictionary(article.textFields.map { ($0.field, Array($0.text.unicodeScalars)) }) { first, _ in
                first
            }
            for mention in extraction.mentions {
                guard let scalars = fields[mention.field], mention.start >= 0, mention.start < mention.end,
                    mention.end <= scalars.count
                else {
                    problems.append(
                        "mention \(mention.surface.debugDescription) at \(mention.start)..<\(mention.end) out of its text"
                    )
                    continue
                }
                var surface = String.UnicodeScalarView()
                surface.append(contentsOf: scalars[mention.start..<mention.end])
                if String(surface) != mention.surface {
                    problems.append(
                        "mention \(mention.surface.debugDescription) reads \(String(surface).debugDescription)")
                }
            }
            for deal in extraction.deals {
                if deal.parties.count < 2 { problems.append("deal \(deal.dealID) with \(deal.parties.count) parties") }
                for value in [deal.valueUSD, deal.upfrontUSD].compactMap({ $0 }) where !(value.isFinite && value >= 0) {
                    problems.append("deal \(deal.dealID) worth \(value)")
                }
            }
            return problems
        }

        private static func checkMoney(_ input: [UInt8]) -> [String] {
            let amounts = FuzzFixtures.money.amounts(in: input)
            var problems: [String] = []
            for value in amounts.flatMap({ [$0.amount, $0.usd].compactMap { $0 } })
            where !(value.isFinite && value >= 0) {
                problems.append("an amount of \(value)")
            }
            let terms = MoneyReader.dealTerms(amounts)
            for value in [terms.valueUSD, terms.upfrontUSD].compactMap({ $0 }) where !(value.isFinite && value >= 0) {
                problems.append("deal terms worth \(value)")
            }
            return problems
        }

        /// The first byte picks the file the rest replaces: the organisations or the places.
        private static func checkGazetteer(_ input: [UInt8]) -> [String] {
            let organizations = FuzzFixtures.scratchFile("organizations.jsonl")
            let places = FuzzFixtures.scratchFile("places.jsonl")
            let fuzzesPlaces = input.first.map { $0 & 1 == 1 } ?? false
            let body = Array(input.dropFirst())
            FuzzFixtures.write(fuzzesPlaces ? FuzzFixtures.gazetteerOrganizations : body, to: organizations)
            FuzzFixtures.write(fuzzesPlaces ? body : FuzzFixtures.gazetteerPlaces, to: places)
            guard let gazetteer = try? Gazetteer.load(organizationsPath: organizations, placesPath: places) else {
                return []
            }
            // What loads must also be usable: building the extractor indexes every name.
            _ = DealExtractor(gazetteer: gazetteer, usdRates: [:])
            return []
        }

        private static func checkPipeline(_ input: [UInt8]) -> [String] {
            let path = FuzzFixtures.scratchFile("pipeline.yml")
            FuzzFixtures.write(input, to: path)
            _ = try? PipelineConfig.load(path: path)  // a refusal with its reason is the right answer
            return []
        }

        /// A WARC file (plain or gzipped) read to its end: every record's block within the cap,
        /// every skipped record named with an offset inside the file's content.
        private static func checkWARC(_ input: [UInt8]) -> [String] {
            let path = FuzzFixtures.scratchFile("input.warc")
            FuzzFixtures.write(input, to: path)
            let cap = 4096
            guard let reader = try? WARCReader(path: path, maxRecordBytes: cap) else { return [] }
            var problems: [String] = []
            var items = 0
            while let item = try? reader.next() {
                items += 1
                switch item {
                case .record(let record):
                    if record.block.count > cap {
                        problems.append("a block of \(record.block.count) bytes over the cap")
                    }
                    _ = ArchiveArticles.convert(
                        record, sourceID: "fuzz", seenAt: Timestamp(secondsSinceEpoch: 0), isRelevant: { _ in true })
                case .skipped(let offset, _, _):
                    if offset < 0 { problems.append("a skipped record at offset \(offset)") }
                }
                // Every item consumes bytes: more items than bytes means the reader stopped moving.
                if items > input.count + 2 {
                    problems.append("more than \(input.count + 2) items from \(input.count) bytes")
                    break
                }
            }
            return problems
        }

        private static func checkGzip(_ input: [UInt8]) -> [String] {
            guard let plain = Gzip.decompress(input) else { return [] }
            guard let packed = Gzip.compress(plain), Gzip.decompress(packed) == plain else {
                return ["\(plain.count) decompressed bytes do not survive compression"]
            }
            return []
        }
    }

    /// Whether bytes are one JSON object, as a line of output must be.
    enum JSONLine {
        static func isObject(_ bytes: [UInt8]) -> Bool {
            (try? JSONSerialization.jsonObject(with: Data(bytes))) is [String: Any]
        }
    }
#endif
