import Foundation
import LedgerNode

/// The genesis parser: an accepted document, written back as JSON, is accepted again as the same
/// document (so nothing accepted depends on how it was spelled).
enum GenesisProperties {
    static func genesis(_ bytes: [UInt8]) throws(PropertyViolation) {
        guard let doc = try? GenesisDocument.parse(Data(bytes)) else { return }
        _ = doc.effectivePolicies
        var written: Data
        do {
            written = try JSONEncoder().encode(doc)
        } catch {
            throw PropertyViolation("genesis", "accepted document cannot be encoded: \(error)")
        }
        // Policies are kept as canonical rule text beside the Codable fields; splice them back in
        // (the encoder writes an object, so its last byte is the closing brace).
        if !doc.policies.isEmpty, written.last == UInt8(ascii: "}") {
            let entries = doc.policies.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }
            written.removeLast()
            written.append(contentsOf: Array(",\"policies\":{\(entries.joined(separator: ","))}}".utf8))
        }
        let again: GenesisDocument
        do {
            again = try GenesisDocument.parse(written)
        } catch {
            throw PropertyViolation("genesis", "accepted document, written back, is rejected: \(error)")
        }
        guard again == doc else { throw PropertyViolation("genesis", "accepted document, written back, parses differently") }
    }
}
