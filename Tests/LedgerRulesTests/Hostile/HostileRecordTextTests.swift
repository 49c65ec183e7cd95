import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

/// Hostile text at exactly `bytes` UTF-8 bytes. Seeds vary where the pieces (combining marks, ZWJ
/// sequences, bidi marks and isolates, NUL, BOM, enclosing marks, 4-byte scalars) fall against the
/// limit; every third seed ends on a 4-byte scalar whose last byte is the limit's, and the others
/// cut the pieces by bytes on a scalar boundary and pad with ASCII.
func hostileLimitText(bytes: Int, seed: Int) -> String {
    let pieces = ["a\u{301}\u{302}\u{303}", "\u{1F469}\u{200D}\u{1F52C}", "\u{202E}\u{2067}x\u{2069}", "\u{0}", "\u{FEFF}", "e\u{20DD}",
                  "\u{10FFFF}", "\u{1F1FA}\u{1F1F3}", "\u{200F}\u{061C}"]
    var s = String(repeating: "\u{1F9EC}", count: seed % 4)  // shift the pattern by 0…3 four-byte scalars
    var i = seed
    while s.utf8.count < bytes {
        s += pieces[i % pieces.count]
        i += 1
    }
    if seed % 3 == 0, bytes >= 4 {
        s = s.truncatedUTF8(maxBytes: bytes - 4)
        s += String(repeating: "z", count: bytes - 4 - s.utf8.count) + "\u{1F9EC}"
    } else {
        s = s.truncatedUTF8(maxBytes: bytes)
        s += String(repeating: "z", count: bytes - s.utf8.count)
    }
    precondition(s.utf8.count == bytes)
    return s
}

/// Writes every record kind the contracts store through the contracts, every text field at its byte
/// limit with hostile text, then decodes every stored value again: texts round-trip byte for byte,
/// every stored value is canonical, and every cut text is a prefix of its source cut on a scalar
/// boundary.
@Suite("Hostile text: every record kind at its maximum sizes")
struct HostileRecordTextTests {
    static let seeds = [0, 1, 2, 3, 4, 5, 6, 7]

