import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import LedgerProofs
import WalletKit

/// `desci audit FILE --bundle OUT`: fetches the record's bundle (`GET /audit/bundle`), adds the
/// PROV-JSON of the lineage, checks it offline against the node's genesis hash and writes it.
enum BundleWriter {
    static func write(id: Hash, snapshot: LineageSnapshot, client: NodeClient, to path: String) async throws -> BundleReport {
        let (status, body) = try await client.raw(method: "GET", path: "/audit/bundle?id=\(id.hex)", body: nil)
        guard status == 200 else { throw WalletError("the node refused the bundle (HTTP \(status)): \(String(decoding: body, as: UTF8.self))", code: "BUNDLE_UNAVAILABLE") }
        var bundle = try AuditBundle(bytes: Array(body))
        bundle.prov = Array(try jsonBytes(ProvExport.document(snapshot)))
        bundle.provDigest = SHA256.hash(bundle.prov)
        let genesisHash = try await client.get("/status", as: StatusDTO.self).genesisHash
        // Never write a bundle that would not verify.
        let report = try BundleVerifier.verify(bundle, trust: BundleTrust(genesisHash: genesisHash))
        let bytes = bundle.bytes
        guard FileManager.default.createFile(atPath: (path as NSString).expandingTildeInPath, contents: Data(bytes)) else {
            throw WalletError("cannot write \(path)", code: "WRITE_FAILED")
        }
        return report
    }
}

/// `desci verify BUNDLE --genesis FILE`: no network (Docs/AUDIT.md, "Offline bundles").
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify an audit bundle offline against a genesis file.",
        discussion: """
            Exit status: 0 verified and no record in the lineage is retracted; 4 verified, but a record \
            in the lineage is retracted; 7 the bundle failed verification (the message names what and \
            where); 1 the check could not run (unreadable files, bad options).
            """)

    @Argument(help: "The bundle file (desci audit FILE --bundle OUT).") var bundle: String
    @Option(help: "The network's genesis.json: its chain id and validator set are the trust anchor.") var genesis: String?
    @Option(help: "The genesis hash (64 hex digits, `desci-node genesis validate` prints it): binds the whole genesis.")
    var genesisHash: String?
    @Option(help: "The audited file: its SHA-256 must be the audited record's digest.") var file: String?
    @Option(help: "Output format: text or json.") var output: OutputFormat = .text

    func run() throws {
        let trust = try self.trust()
        guard let data = FileManager.default.contents(atPath: (bundle as NSString).expandingTildeInPath) else {
            throw WalletError("cannot read \(bundle)", code: "UNREADABLE")
        }
        var digest: Hash?
        if let file {
            let progress = FileHasher.terminalProgress()
            let hashed = try FileHasher.hash(path: (file as NSString).expandingTildeInPath, progress: progress)
            FileHasher.endProgress(progress)
            digest = try Hash(bytes: hashed.digest)
        }
        let result: BundleVerdict
        do {
            result = .init(report: try BundleVerifier.verify(Array(data), trust: trust, fileDigest: digest))
        } catch let e as BundleError {
            result = .init(failure: e)
        }
        switch output {
        case .json:
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(result), as: UTF8.self))
        case .text: print(result.text)
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }

    func trust() throws -> BundleTrust {
        var t = BundleTrust()
        if let genesisHash {
            guard let b = Hex.decode(genesisHash), let h = try? Hash(bytes: b) else { throw WalletError("--genesis-hash must be 64 hex digits", code: "BAD_GENESIS_HASH") }
            t.genesisHash = h
        }
        if let genesis {
            guard let data = FileManager.default.contents(atPath: (genesis as NSString).expandingTildeInPath),
                  let doc = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let chainID = doc["chain_id"] as? String, let vals = doc["validators"] as? [[String: Any]] else {
                throw WalletError("\(genesis) is not a readable genesis file (chain_id and validators)", code: "BAD_GENESIS")
            }
            t.chainID = chainID
            t.validators = try vals.map { v in
                guard let k = v["pub_key"] as? String, let kb = Hex.decode(k), let key = try? PublicKey(bytes: kb),
                      let p = (v["power"] as? NSNumber)?.uint64Value else {
                    throw WalletError("a validator of \(genesis) lacks a hex pub_key or a power", code: "BAD_GENESIS")
                }
                return BundleValidator(publicKey: key, power: p)
            }
        }
        guard t.genesisHash != nil || t.chainID != nil else {
            throw WalletError("give --genesis FILE (and, to bind the whole genesis, --genesis-hash HEX)", code: "MISSING_GENESIS")
        }
        return t
    }
}

/// What `desci verify` prints.
struct BundleVerdict: Encodable {
    struct Record: Encodable {
        var id: String, logIndex: UInt64, height: UInt64, title: String, license: String, registrant: String, status: String
        var retracted: Bool, confirmations: [String], derivedFrom: [String]
        enum CodingKeys: String, CodingKey {
            case id, logIndex = "log_index", height, title, license, registrant, status, retracted, confirmations, derivedFrom = "derived_from"
        }
    }

