import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore
import WalletKit

// `desci query contribution|contributions|lineage|descendants|versions|citations` (Docs/CLI.md).

enum ContributionText {
    static func roles(_ roles: [RoleDTO]) -> String { roles.map { "\($0.label) (\($0.degree))" }.joined(separator: ", ") }

    /// `; AI use: drafting, translation` (STM 2025 categories), flagging the unacceptable one.
    static func aiUse(_ uses: [AIUseDTO]) -> String {
        guard !uses.isEmpty else { return "" }
        return "; AI use: " + uses.map { $0.unacceptable ? "\($0.use) (UNACCEPTABLE per STM)" : $0.use }.joined(separator: ", ")
    }

    static func who(_ name: String, _ address: Address?, _ orcid: String?) -> String {
        var s = name
        if let address { s += " <\(address.bech32)>" }
        if let orcid { s += " orcid:\(orcid)" }
        return s
    }

    static func summary(_ s: ContributionSummaryDTO) -> String {
        let indent = String(repeating: "  ", count: s.depth ?? 0)
        var flags: [String] = [s.status]
        if s.retracted { flags.append("RETRACTED") }
        if s.licenseConflict { flags.append("licence conflict") }
        return "\(indent)\(s.id) \(s.kind) v\(s.version) \"\(s.title)\" [\(s.license)] (\(flags.joined(separator: ", ")))"
    }

    static func page(_ p: ContributionPageDTO) -> String {
        var lines = p.items.map(summary)
        if lines.isEmpty { lines.append("(none)") }
        if let c = p.nextCursor { lines.append("more: --after \(c)") }
        return lines.joined(separator: "\n")
    }

    static func graph(_ g: LineageDTO) -> String {
        var lines = g.nodes.map(summary)
        lines.append("\(g.nodes.count) record(s), \(g.edges.count) derivation(s)\(g.truncated ? "; truncated at depth \(g.depth)" : "")")
        return lines.joined(separator: "\n")
    }

    static func full(_ c: ContributionDTO) -> String {
        var lines = [
            "id: \(c.id)",
            "kind: \(c.kind), version \(c.version)\(c.previousVersion.map { " (previous \($0))" } ?? "")",
            "title: \(c.title)",
            "digest: \(c.digest) (\(c.size) bytes)",
            "license: \(c.license)",
            "registrant: \(c.registrant) at height \(c.height)",
            "status: \(c.status)",
        ]
        if let doi = c.doi { lines.append("doi: \(doi)") }
        for u in c.uris { lines.append("uri: \(u)") }
        if !c.nextVersions.isEmpty { lines.append("newer version: \(c.nextVersions.map(\.hex).joined(separator: ", "))") }
        if !c.derivedFrom.isEmpty { lines.append("derived from: \(c.derivedFrom.map(\.hex).joined(separator: ", "))") }
        if !c.references.isEmpty { lines.append("cites: \(c.references.map(\.hex).joined(separator: ", "))") }
        if let a = c.activity {
            var s = "activity: \(a.kind)"
            if let d = a.codeDigest { s += ", code \(d)" }
            if let d = a.parametersDigest { s += ", parameters \(d)" }
            if let agent = a.agent { s += ", run by \(agent)" }
            lines.append(s)
        }
        lines.append("confirmed roles:")
        lines += c.confirmedRoles.map { "  \(who($0.name, $0.address, $0.orcid)): \(roles($0.roles))" }
        lines.append("unconfirmed roles:")
        lines += c.unconfirmedRoles.map { "  \(who($0.name, $0.address, $0.orcid)): \(roles($0.roles))" }
        if !c.declinedRoles.isEmpty {
            lines.append("declined roles:")
            lines += c.declinedRoles.map { "  \(who($0.name, $0.address, $0.orcid)): \(roles($0.roles))" }
        }
        if !c.machineContributors.isEmpty {
            lines.append("machine contributors:")
            lines += c.machineContributors.map { m in
                let a = m.agent.map { "\($0.kind) \($0.id) \"\($0.title)\" v\($0.version)" } ?? "?"
                return "  \(m.name) — \(a): \(roles(m.roles))\(aiUse(m.aiUse))"
            }
        }
        if let r = c.retraction { lines.append("RETRACTED at height \(r.height) by \(r.by?.bech32 ?? "governance"): \(r.reason)") }
        if let l = c.licenseConflict { lines.append("licence conflict: \(l)") }
        if c.dependsOnRetraction { lines.append("DEPENDS ON RETRACTED: \(c.retractedAncestors.map(\.hex).joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }

    static func id(_ text: String) throws -> Hash {
        guard let h = try? Hash(hex: text) else { throw WalletError("'\(text)' is not a 64-character hex id") }
        return h
    }
}

struct ContributionQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "contribution", abstract: "A contribution record (or --digest to look up by content).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Record id.") var id: String?
    @Option(help: "SHA-256 multihash (hex) of the content, instead of an id.") var digest: String?

    func run() async throws {
        let c: ContributionDTO
        switch (id, digest) {
        case let (id?, nil): c = try await global.client.get("/contribution?id=\(try ContributionText.id(id).hex)")
        case let (nil, d?): c = try await global.client.get("/contribution/by-digest?digest=\(Hex.encode(try RecordTx.multihash(hex: d)))")
        default: throw ValidationError("give a record id or --digest")
        }
        try global.emit(c, text: ContributionText.full(c))
    }
}

struct ContributionsQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "contributions", abstract: "Records listing an address as contributor.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Address (desci1…) or key name.") var who: String
    @Option(help: "Page size (1…100).") var limit: Int = 50
    @Option(help: "Continue after this id (the previous page's next_cursor).") var after: String?

    func run() async throws {
        let address = try global.resolveAddress(who)
        let p: ContributionPageDTO = try await global.client.get(
            "/contributions?contributor=\(address.bech32)&limit=\(limit)\(try after.map { "&after=\(try ContributionText.id($0).hex)" } ?? "")")
        try global.emit(p, text: ContributionText.page(p))
    }
}

