import Foundation
import LedgerAPI
import LedgerCore
import WalletKit

/// Everything the node says about one record and its ancestors, fetched once for an audit or an export.
struct LineageSnapshot {
    var root: ContributionDTO
    var lineage: LineageDTO
    /// Full records of every node in the lineage graph (the root included), by id.
    var records: [Hash: ContributionDTO]
    /// Attestations about each record in the graph, by subject id.
    var attestations: [Hash: [AttestationDTO]]

    /// Deepest lineage the node serves (Docs/RPC.md, `GET /lineage`).
    static let maxDepth = 1000

    static func fetch(root: ContributionDTO, client: NodeClient) async throws -> LineageSnapshot {
        let lineage: LineageDTO = try await client.get("/lineage?id=\(root.id.hex)&depth=\(maxDepth)")
        var records: [Hash: ContributionDTO] = [root.id: root]
        var attestations: [Hash: [AttestationDTO]] = [:]
        for node in lineage.nodes {
            if records[node.id] == nil {
                let record: ContributionDTO = try await client.get("/contribution?id=\(node.id.hex)")
                records[node.id] = record
            }
            attestations[node.id] = try await allAttestations(of: node.id, client: client)
        }
        if attestations[root.id] == nil { attestations[root.id] = try await allAttestations(of: root.id, client: client) }
        return LineageSnapshot(root: root, lineage: lineage, records: records, attestations: attestations)
    }

    static func fetch(id: Hash, client: NodeClient) async throws -> LineageSnapshot {
        let root: ContributionDTO = try await client.get("/contribution?id=\(id.hex)")
        return try await fetch(root: root, client: client)
    }

    /// Every attestation about `subject`, following `next` page by page.
    static func allAttestations(of subject: Hash, client: NodeClient) async throws -> [AttestationDTO] {
        var out: [AttestationDTO] = []
        var after: Hash?
        repeat {
            let page: AttestationListDTO = try await client.get(
                "/attestations?subject=\(subject.hex)&limit=\(AttestationPaging.maxLimit)\(after.map { "&after=\($0.hex)" } ?? "")")
            out += page.attestations
            after = page.next
        } while after != nil
        return out
    }

    /// Ancestors (every lineage node but the root), nearest first, then by id.
    var ancestors: [ContributionSummaryDTO] {
        lineage.nodes.filter { $0.id != root.id }.sorted { ($0.depth ?? 0, $0.id.hex) < ($1.depth ?? 0, $1.id.hex) }
    }

    /// The records in a stable order: the root, then ancestors nearest first.
    var orderedRecords: [ContributionDTO] { [root] + ancestors.compactMap { records[$0.id] } }
}

/// RFC 3339 UTC text of a millisecond timestamp (for people and the exports; never hashed).
func rfc3339(millis: UInt64) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return f.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
}
