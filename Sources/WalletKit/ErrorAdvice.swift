import LedgerCrypto

/// What to do next after an error: every failure the wallet prints ends with a hint line, so a
/// user is never left with only a code. Hints are keyed by the node's stable error codes
/// (`LedgerCore.ErrorCode`, the contracts' codes in Docs/RECORDS.md and GOVERNANCE.md) and by the
/// wallet's own failures (keys, passphrases, an unreachable node).
public enum ErrorAdvice {
    /// The wallet's code for "no answer from the node" (connection refused, DNS, timeout).
    public static let unreachable = "UNREACHABLE"

    /// The line to print under an error, or nil when there is nothing useful to add.
    public static func hint(code: String?) -> String? {
        guard let code else { return nil }
        switch code {
        case unreachable:
            return "is the node running? Start one with `desci-node dev`, or point the wallet at another with --node URL (or DESCI_NODE)"
        case "NOT_FOUND":
            return "check the id, hash or address; a transaction sent moments ago may not be in a block yet (use --wait, or retry `desci query tx HASH`)"
        case "PENDING":
            return "the transaction is in the mempool; wait a block and ask again, or submit with --wait"
        case "TIMEOUT":
            return "it may still be committed: look with `desci query tx HASH`; wait longer with --timeout SECONDS"
        case "INSUFFICIENT_FEE":
            return "raise --fee, or leave --fee out to pay the chain's minimum (`desci query params` shows min_fee and min_gas_price)"
        case "INSUFFICIENT_FUNDS":
            return "check the balance with `desci query account NAME`; lower the amount or fee, or fund the account first"
        case "BAD_NONCE", "DUPLICATE_NONCE", "NONCE_TOO_FAR":
            return "another transaction from this key is pending or was just committed; wait for it (`desci query account NAME` shows nonce and pending nonce) and send again"
        case "DUPLICATE_TX", "ALREADY_COMMITTED":
            return "nothing to do: this exact transaction was already sent; `desci query tx HASH` shows it"
        case "OUT_OF_GAS", "GAS_LIMIT_TOO_LOW":
            return "raise --gas, or use --gas auto to simulate first"
        case "GAS_LIMIT_TOO_HIGH":
            return "lower --gas to at most the block gas limit (`desci query params`), or use --gas auto"
        case "WRONG_CHAIN", "BAD_SIGNATURE":
            return "the transaction was signed for another network: check --node, and re-sign (`desci tx sign`, --genesis-hash from `desci query status`)"
        case "TX_EXPIRED":
            return "the expiry height has passed: send again with a later --expiry (`desci query status` shows the height) or none"
        case "MEMPOOL_FULL", "BUSY":
            return "the node is busy: retry in a few seconds, or use another node with --node URL"
        case "TX_TOO_LARGE", "BODY_TOO_LARGE", "BATCH_TOO_LARGE":
            return "split the work into smaller transactions"
        case "MALFORMED_TX", "BAD_ENCODING", "UNKNOWN_ACTION":
            return "the node does not understand this transaction: is the wallet the same version as the node (`desci --version`, `desci query status`)?"
        case "UNKNOWN_RECORD":
            return "check the record id (`desci query contribution ID`, or `desci query contribution --digest HEX` to look one up by content)"
        case "UNKNOWN_PROPOSAL":
            return "`desci query proposals` lists the proposals and their ids"
        case "NOT_MEMBER":
            return "only DAO members may do this; `desci query members` lists them"
        case "POLICY_DENIED":
            return "a DAO policy refused it; `desci query policy NAME` shows the rule in force"
        case "VOTING_CLOSED":
            return "the vote has ended; `desci query proposal ID` shows its outcome"
        case "INTERNAL":
            return "the node failed on its side: its log says why; report it if it persists"
        default:
            return nil
        }
    }

    /// The message and hint to print for an error the wallet raised, or nil for errors it does not
    /// own (argument-parsing errors, exit codes), which ArgumentParser reports itself.
    public static func advise(_ error: any Error) -> (message: String, hint: String?)? {
        switch error {
        case let e as WalletError:
            return (e.description, e.hint ?? hint(code: e.code))
        case let e as CryptoError where e == .decryptionFailed:
            return (e.description, "check the passphrase (--passphrase-file, DESCI_PASSPHRASE or the prompt, in that order); "
                        + "a passphrase file's trailing newline is ignored")
        case let e as CryptoError:
            return (e.description, nil)
        case let e as KeyStoreError:
            switch e {
            case .notFound:
                return (e.description, "`desci keys list` shows your keys; create one with `desci keys add NAME`, or pass --home if they live elsewhere")
            case .exists:
                return (e.description, "choose another name, or remove the old key with `desci keys delete NAME` (after exporting it)")
            case .invalidName:
                return (e.description, nil)
            case .io:
                return (e.description, "check that the wallet home (--home or DESCI_HOME) exists and is writable")
            }
        default:
            return nil
        }
    }
}
