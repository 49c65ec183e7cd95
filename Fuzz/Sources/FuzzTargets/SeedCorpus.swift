import Foundation
import LedgerCore
import LedgerCrypto
import LedgerRules

/// Small valid inputs for each target, built with the real encoders, so the fuzzer starts inside
/// the accepted language. `Fuzz/corpus/<target>/` holds these; the regression suite regenerates
/// them with DESCI_FUZZ_WRITE_SEEDS=1 (Docs/FUZZING.md).
public enum SeedCorpus {
    public static func seeds(genesisJSON: [UInt8]) throws -> [FuzzTarget: [(name: String, bytes: [UInt8])]] {
        let key = try SigningKey(seed: [UInt8](repeating: 7, count: 32))
        let other = Address(publicKey: try SigningKey(seed: [UInt8](repeating: 9, count: 32)).publicKey)
        let actions: [Action] = [
            .transfer(TransferAction(to: other, amount: 5)),
            .vote(CastVote(proposal: 1, option: .yes)),
            .delegate(Delegate(to: other)),
            .deposit(AddDeposit(proposal: 2, amount: 1_000)),
            .confirmContribution(ConfirmContribution(contribution: SHA256.hash([1]), accept: true)),
            .retractContribution(RetractContribution(contribution: SHA256.hash([2]), reason: "duplicate")),
            .propose(Propose(title: "Raise fee", summary: "s", actions: [.setParameter(name: "min_fee", value: 2), .addMember(other)], deposit: 1_000)),
        ]
        let body = TransactionBody(chainID: "desci-fuzz", sender: key.publicKey, nonce: 0, gasLimit: 100_000, fee: 10, expiry: 50,
                                   actions: [actions[0], actions[1]])
        // Seeds only need to decode; any genesis hash will do for their signatures.
        let genesisHash = SHA256.hash(Array("desci-fuzz".utf8))
        let tx = try Transaction.sign(body, with: key, genesisHash: genesisHash)
        let header = BlockHeader(chainID: "desci-fuzz", height: 1, timeMillis: 1_767_225_600_000, previousHash: .zero,
                                 transactionsRoot: SHA256.hash(tx.wire), resultsRoot: .zero, stateRoot: .zero, validatorsHash: .zero,
                                 proposer: other, transactionCount: 1)
        let block = Block(header: header, transactions: [tx.wire])
        let blockHash = header.hash
        var commit = Commit(height: 1, round: 0, blockHash: blockHash, signatures: [])
        commit.signatures = [CommitSignature(validatorIndex: 0, signature: key.sign(commit.signingMessage(
            chain: ChainIdentity(chainID: "desci-fuzz", genesisHash: genesisHash), validatorIndex: 0)))]
        let receipt = Receipt(transactionID: tx.id, status: .failed, gasUsed: 1_500, feePaid: 10, code: "OUT_OF_GAS", message: "out of gas",
                              events: [Event(kind: "transfer", attributes: [("to", other.description), ("amount", "5")])])
        var records: [(String, [UInt8])] = actions.map { ("action-\($0.name)", [0] + $0.canonicalBytes) }
        records.append(("attestation-tally", [3] + AttestationTally().canonicalBytes))
        records.append(("governance-params", [6] + GovernanceParams.defaults.canonicalBytes))
        records.append(("app-params", [7] + AppParams(minFee: 1, maxBlockGas: 1_000_000, maxBlockBytes: 1 << 20).canonicalBytes))

        let utf8 = { (s: String) in Array(s.utf8) }
        return [
            .transaction: [("transfer-vote", tx.wire)],
            .block: [("one-tx", block.canonicalBytes), ("header", header.canonicalBytes)],
            .commit: [("one-signature", commit.canonicalBytes)],
            .receipt: [("failed-with-event", receipt.canonicalBytes), ("account", Account(balance: 9, nonce: 3).canonicalBytes)],
            .record: records,
            .json: [("object", utf8(#"{"a":[1,2.5,-3e10,true,null],"b":"\u00e9\ud83d\ude00","c":{}}"#)), ("number", utf8("0.1"))],
            .jsonlogic: [
                ("if-var", utf8(#"{"if":[{">=":[{"var":"score"},3]},"ok",{"cat":["low ",{"var":"score"}]}]}"#) + [0] + utf8(#"{"score":4}"#)),
                ("reduce", utf8(#"{"reduce":[{"var":"xs"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]}"#) + [0] + utf8(#"{"xs":[1,2,3]}"#)),
                ("map-filter", utf8(#"{"map":[{"filter":[{"var":"a"},{"<":[{"var":""},5]}]},{"*":[{"var":""},2]}]}"#) + [0] + utf8(#"{"a":[1,7,3]}"#)),
                ("strings", utf8(#"{"and":[{"in":["b","abc"]},{"substr":["hello",1,3]},{"==":[{"max":[1,2]},2]}]}"#)),
            ],
            .spdx: [("or-with", utf8("MIT OR (Apache-2.0 AND GPL-2.0-or-later WITH Classpath-exception-2.0)")), ("ref", utf8("LicenseRef-x+ AND CC-BY-4.0"))],
            .genesis: [("devnet", genesisJSON)],
            .rpc: [
                ("blocks", utf8("GET /blocks?from=1&to=3")),
                ("account", utf8("GET /account?address=\(other.description)")),
                ("submit", utf8("POST /tx?mode=commit&timeout_ms=5\n") + utf8(#"{"tx":"\#(Hex.encode(tx.wire))"}"#)),
                ("batch", utf8("POST /txs\n") + utf8(#"{"txs":["00","AAE="],"mode":"async"}"#)),
                ("lineage", utf8("GET /lineage?id=\(Hex.encode(SHA256.hash([1]).bytes))&depth=4")),
                ("proposals", utf8("GET /proposals?status=open&limit=10&after=2")),
            ],
        ]
    }
}