    @Test("contributions, machine contributors, versions, citations, datasets, attestations, revocations, retractions, proposals, votes, deposits, delegations, grants",
          arguments: seeds)
    func everyRecordKind(seed: Int) throws {
        let g = GovHarness(timelock: 0)
        let (m0, m1) = (g.addr(0), g.addr(1))
        func text(_ bytes: Int, _ salt: Int) -> String { hostileLimitText(bytes: bytes, seed: seed + salt) }
        func id(_ r: Receipt) throws -> Hash {
            try Hash(hex: try #require(r.events.first { $0.kind == "contribution.registered" }?.attributes.first { $0.key == "id" }?.value))
        }
        var written: [String] = []  // every hostile text written, to find it again
        func keep(_ s: String) -> String {
            written.append(s)
            return s
        }

        // A software record: the machine contributor's agent.
        let toolTitle = keep(text(RecordLimits.title, 1))
        let tool = try id(try g.ok(0, .registerContribution(RegisterContribution(
            kind: .software, title: toolTitle, digest: contentDigest("tool-\(seed)"), size: 1, license: "MIT",
            contributors: [person(keep(text(RecordLimits.name, 2)), m0)]))))

        // A paper at every limit: title, 8 URIs of 2,048 bytes, 64 contributors with hostile names
        // (the registrant, a member, a machine contributor with AI use, and 61 others).
        var contributors = [person(keep(text(RecordLimits.name, 3)), m0), person(keep(text(RecordLimits.name, 4)), m1),
                            ContributorEntry(name: keep(text(RecordLimits.name, 5)), agent: tool, roles: [RoleClaim(role: 9, degree: 3)],
                                             aiUse: [.drafting, .languageEditing])]
        for n in 0..<(RecordLimits.contributors - contributors.count) {
            contributors.append(person(keep(text(RecordLimits.name, 10 + n)), plainAddress(UInt8(0x80 + n))))
        }
        let uris = (0..<RecordLimits.uris).map { n in
            let base = "https://example.org/\(seed)/\(n)/"
            return base + String(repeating: "a", count: RecordLimits.uri - base.utf8.count)
        }
        let paperTitle = keep(text(RecordLimits.title, 6))
        let paper = try id(try g.ok(0, .registerContribution(RegisterContribution(
            kind: .paper, title: paperTitle, digest: contentDigest("paper-\(seed)"), size: 1, uris: uris, license: "CC-BY-4.0",
            contributors: contributors, references: [tool]))))
        // A new version citing the first, and a dataset derived from it with its provenance.
        let v2 = try id(try g.ok(0, .registerContribution(RegisterContribution(
            kind: .paper, title: keep(text(RecordLimits.title, 7)), digest: contentDigest("paper2-\(seed)"), size: 1, license: "CC-BY-4.0",
            contributors: [person(keep(text(RecordLimits.name, 8)), m0)], references: [paper], previousVersion: paper))))
        let dataset = try id(try g.ok(0, .registerContribution(RegisterContribution(
            kind: .dataset, title: keep(text(RecordLimits.title, 9)), digest: contentDigest("data-\(seed)"), size: 1, license: "CC-BY-4.0",
            contributors: [person(keep(text(RecordLimits.name, 90)), m0)], derivedFrom: [v2],
            activity: ProvenanceActivity(kind: .cleaning, codeDigest: contentDigest("code"), agent: m0)))))
        try g.ok(1, .confirmContribution(ConfirmContribution(contribution: paper, accept: true)))

        // Attestations with comments at 4,096 bytes; one revoked.
        let comment = keep(text(RecordLimits.comment, 91))
        let review = try g.ok(2, .attest(Attest(subject: dataset, kind: .review, verdict: Attest.Verdict.accept, scores: [1, 2, 3, 4, 5, 6, 7, 8],
                                                comment: comment)))
        let reviewID = try Hash(hex: try #require(review.events.first { $0.kind == "attestation.created" }?.attributes.first { $0.key == "id" }?.value))
        try g.ok(3, .attest(Attest(subject: paper, kind: .endorsement, verdict: 0, comment: keep(text(RecordLimits.comment, 92)))))
        try g.ok(2, .revokeAttestation(RevokeAttestation(attestation: reviewID)))

        // A retraction by the registrant, its reason at 1,024 bytes.
        let reason = keep(text(RecordLimits.reason, 93))
        let retracted = try g.ok(0, .retractContribution(RetractContribution(contribution: tool, reason: reason)))
        #expect(retracted.events.first { $0.kind == "contribution.retracted" }?.attributes.first { $0.key == "reason" }?.value.utf8
            .elementsEqual(reason.utf8) == true)

        // Governance: a proposal at every limit (title, summary, 16 actions: a grant with 16 hostile
        // milestones, a retraction with a hostile reason, texts), a delegation, deposits and votes.
        let milestones = (0..<RecordLimits.milestones).map { Milestone(amount: 1, description: keep(text(RecordLimits.reason, 100 + $0))) }
        let govReason = keep(text(RecordLimits.reason, 94))
        let actions: [ProposalAction] = [.grant(recipient: m1, milestones: milestones), .retract(contribution: v2, reason: govReason)]
            + Array(repeating: .text, count: RecordLimits.proposalActions - 2)
        let (title, summary) = (keep(text(RecordLimits.title, 95)), keep(text(RecordLimits.comment, 96)))
        let proposed = try g.ok(0, .propose(Propose(title: title, summary: summary, actions: actions, deposit: GovHarness.minDeposit)))
        let submitted = try #require(proposed.events.first { $0.kind == "proposal_submitted" }?.attributes.first { $0.key == "proposal" }?.value)
        let pid = try #require(UInt64(submitted))
        try g.ok(3, .delegate(Delegate(to: g.addr(2))))
        try g.ok(1, .deposit(AddDeposit(proposal: pid, amount: 7)))
        for i in 0..<3 { try g.vote(i, pid, .yes) }
        try g.advance(to: try g.proposal(pid).endHeight + 1)
        let executed = try g.proposal(pid)
        #expect(executed.status == .executed, "\(executed.failure ?? "")")

        // Decode every stored value again.
        var texts: [String] = []
        var decoded = 0
        for (key, value) in g.state.writes {
            guard let value else { continue }
            let kinds = try decodeStored(key: key, value: value)
            texts += kinds
            decoded += 1
        }
        #expect(decoded > 100)
        // Every hostile text written is stored somewhere, byte for byte (compared as bytes, never as
        // Unicode-equivalent Strings).
        let stored = Set(texts.map { Array($0.utf8) })
        for s in written {
            #expect(stored.contains(Array(s.utf8)), "a text of \(s.utf8.count) bytes did not round-trip")
        }
        // Event values are cut by bytes on a scalar boundary: a prefix of some written text or whole.
        for r in [review, proposed] {
            for e in r.events { for a in e.attributes { #expect(a.value.utf8.count <= ProtocolLimits.maxStringBytes) } }
        }
        let record = try #require(try ContributionStore.record(v2, in: g.state))
        #expect(record.retraction?.reason.utf8.elementsEqual(govReason.utf8) == true)
        #expect(record.status == .retracted)
        let paperRecord = try #require(try ContributionStore.record(paper, in: g.state))
        #expect(paperRecord.registration.contributors.map { Array($0.name.utf8) } == contributors.map { Array($0.name.utf8) })
        #expect(paperRecord.registration.title.utf8.elementsEqual(paperTitle.utf8))
    }

    @Test("texts cut to a byte limit end on a scalar boundary and are prefixes of the source", arguments: seeds)
    func cutsOnScalarBoundaries(seed: Int) {
        for limit in [1, 2, 3, 4, 5, 63, 64, 500, 1_024, 4_096] {
            for extra in 1...5 {
                let source = hostileLimitText(bytes: limit + extra, seed: seed)
                let cut = source.truncatedUTF8(maxBytes: limit)
                let (s, c) = (Array(source.utf8), Array(cut.utf8))
                #expect(c.count <= limit && c.count > limit - 4)
                #expect(Array(s.prefix(c.count)) == c)
                #expect(s[c.count] & 0xC0 != 0x80, "the cut splits a scalar")
            }
        }
    }

    /// Decodes one stored value by its key's table (Docs/PROTOCOL.md): records must decode and be
    /// canonical; returns the texts they hold.
    func decodeStored(key: [UInt8], value: [UInt8]) throws -> [String] {
        func canonical<T: CanonicalCodable>(_: T.Type) throws -> T {
            let v = try T(canonical: value)
            #expect(v.canonicalBytes == value, "\(T.self) at \(Hex.encode(key)) is not canonical")
            return v
        }
        switch (key.first, key.count > 1 ? key[1] : nil) {
        case (0x02, 0x01):
            let r = try canonical(ContributionRecord.self)
            return [r.registration.title, r.registration.license] + r.registration.uris + r.registration.contributors.map(\.name)
                + [r.retraction?.reason, r.licenseConflict].compactMap { $0 }
        case (0x02, 0x02): #expect(value.count == 32)
        case (0x02, _): #expect(value.isEmpty)
        case (0x03, 0x01):
            let r = try canonical(AttestationRecord.self)
            return [r.attestation.comment]
        case (0x03, 0x05): _ = try canonical(AttestationTally.self)
        case (0x03, 0x04): #expect(value.count == 32)
        case (0x03, _): #expect(value.isEmpty)
        case (0x04, 0x00): _ = try canonical(GovernanceParams.self)
        case (0x04, 0x02):
            let p = try canonical(ProposalRecord.self)
            var out = [p.title, p.summary] + [p.failure].compactMap { $0 }
            for a in p.actions {
                if case let .grant(_, ms) = a { out += ms.map(\.description) }
                if case let .retract(_, reason) = a { out.append(reason) }
            }
            return out
        case (0x04, 0x03): #expect(value.count == 1 && (1...4).contains(value[0]))
        case (0x04, 0x04): #expect(value.count == 20)
        case (0x04, 0x07):
            let grant = try canonical(GrantRecord.self)
            return grant.milestones.map(\.description)
        case (0x04, 0x08): #expect(value.count == 8)
        case (0x04, 0x0B):
            var r = CanonicalReader(value)
            _ = try r.u64()
            let reason = try r.text("reason", max: RecordLimits.reason)
            try r.finish()
            return [reason]
        case (0x04, 0x0C): _ = try canonical(ReputationCounters.self)
        case (0x04, _): #expect(value.isEmpty)
        default: break
        }
        return []
    }
}
