import Foundation
import Testing

/// Docs/ARCHITECTURE.md names files and folders so a newcomer finds any concept in one hop; a path
/// that no longer exists sends them nowhere.
@Suite("Docs: ARCHITECTURE.md paths")
struct ArchitecturePathsTests {
    static let extensions = [".swift", ".md", ".json", ".toml", ".yml", ".yaml", ".h", ".modulemap"]

    /// Backticked tokens that are repository paths: they contain `/`, no spaces or placeholders, and
    /// end in a known extension or `/`. `HOME/…` (the node's home folder) and `../…` (outside the
    /// repository) are not repository paths.
    static func paths(in text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().compactMap { i, part in
            guard i % 2 == 1 else { return nil }
            let p = String(part)
            guard p.contains("/"), !p.contains(" "), !p.contains("<"), !p.contains("\""), !p.contains("|"),
                  !p.hasPrefix("HOME/"), !p.hasPrefix("../"), !p.hasPrefix("/"), !p.hasPrefix("~"),
                  p.hasSuffix("/") || extensions.contains(where: { p.hasSuffix($0) })
            else { return nil }
            return p
        }
    }

    /// Paths are written relative to the repository root or to `Sources/` (as the module table does);
    /// a glob `X/*.swift` needs a folder X with at least one Swift file; a folder may also be named
    /// by its last components (`Contracts/`).
    static func exists(_ path: String) -> Bool {
        let fm = FileManager.default
        for base in ["", "Sources/", "Tests/"] {
            if path.hasSuffix("/*.swift") {
                let dir = repositoryRoot.appendingPathComponent(base + String(path.dropLast("*.swift".count))).path
                if let items = try? fm.contentsOfDirectory(atPath: dir), items.contains(where: { $0.hasSuffix(".swift") }) { return true }
            } else if fm.fileExists(atPath: repositoryRoot.appendingPathComponent(base + path).path) {
                return true
            }
        }
        if path.hasSuffix("/") {
            let sources = repositoryRoot.appendingPathComponent("Sources").path
            let all = fm.enumerator(atPath: sources)?.compactMap { $0 as? String } ?? []
            return all.contains { ($0 + "/").hasSuffix("/" + path) }
        }
        return false
    }

    @Test("every path ARCHITECTURE.md names exists")
    func pathsExist() throws {
        let found = Self.paths(in: try readDoc("Docs/ARCHITECTURE.md"))
        #expect(found.count > 20, "the path scanner found only \(found)")
        for p in found { #expect(Self.exists(p), "Docs/ARCHITECTURE.md names \(p), which does not exist") }
    }

    @Test("the scanner sees paths and ignores other code spans")
    func scanner() {
        #expect(Self.paths(in: "see `LedgerCore/Limits.swift`, `HOME/config/x.json`, `GET /status`, `a || b`, `Contracts/`")
            == ["LedgerCore/Limits.swift", "Contracts/"])
        #expect(!Self.exists("LedgerCore/NoSuchFile.swift"))
        #expect(Self.exists("LedgerCore/Limits.swift"))
    }
}
