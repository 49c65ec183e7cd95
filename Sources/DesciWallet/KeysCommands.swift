import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto
import WalletKit

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage encrypted keys (one file per key, Argon2id + XChaCha20-Poly1305, mode 0600).",
        subcommands: [Add.self, List.self, Show.self, Import.self, Export.self, Delete.self])

    struct KeyInfo: Encodable {
        var name: String
        var address: Address
        var publicKey: PublicKey
        var insecureDevKey: Bool
        enum CodingKeys: String, CodingKey { case name, address, publicKey = "public_key", insecureDevKey = "insecure_dev_key" }

        init(_ f: KeyFile) {
            name = f.name
            address = f.address
            publicKey = f.publicKey
            insecureDevKey = f.insecureDevKey
        }

        var text: String { "\(name)\t\(address)\(insecureDevKey ? "\t(INSECURE dev key)" : "")" }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a new key.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @Argument(help: "Key name (letters, digits, '-', '_').") var name: String

        func run() async throws {
            try KeyStore.validate(name: name)
            let store = global.keyStore
            if store.exists(name) { throw KeyStoreError.exists(name) }
            let passphrase = try pass.source.read(prompt: "Passphrase for '\(name)': ", confirm: true)
            let file = try store.save(name: name, key: SigningKey(), passphrase: passphrase)
            try global.emit(KeyInfo(file), text: "created key \(name)\naddress: \(file.address)\nfile: \(store.directory.appendingPathComponent("\(name).json").path)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let files = try global.keyStore.list()
            try global.emit(files.map(KeyInfo.init), text: files.isEmpty ? "no keys in \(global.keyStore.directory.path)" : files.map { KeyInfo($0).text }.joined(separator: "\n"))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a key's address and public key.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Key name.") var name: String

        func run() async throws {
            let f = try global.keyStore.file(name)
            try global.emit(KeyInfo(f), text: "name: \(f.name)\naddress: \(f.address)\npublic key: \(f.publicKey)\(f.insecureDevKey ? "\nINSECURE dev key" : "")")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a key from an exported key file (JSON) or a file holding a 32-byte hex seed.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @Argument(help: "Name for the imported key.") var name: String
        @Argument(help: "Exported key file or hex seed file.") var file: String

        func run() async throws {
            try KeyStore.validate(name: name)
            let store = global.keyStore
            if store.exists(name) { throw KeyStoreError.exists(name) }
            guard let data = FileManager.default.contents(atPath: (file as NSString).expandingTildeInPath) else {
                throw WalletError("cannot read \(file)")
            }
            let saved: KeyFile
            if var keyFile = try? JSONDecoder().decode(KeyFile.self, from: data) {
                // Prove the passphrase opens it before accepting it.
                let passphrase = try pass.source.read(prompt: "Passphrase of the exported key: ")
                _ = try keyFile.envelope.open(passphrase: passphrase, associatedData: keyFile.publicKey.bytes)
                keyFile.name = name
                try store.writeFile(keyFile)
                saved = keyFile
            } else {
                let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard let seed = Hex.decode(text), seed.count == 32 else {
                    throw WalletError("\(file) is neither an exported key file nor a 64-character hex seed")
                }
                let passphrase = try pass.source.read(prompt: "New passphrase for '\(name)': ", confirm: true)
                saved = try store.save(name: name, key: try SigningKey(seed: seed), passphrase: passphrase)
            }
            try global.emit(KeyInfo(saved), text: "imported key \(name)\naddress: \(saved.address)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a key's encrypted key file (portable), or with --unencrypted its raw seed in hex.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @Argument(help: "Key name.") var name: String
        @Flag(help: "Print the secret seed in hex (after checking the passphrase). Anyone who sees it owns the key.") var unencrypted = false

        func run() async throws {
            let store = global.keyStore
            let f = try store.file(name)
            if unencrypted {
                let key = try store.load(name, passphrase: try pass.source.read(prompt: "Passphrase for '\(name)': "))
                print(Hex.encode(key.exportSeed()))
            } else {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(f), as: UTF8.self))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a key file.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Key name.") var name: String
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            let store = global.keyStore
            let f = try store.file(name)
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else { throw WalletError("refusing to delete '\(name)' without --yes when not on a terminal") }
                FileHandle.standardError.write(Data("Delete key '\(name)' (\(f.address))? This cannot be undone. Type the name to confirm: ".utf8))
                guard readLine() == name else { throw WalletError("not deleted") }
            }
            try store.delete(name)
            try global.emit(["deleted": name], text: "deleted key \(name)")
        }
    }
}
