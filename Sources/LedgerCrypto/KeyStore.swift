import Foundation
import LedgerCore

/// One wallet key on disk: `<dir>/<name>.json`, mode 0600, the seed sealed in a `KeyEnvelope`
/// with the public key as associated data.
public struct KeyFile: Codable, Sendable, Equatable {
    public var version: Int
    public var name: String
    public var address: Address
    public var publicKey: PublicKey
    /// Dev keys come from public seeds; anything signed with them is not secure.
    public var insecureDevKey: Bool
    public var envelope: KeyEnvelope

    enum CodingKeys: String, CodingKey {
        case version, name, address, publicKey = "public_key", insecureDevKey = "insecure_dev_key", envelope
    }
}

public enum KeyStoreError: Error, Equatable, CustomStringConvertible {
    case invalidName(String)
    case exists(String)
    case notFound(String)
    case io(String)

    public var description: String {
        switch self {
        case let .invalidName(n): "invalid key name '\(n)': use 1-64 letters, digits, '-' or '_'"
        case let .exists(n): "a key named '\(n)' already exists"
        case let .notFound(n): "no key named '\(n)'"
        case let .io(why): why
        }
    }
}

/// The wallet's key folder (default `~/.desci/keys`).
public struct KeyStore: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public static func validate(name: String) throws {
        let ok = !name.isEmpty && name.utf8.count <= 64 && name.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_"
        }
        guard ok else { throw KeyStoreError.invalidName(name) }
    }

    func url(_ name: String) -> URL { directory.appendingPathComponent("\(name).json") }

    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: url(name).path) }

    /// Encrypts and writes a key; refuses to overwrite unless `overwrite` is set. The file is written
    /// to a temporary name with mode 0600 and renamed into place, so a crash never leaves half a key.
    @discardableResult
    public func save(name: String, key: SigningKey, passphrase: String, insecureDevKey: Bool = false,
                     cost: KeyEnvelope.Cost = .moderate, overwrite: Bool = false) throws -> KeyFile {
        try Self.validate(name: name)
        if exists(name) && !overwrite { throw KeyStoreError.exists(name) }
        let seed = key.exportSeed()
        let envelope = try KeyEnvelope.seal(secret: seed, passphrase: passphrase, associatedData: key.publicKey.bytes, cost: cost)
        let file = KeyFile(version: 1, name: name, address: Address(publicKey: key.publicKey), publicKey: key.publicKey,
                           insecureDevKey: insecureDevKey, envelope: envelope)
        try writeFile(file)
        return file
    }

    public func writeFile(_ file: KeyFile) throws {
        try Self.validate(name: file.name)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try enc.encode(file)
            let tmp = directory.appendingPathComponent(".\(file.name).json.tmp")
            // A stale temporary file from an interrupted write is removed; the new one is created 0600
            // before any byte of the key is written.
            if fm.fileExists(atPath: tmp.path) { try fm.removeItem(at: tmp) }
            try SecretFile.create(path: tmp.path, bytes: Array(data))
            if fm.fileExists(atPath: url(file.name).path) { try fm.removeItem(at: url(file.name)) }
            try fm.moveItem(at: tmp, to: url(file.name))
        } catch {
            throw KeyStoreError.io("cannot write key '\(file.name)' in \(directory.path): \(error.localizedDescription)")
        }
    }

    public func file(_ name: String) throws -> KeyFile {
        try Self.validate(name: name)
        guard let data = FileManager.default.contents(atPath: url(name).path) else { throw KeyStoreError.notFound(name) }
        do {
            return try JSONDecoder().decode(KeyFile.self, from: data)
        } catch {
            throw CryptoError.malformedKeyFile("\(url(name).path): \(error)")
        }
    }

    /// Decrypts a key. A wrong passphrase is `CryptoError.decryptionFailed`.
    public func load(_ name: String, passphrase: String) throws -> SigningKey {
        let f = try file(name)
        let seed = try f.envelope.open(passphrase: passphrase, associatedData: f.publicKey.bytes)
        let key = try SigningKey(seed: seed)
        guard key.publicKey == f.publicKey else { throw CryptoError.malformedKeyFile("the secret does not match the public key") }
        return key
    }

    public func list() throws -> [KeyFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { try file(String($0.dropLast(5))) }
    }

    public func delete(_ name: String) throws {
        try Self.validate(name: name)
        guard exists(name) else { throw KeyStoreError.notFound(name) }
        try FileManager.default.removeItem(at: url(name))
    }
}
