import LedgerCore
import LedgerCrypto
import Synchronization

/// The validator's consensus key, shareable across tasks: the key stays inside a mutex so the
/// non-Sendable `SigningKey` is only ever touched by one task at a time.
public final class ValidatorSigner: Sendable {
    public let publicKey: PublicKey
    public let address: Address
    private let key: Mutex<SigningKey>

    public init(_ key: consuming sending SigningKey) {
        publicKey = key.publicKey
        address = Address(publicKey: key.publicKey)
        self.key = Mutex(key)
    }

    public func sign(_ message: [UInt8]) -> Signature {
        key.withLock { $0.sign(message) }
    }
}