struct LineageQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lineage", abstract: "Ancestors of a record (what it was derived from), as a DAG.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Record id.") var id: String
    @Option(help: "How many derivation steps to follow (0…1000).") var depth: Int = 10

    func run() async throws {
        let g: LineageDTO = try await global.client.get("/lineage?id=\(try ContributionText.id(id).hex)&depth=\(depth)")
        try global.emit(g, text: ContributionText.graph(g))
    }
}

struct DescendantsQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "descendants", abstract: "Records derived from a record (who built on it).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Record id.") var id: String
    @Option(help: "How many derivation steps to follow (0…1000).") var depth: Int = 10

    func run() async throws {
        let g: LineageDTO = try await global.client.get("/descendants?id=\(try ContributionText.id(id).hex)&depth=\(depth)")
        try global.emit(g, text: ContributionText.graph(g))
    }
}

struct VersionsQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "versions", abstract: "The version history a record belongs to, oldest first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Record id.") var id: String

    func run() async throws {
        // The node answers 100 versions a page: follow `next_cursor` to list the whole history.
        let hex = try ContributionText.id(id).hex
        var items: [ContributionSummaryDTO] = []
        var after: Hash?
        repeat {
            let page: ContributionPageDTO = try await global.client.get("/versions?id=\(hex)&limit=100" + (after.map { "&after=\($0.hex)" } ?? ""))
            items += page.items
            after = page.nextCursor
        } while after != nil
        let p = ContributionPageDTO(items: items, nextCursor: nil)
        try global.emit(p, text: ContributionText.page(p))
    }
}

struct CitationsQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "citations", abstract: "Records citing a record.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Record id.") var id: String
    @Option(help: "Page size (1…100).") var limit: Int = 50
    @Option(help: "Continue after this id (the previous page's next_cursor).") var after: String?

    func run() async throws {
        let p: ContributionPageDTO = try await global.client.get(
            "/citations?id=\(try ContributionText.id(id).hex)&limit=\(limit)\(try after.map { "&after=\(try ContributionText.id($0).hex)" } ?? "")")
        try global.emit(p, text: ContributionText.page(p))
    }
}
