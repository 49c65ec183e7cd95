import Foundation

/// The repository root, found from this file's path (Tests/DocsTests/DocSupport.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func readDoc(_ relative: String) throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent(relative), encoding: .utf8)
}

/// Every Markdown file the examples may live in.
func markdownFiles() throws -> [String] {
    let docs = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Docs").path)
        .filter { $0.hasSuffix(".md") }.sorted().map { "Docs/\($0)" }
    return docs + ["Genesis/README.md", "README.md"].filter { FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent($0).path) }
}

/// A checked example: `<!-- example: NAME -->` followed by a fenced block of hex.
struct DocExample {
    var name: String
    var file: String
    var hex: String
}

/// Finds every example marker and the fenced block right after it. The block's hex is the
/// concatenation of its whitespace-separated words (so long values can wrap and be grouped).
func examples(in text: String, file: String) -> [DocExample] {
    var out: [DocExample] = []
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var i = 0
    while i < lines.count {
        let line = lines[i].trimmingCharacters(in: .whitespaces)
        if line.hasPrefix("<!-- example:"), line.hasSuffix("-->") {
            let name = line.dropFirst("<!-- example:".count).dropLast("-->".count).trimmingCharacters(in: .whitespaces)
            var j = i + 1
            // The fence must come next (blank lines allowed).
            while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j += 1 }
            var hex = ""
            if j < lines.count, lines[j].hasPrefix("```") {
                j += 1
                while j < lines.count, !lines[j].hasPrefix("```") {
                    hex += lines[j].split(whereSeparator: { $0 == " " || $0 == "\t" }).joined()
                    j += 1
                }
            }
            out.append(DocExample(name: name, file: file, hex: hex))
            i = j
        }
        i += 1
    }
    return out
}
