import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore

import WalletKit

struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read chain state from a node.",
        subcommands: [Status.self, AccountCmd.self, TxCmd.self, BlockCmd.self] + Query.recordQueries)

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Chain id, latest block, validator.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let s: StatusDTO = try await global.client.get("/status")
            try global.emit(s, text: """
                chain: \(s.chainID)
                height: \(s.latestHeight)
                latest block: \(s.latestHash) at \(s.latestTime)
                validator: \(s.validatorAddress?.bech32 ?? "none")
                mempool: \(s.mempoolSize) transaction(s)
                version: \(s.version)
                """)
        }
    }

    struct AccountCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "account", abstract: "Balance and nonce of an address or key name.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Address (desci1…) or key name.") var who: String

        func run() async throws {
            let address = try global.resolveAddress(who)
            let a: AccountDTO = try await global.client.get("/account?address=\(address)")
            try global.emit(a, text: "address: \(a.address)\nbalance: \(a.balance)\nnonce: \(a.nonce)\(a.pendingNonce != a.nonce ? " (pending \(a.pendingNonce))" : "")")
        }
    }

    struct TxCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tx", abstract: "A committed transaction, its receipt and its events (one line each).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Transaction hash (hex).") var hash: String

        func run() async throws {
            guard let id = try? Hash(hex: hash) else {
                throw WalletError("'\(hash)' is not a 64-character hex hash",
                                  hint: "use the `hash:` that `desci tx …` printed, or one listed by `desci query block HEIGHT`")
            }
            let t: TransactionDTO = try await global.client.get("/tx?hash=\(id.hex)")
            let actions = t.body.actions.map { a -> String in
                if case let .transfer(x) = a { return "transfer \(x.amount) to \(x.to)" }
                return a.name
            }
            let lines = [
                "hash: \(t.hash)",
                "height: \(t.height) (index \(t.index))",
                "sender: \(t.sender) nonce \(t.body.nonce ?? 0)",
                "actions: \(actions.joined(separator: "; "))",
                ReceiptText.status(t.receipt, paint: global.paint),
                "gas used: \(t.receipt.gasUsed) of \(t.body.gasLimit), fee: \(t.receipt.feePaid)",
            ] + ReceiptText.events(t.receipt.events)
            try global.emit(t, text: lines.joined(separator: "\n"))
        }
    }

    struct BlockCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "block", abstract: "A block (the latest by default).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Height.") var height: UInt64?

        func run() async throws {
            let b: BlockDTO = try await global.client.get(height.map { "/block?height=\($0)" } ?? "/block")
            try global.emit(b, text: """
                height: \(b.header.height)
                hash: \(b.hash)
                time: \(b.header.time)
                proposer: \(b.header.proposer)
                transactions: \(b.header.transactionCount)
                state root: \(b.header.stateRoot)
                signatures: \(b.commit?.signatures.count ?? 0)
                \(b.transactions.map { "  \($0)" }.joined(separator: "\n"))
                """)
        }
    }
}

extension Query {
    /// Record queries, one group per contract.
    static var recordQueries: [any ParsableCommand.Type] { contributionQueries + attestationQueries + governanceQueries }
    static var contributionQueries: [any ParsableCommand.Type] {
        [ContributionQuery.self, ContributionsQuery.self, LineageQuery.self, DescendantsQuery.self, VersionsQuery.self, CitationsQuery.self]
    }
    static var attestationQueries: [any ParsableCommand.Type] { [Query.Attestations.self] }
    static var governanceQueries: [any ParsableCommand.Type] { [ProposalCmd.self, ProposalsCmd.self, MembersCmd.self, PolicyCmd.self, ParamsCmd.self] }
}