    struct Attestation: Encodable {
        var id: String, subject: String, attester: String, kind: String, verdict: String, height: UInt64, logIndex: UInt64
        var independent: Bool, revoked: Bool, revokedHeight: UInt64?, revocationLogIndex: UInt64?
        enum CodingKeys: String, CodingKey {
            case id, subject, attester, kind, verdict, height, logIndex = "log_index", independent, revoked, revokedHeight = "revoked_height",
                 revocationLogIndex = "revocation_log_index"
        }

        init(_ a: BundleReport.Attestation) {
            id = a.id.hex
            subject = a.subject.hex
            attester = a.attester.bech32
            kind = a.kind
            verdict = a.verdict
            height = a.height
            logIndex = a.logIndex
            independent = a.independent
            revoked = a.revoked
            revokedHeight = a.revokedHeight
            revocationLogIndex = a.revocationLogIndex
        }

        /// One line: what was attested, by whom, where it is in the log, and whether it still stands.
        var line: String {
            let state = revoked ? "REVOKED at height \(revokedHeight ?? 0) (log \(revocationLogIndex ?? 0))" : "active"
            return "  \(id) \(kind) \(verdict) of \(subject) by \(attester)\(independent ? "" : " (contributor)") " +
                "height \(height), log \(logIndex), \(state)"
        }
    }

    var verified: Bool
    var exitCode: Int32
    var error: [String: String]?
    var chainID: String?, genesisHash: String?, height: UInt64?, blockHash: String?, logSize: UInt64?, validatorChanges: Int?
    var signedPower: UInt64?, totalPower: UInt64?, fileVerified: Bool?
    var records: [Record] = []
    var attestations: [Attestation] = []

    enum CodingKeys: String, CodingKey {
        case verified, exitCode = "exit_code", error, chainID = "chain_id", genesisHash = "genesis_hash", height, blockHash = "block_hash",
             logSize = "log_size", validatorChanges = "validator_changes", signedPower = "signed_power", totalPower = "total_power",
             fileVerified = "file_verified", records, attestations
    }

    init(failure e: BundleError) {
        verified = false
        exitCode = 7
        error = ["code": e.code, "message": e.description]
    }

    init(report r: BundleReport) {
        verified = true
        exitCode = r.retracted.isEmpty ? 0 : 4
        chainID = r.chainID
        genesisHash = r.genesisHash.hex
        height = r.height
        blockHash = r.blockHash.hex
        logSize = r.logSize
        validatorChanges = r.validatorChanges
        signedPower = r.signedPower
        totalPower = r.totalPower
        fileVerified = r.fileVerified
        records = r.records.map {
            Record(id: $0.id.hex, logIndex: $0.logIndex, height: $0.height, title: $0.title, license: $0.license, registrant: $0.registrant.bech32,
                   status: $0.status, retracted: $0.retracted, confirmations: $0.confirmations.map { "\($0)" }, derivedFrom: $0.derivedFrom.map(\.hex))
        }
        attestations = r.attestations.map(Attestation.init)
    }

    var text: String {
        guard verified else { return "VERIFICATION FAILED [\(error?["code"] ?? "")]: \(error?["message"] ?? "")\nexit \(exitCode)" }
        var lines = [
            "chain: \(chainID ?? "") genesis \(genesisHash ?? "")",
            "ok   validator-set history: \(validatorChanges ?? 0) change(s), each signed by more than 2/3 of the set before it",
            "ok   header at height \(height ?? 0) (\(blockHash ?? "")): commit signed by \(signedPower ?? 0) of \(totalPower ?? 0) power",
            "ok   \(records.count) record(s): entry signatures, RFC 9162 inclusion at log size \(logSize ?? 0), state proofs, parents before children",
        ]
        let revoked = attestations.filter(\.revoked).count
        lines.append("ok   \(attestations.count) attestation(s), \(revoked) revoked: signatures, RFC 9162 inclusion, state proofs of active/revoked, " +
                     "each record's full count (its tally)")
        if fileVerified == true { lines.append("ok   the file's SHA-256 is the audited record's digest") }
        lines.append("records (ancestors first, audited last):")
        lines += records.map { "  \($0.id) \"\($0.title)\" [\($0.license)] height \($0.height), log \($0.logIndex), \($0.status)\($0.retracted ? " RETRACTED" : "")" }
        lines.append("attestations (log order):\(attestations.isEmpty ? " (none)" : "")")
        lines += attestations.map(\.line)
        lines.append(exitCode == 0 ? "verified (exit 0)" : "verified, but the lineage holds a retraction (exit \(exitCode))")
        return lines.joined(separator: "\n")
    }
}
