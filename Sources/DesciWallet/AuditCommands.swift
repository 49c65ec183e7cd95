import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore
import WalletKit

/// `desci audit FILE` (Docs/AUDIT.md).
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hash a file and report its registration, lineage, attestations and findings.",
        discussion: """
            Exit status: 0 registered and clean; 3 not registered; 4 retracted record or retracted \
            ancestor; 5 licence conflict in the lineage; 6 verification failure (the record does not \
            describe this file, or the node's answers contradict each other); 1 the audit could not \
            run (unreadable file, unreachable node). When several apply the most serious wins: 6, 4, 5.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to audit (hashed locally, streaming SHA-256).") var file: String
    @Option(help: "Also write an offline audit bundle (checked by `desci verify`) to this path.") var bundle: String?

    func run() async throws {
        let path = (file as NSString).expandingTildeInPath
        let progress = FileHasher.terminalProgress()
        let hashed = try FileHasher.hash(path: path, progress: progress)
        FileHasher.endProgress(progress)
        let f = AuditReport.File(path: file, digest: Hex.encode(hashed.multihash), size: hashed.size)
        let report: AuditReport
        let root: ContributionDTO?
        do {
            root = try await global.client.get("/contribution/by-digest?digest=\(f.digest)", as: ContributionDTO.self)
        } catch let e as WalletError where e.code == "NOT_FOUND" {
            root = nil
        }
        if let root {
            // Past this point a NOT_FOUND is the node contradicting itself, not an unregistered file: it fails the audit (exit 1).
            let snapshot = try await LineageSnapshot.fetch(root: root, client: global.client)
            report = AuditReport.build(file: f, snapshot: snapshot)
            if let bundle {
                let b = try await BundleWriter.write(id: root.id, snapshot: snapshot, client: global.client, to: bundle)
                // The bundle's attestations are proved offline (signatures, inclusion, state), not just queried.
                let proved = b.attestations.map { BundleVerdict.Attestation($0).line }
                FileHandle.standardError.write(Data(("bundle: \(bundle) (\(b.records.count) records, \(b.attestations.count) attestations " +
                    "(\(b.attestations.filter(\.revoked).count) revoked) at height \(b.height))\n" +
                    proved.map { "bundle attestation:\($0)\n" }.joined()).utf8))
            }
        } else {
            report = AuditReport.unregistered(file: f)
        }
        try global.emit(report, text: AuditText.render(report, paint: global.paint))
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

enum AuditText {
    static func render(_ r: AuditReport, paint: Paint = Paint(enabled: false)) -> String {
        let verdict = "verdict: \(paint.status(r.verdict.rawValue, ok: r.exitCode == 0)) (exit \(r.exitCode))"
        var lines = ["file: \(r.file.path)", "sha256: \(r.file.digest) (\(r.file.size) bytes)"]
        guard r.registered, let id = r.id else {
            lines.append(paint.bold("NOT REGISTERED") + ": no record on this chain has this content")
            lines.append(verdict)
            return lines.joined(separator: "\n")
        }
        lines += [
            "record: \(id.hex) \(r.kind ?? "") \"\(r.title ?? "")\"",
            "status: \(r.status ?? "")",
            "registrant: \(r.registrant?.bech32 ?? "")",
            "block: height \(r.height ?? 0), time \(r.time ?? "")",
            "licence: \(r.license ?? "")",
            "contributors:",
        ]
        lines += r.contributors.map { "  \(ContributionText.who($0.name, $0.address, $0.orcid)): \(ContributionText.roles($0.roles)) [\($0.confirmation)]" }
        if !r.machineContributors.isEmpty {
            lines.append("machine contributors:")
            lines += r.machineContributors.map { m in
                let a = m.agent.map { "\($0.kind) \($0.id) \"\($0.title)\" v\($0.version)\($0.retracted ? " RETRACTED" : "")" } ?? "?"
                return "  \(m.name) — \(a): \(ContributionText.roles(m.roles))\(ContributionText.aiUse(m.aiUse))"
            }
        }
        lines.append("ancestors:\(r.ancestors.isEmpty ? " (none)" : "")\(r.lineageTruncated ? " (truncated)" : "")")
        lines += r.ancestors.map {
            "  \(String(repeating: "  ", count: max(0, $0.depth - 1)))\($0.id) \($0.kind) \"\($0.title)\" [\($0.license)] (\($0.status))"
        }
        lines.append("attestations:\(r.attestations.isEmpty ? " (none)" : "")")
        lines += r.attestations.map {
            "  \($0.id) \($0.kind) \($0.verdict) by \($0.attester)\($0.independent ? "" : " (not independent)")\($0.revoked ? " REVOKED" : "")"
        }
        if !r.retractions.isEmpty {
            lines.append("retractions in the lineage:")
            lines += r.retractions.map { "  \($0.id) \"\($0.title)\"\($0.reason.map { ": \($0)" } ?? "")" }
        }
        lines.append("licence findings:\(r.licenseFindings.isEmpty ? " none" : "")")
        lines += r.licenseFindings.map { "  \($0)" }
        if !r.aiFindings.isEmpty {
            lines.append("AI-use findings:")
            lines += r.aiFindings.map { "  \($0)" }
        }
        lines.append("checks:")
        lines += r.checks.map { "  \($0.ok ? paint.green("ok  ") : paint.red("FAIL")) \($0.name): \($0.detail)" }
        lines.append(verdict)
        return lines.joined(separator: "\n")
    }
}
