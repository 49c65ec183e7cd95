import Foundation
import LedgerCore
import Testing

@testable import FuzzTargets

/// The fuzz targets' property checks without libFuzzer (Docs/FUZZING.md): every seed in
/// `Fuzz/corpus/<target>/` and every kept crash in `Fuzz/regressions/<target>/` must pass.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func files(_ folder: String, _ target: FuzzTarget) -> [URL] {
        let dir = root.appendingPathComponent("Fuzz/\(folder)/\(target.rawValue)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test("kept crash inputs pass their target's properties", arguments: FuzzTarget.allCases)
    func regressions(target: FuzzTarget) async throws {
        for file in Self.files("regressions", target) {
            let bytes = try [UInt8](Data(contentsOf: file))
            await #expect(throws: Never.self, "\(file.lastPathComponent)") { try await target.checkAsync(bytes) }
        }
    }

    @Test("the seed corpus is present and passes", arguments: FuzzTarget.allCases)
    func corpus(target: FuzzTarget) async throws {
        let files = Self.files("corpus", target)
        #expect(!files.isEmpty, "Fuzz/corpus/\(target.rawValue) is empty")
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            await #expect(throws: Never.self, "\(file.lastPathComponent)") { try await target.checkAsync(bytes) }
        }
    }

    /// The generated seeds pass; with DESCI_FUZZ_WRITE_SEEDS=1 they are (re)written to Fuzz/corpus.
    @Test("generated seeds pass, and are written on request")
    func generatedSeeds() async throws {
        let genesis = try [UInt8](Data(contentsOf: Self.root.appendingPathComponent("Genesis/devnet.json")))
        let seeds = try SeedCorpus.seeds(genesisJSON: genesis)
        #expect(Set(seeds.keys) == Set(FuzzTarget.allCases))
        let write = ProcessInfo.processInfo.environment["DESCI_FUZZ_WRITE_SEEDS"] == "1"
        for (target, inputs) in seeds {
            for input in inputs {
                await #expect(throws: Never.self, "\(target) \(input.name)") { try await target.checkAsync(input.bytes) }
                guard write else { continue }
                let dir = Self.root.appendingPathComponent("Fuzz/corpus/\(target.rawValue)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try Data(input.bytes).write(to: dir.appendingPathComponent(input.name))
            }
        }
    }

    /// The seeds are meaningful: the decoders accept them (a seed that fails to decode would only
    /// exercise the error path).
    @Test("decoder seeds decode")
    func seedsDecode() throws {
        let seeds = try SeedCorpus.seeds(genesisJSON: [])
        for input in seeds[.commit]! { _ = try Commit(canonical: input.bytes) }
        _ = try Block(canonical: seeds[.block]![0].bytes)
        _ = try Receipt(canonical: seeds[.receipt]![0].bytes)
        for input in seeds[.record]! where input.name.hasPrefix("action-") { _ = try Action(canonical: Array(input.bytes.dropFirst())) }
    }

    /// The round-trip check does catch a decoder that accepts two spellings of one value.
    @Test("round-trip check rejects a lenient decoder")
    func roundTripCatchesLenientDecoder() {
        #expect(throws: PropertyViolation.self) { try CodecProperties.roundTrip(LenientFlag.self, "test", [0x02]) }
        #expect(throws: Never.self) { try CodecProperties.roundTrip(LenientFlag.self, "test", [0x01]) }
    }
}

/// Reads any non-zero byte as true: not canonical, as `roundTrip` must notice.
private struct LenientFlag: CanonicalCodable, Equatable {
    var value: Bool
    func encode(to w: inout CanonicalWriter) { w.u8(value ? 1 : 0) }
    init(from r: inout CanonicalReader) throws { value = try r.u8() != 0 }
}
