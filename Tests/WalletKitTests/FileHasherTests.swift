import Foundation
import LedgerCrypto
import Testing
@testable import WalletKit

@Suite("FileHasher")
struct FileHasherTests {
    func tempFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("filehasher-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func knownDigests() throws {
        for (text, hex) in [("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")] {
            let path = try tempFile(Array(text.utf8))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let r = try FileHasher.hash(path: path)
            #expect(r.digest.map { String(format: "%02x", $0) }.joined() == hex)
            #expect(r.size == UInt64(text.utf8.count))
            #expect(Array(r.multihash.prefix(2)) == [0x12, 0x20])
        }
    }

    /// Sizes around the chunk boundary must agree with libsodium's SHA-256 (the reference the chain uses).
    @Test(arguments: [1, FileHasher.chunkSize - 1, FileHasher.chunkSize, FileHasher.chunkSize + 1, 3 * FileHasher.chunkSize + 17])
    func agreesWithLibsodiumAcrossChunkBoundaries(_ size: Int) throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(size)
        let bytes = (0..<size).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let path = try tempFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var progressCalls: [(UInt64, UInt64)] = []
        let r = try FileHasher.hash(path: path) { progressCalls.append(($0, $1)) }
        #expect(r.digest == LedgerCrypto.SHA256.hash(bytes).bytes)
        #expect(r.size == UInt64(size))
        #expect(progressCalls.last?.0 == UInt64(size))
        #expect(progressCalls.allSatisfy { $0.1 == UInt64(size) })
    }

    @Test func missingFileIsAnError() {
        #expect(throws: WalletError.self) { try FileHasher.hash(path: "/nonexistent/\(UUID().uuidString)") }
    }
}
