import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import Testing

/// Runs `desci ARGS` with stdin, stdout and stderr on a pseudo-terminal (util-linux `script`), and
/// returns everything the terminal showed; nil when `script` is not installed.
func runOnTerminal(_ args: [String], env: [String: String]) throws -> CommandResult? {
    let script = URL(fileURLWithPath: "/usr/bin/script")
    guard FileManager.default.isExecutableFile(atPath: script.path) else { return nil }
    func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let command = ([binDir.appendingPathComponent("desci").path] + args).map(quote).joined(separator: " ")
    let p = Process()
    p.executableURL = script
    p.arguments = ["-q", "-e", "-c", command, "/dev/null"]
    // The runner's own NO_COLOR/TERM must not decide a test of terminal behaviour: only `env` does.
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = nil
    environment["TERM"] = "xterm"
    p.environment = environment.merging(env) { $1 }
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CommandResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: "")
}

/// `--version`, completion scripts, error hints, `--wait`, events, and terminal-only decoration.
@Suite("wallet command-line polish")
struct CLIPolishTests {
    static let escape = "\u{1B}"

    @Test("desci --version and desci-node --version print the one version constant")
    func versions() throws {
        var r = try runTool("desci", ["--version"])
        #expect(r.status == 0 && r.stdout == "desci \(SoftwareVersion.semantic)\n", "\(r.stdout)\(r.stderr)")
        r = try runTool("desci-node", ["--version"])
        #expect(r.status == 0 && r.stdout == "desci-node \(SoftwareVersion.semantic)\n", "\(r.stdout)\(r.stderr)")
        r = try runTool("desci-node", ["version"])
        #expect(r.status == 0 && r.stdout == "desci-node \(SoftwareVersion.semantic)\n")
    }

    @Test("completion scripts are generated for bash, zsh and fish and know the subcommands", arguments: [
        ("bash", "-F _desci desci"), ("zsh", "#compdef desci"), ("fish", "complete -c 'desci'"),
    ])
    func completions(shell: String, marker: String) throws {
        let r = try runTool("desci", ["--generate-completion-script", shell])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(marker), "\(shell): no '\(marker)'")
        for word in ["audit", "transfer", "contribution", "wait", "output", "timeout"] {
            #expect(r.stdout.contains(word), "\(shell) completion lacks \(word)")
        }
    }

    @Test("every submitting command takes --wait and --timeout", arguments: [
        ["tx", "transfer"], ["tx", "broadcast"], ["tx", "contribution", "register"], ["tx", "contribution", "confirm"],
        ["tx", "dataset", "register"], ["tx", "attest", "review"], ["tx", "attest", "revoke"], ["tx", "gov", "vote"], ["tx", "gov", "propose"],
    ])
    func waitEverywhere(command: [String]) throws {
        let r = try runTool("desci", command + ["--help"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("--wait") && r.stdout.contains("--timeout <timeout>"), "\(command.joined(separator: " ")): \(r.stdout)")
    }

    @Test("errors without a node or a key say what to do next, with no escape codes in a pipe")
    func hintsWithoutANode() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("desci-hints-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        var r = try runTool("desci", ["query", "status", "--node", "http://127.0.0.1:1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Error: UNREACHABLE: cannot reach the node at http://127.0.0.1:1"), "\(r.stderr)")
        #expect(r.stderr.contains("\nhint: is the node running?") && r.stderr.contains("--node URL"), "\(r.stderr)")
        r = try runTool("desci", ["keys", "show", "nobody", "--home", home])
        #expect(r.status == 1 && r.stderr.contains("no key named 'nobody'") && r.stderr.contains("hint: `desci keys list`"), "\(r.stderr)")
        #expect(!r.stderr.contains(Self.escape))
        // Argument errors stay ArgumentParser's: usage text, exit 64.
        r = try runTool("desci", ["tx", "transfer", "--wait", "--timeout", "0", "--from", "a", "--to", "b", "--amount", "1"])
        #expect(r.status == 64 && r.stderr.contains("--timeout must be between 1 and 86400"), "\(r.stderr)")
    }

    @Test("tx --wait prints the receipt with its events; query tx lists events; JSON unchanged; hints on refusals")
    func waitAndEvents() async throws {
        let net = try TestNetwork(accounts: ["alice"], balance: 1_000_000)
        try await net.start()
        let wallet = net.root.appendingPathComponent("wallet").path
        let passFile = net.root.appendingPathComponent("pass.txt")
        try Data("pw\n".utf8).write(to: passFile)
        let seedFile = net.root.appendingPathComponent("alice.seed")
        try Data(Hex.encode(net.funded["alice"]!).utf8).write(to: seedFile)
        let env = ["DESCI_NODE": net.url, "DESCI_HOME": wallet]
        func desci(_ args: [String], extra: [String: String] = [:]) throws -> CommandResult {
            try runTool("desci", args, env: env.merging(extra) { $1 })
        }
        var r = try desci(["keys", "import", "alice", seedFile.path, "--passphrase-file", passFile.path])
        #expect(r.status == 0, "\(r.stderr)")
        let alice = Address(publicKey: try net.key("alice").publicKey).bech32
        let bob = Address(publicKey: SigningKey().publicKey).bech32

        // --wait: sync admission, then the wallet polls until the block; the text is the receipt.
        r = try desci(["tx", "transfer", "--from", "alice", "--to", bob, "--amount", "250", "--wait", "--passphrase-file", passFile.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\nstatus: success\n") && r.stdout.contains("\nheight: "), "\(r.stdout)")
        #expect(r.stdout.contains("\nevents:\n  transfer from=\(alice) to=\(bob) amount=250"), "\(r.stdout)")
        #expect(!r.stdout.contains(Self.escape) && !r.stderr.contains(Self.escape), "decoration in a pipe")
        let hash = try #require(r.stdout.split(separator: "\n").first.map { String($0.dropFirst("hash: ".count)) })

        // --wait --output json: the shape of a mode=commit answer.
        r = try desci(["tx", "transfer", "--from", "alice", "--to", bob, "--amount", "1", "--wait", "--timeout", "30",
                       "--passphrase-file", passFile.path, "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let waited = try JSONDecoder().decode(SubmitResultDTO.self, from: Data(r.stdout.utf8))
        #expect(waited.accepted && waited.height != nil && waited.receipt?.status == "success")
        #expect(waited.receipt?.events.first?.kind == "transfer")
        // Gas above the intrinsic cost (admitted) but below what the transfer needs: fails in the block.
        // The answer has the shape of a mode=commit submission: admission's code and message at the
        // top (empty), the outcome in the receipt.
        r = try desci(["tx", "transfer", "--from", "alice", "--to", bob, "--amount", "1", "--gas", "3000", "--wait",
                       "--passphrase-file", passFile.path, "--output", "json"])
        #expect(r.status == 2, "\(r.stderr)")
        let outOfGas = try JSONDecoder().decode(SubmitResultDTO.self, from: Data(r.stdout.utf8))
        #expect(outOfGas.code == "" && outOfGas.message == "" && outOfGas.receipt?.code == "OUT_OF_GAS", "\(r.stdout)")
        #expect(r.stderr.contains("hint: raise --gas"), "\(r.stderr)")

        // A record transaction with --wait: the derived id, then the registration event.
        let digest = String(repeating: "ab", count: 32)
        r = try desci(["tx", "contribution", "register", "--kind", "paper", "--title", "Waited for", "--digest", digest, "--size", "10",
                       "--license", "CC0-1.0", "--from", "alice", "--wait", "--passphrase-file", passFile.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let id = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("id: ") }.map { String($0.dropFirst(4)) }, "\(r.stdout)")
        #expect(r.stdout.contains("\nevents:\n  contribution.registered id=\(id) registrant=\(alice) kind=paper version=1 digest=1220\(digest)"), "\(r.stdout)")

        // query tx: one line per event in text; the node's DTO untouched in JSON.
        r = try desci(["query", "tx", hash])
        #expect(r.status == 0 && r.stdout.hasSuffix("events:\n  transfer from=\(alice) to=\(bob) amount=250\n"), "\(r.stdout)")
        r = try desci(["query", "tx", hash, "--output", "json"])
        let dto = try JSONDecoder().decode(TransactionDTO.self, from: Data(r.stdout.utf8))
        #expect(dto.receipt.events == [Event(kind: "transfer", attributes: [("from", alice), ("to", bob), ("amount", "250")])])
        #expect(r.stdout.contains("\"events\""))

        // Refusals carry the node's code and a next step.
        r = try desci(["tx", "transfer", "--from", "alice", "--to", bob, "--amount", "1"], extra: ["DESCI_PASSPHRASE": "wrong"])
        #expect(r.status == 1 && r.stderr.contains("wrong passphrase") && r.stderr.contains("hint: check the passphrase"), "\(r.stderr)")
        r = try desci(["tx", "transfer", "--from", "alice", "--to", bob, "--amount", "5000000", "--wait", "--passphrase-file", passFile.path])
        // Admission only checks the fee against the balance: the amount fails in the block, exit 2.
        #expect(r.status == 2 && r.stdout.contains("status: failed (INSUFFICIENT_FUNDS"), "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("hint: check the balance with `desci query account NAME`"), "\(r.stderr)")
        r = try desci(["tx", "transfer", "--from", "alice", "--to", bob, "--amount", "1", "--fee", "0", "--passphrase-file", passFile.path])
        #expect(r.status == 1 && r.stderr.contains("INSUFFICIENT_FEE") && r.stderr.contains("hint: raise --fee"), "\(r.stderr)")
        r = try desci(["query", "tx", String(repeating: "0", count: 64)])
        #expect(r.status == 1 && r.stderr.contains("NOT_FOUND") && r.stderr.contains("hint: check the id"), "\(r.stderr)")

        // On a terminal: the status is coloured, unless NO_COLOR or --output json.
        guard let tty = try runOnTerminal(["query", "tx", hash], env: env) else {
            print("skipped the terminal checks: /usr/bin/script (util-linux) is not installed")
            return
        }
        #expect(tty.status == 0 && tty.stdout.contains("status: \(Self.escape)[32msuccess\(Self.escape)[0m"),
                "\(tty.stdout.debugDescription) (runner NO_COLOR=\(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "unset"), TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset"))")
        let plain = try #require(try runOnTerminal(["query", "tx", hash], env: env.merging(["NO_COLOR": "1"]) { $1 }))
        #expect(plain.status == 0 && plain.stdout.contains("status: success") && !plain.stdout.contains(Self.escape), "\(plain.stdout.debugDescription)")
        let json = try #require(try runOnTerminal(["query", "tx", hash, "--output", "json"], env: env))
        #expect(json.status == 0 && json.stdout.contains("\"events\"") && !json.stdout.contains(Self.escape), "\(json.stdout.debugDescription)")
        try await net.stop()
    }

    @Test("--wait gives up after --timeout with a hint; spinner and progress bar appear on a terminal only")
    func timeoutSpinnerAndProgress() async throws {
        // Ten minutes between blocks: a submitted transaction stays in the mempool for the test's life.
        let net = try TestNetwork(accounts: ["alice"], balance: 1_000_000, blockIntervalMillis: 600_000)
        try await net.start()
        let wallet = net.root.appendingPathComponent("wallet").path
        let passFile = net.root.appendingPathComponent("pass.txt")
        try Data("pw\n".utf8).write(to: passFile)
        let seedFile = net.root.appendingPathComponent("alice.seed")
        try Data(Hex.encode(net.funded["alice"]!).utf8).write(to: seedFile)
        let env = ["DESCI_NODE": net.url, "DESCI_HOME": wallet]
        var r = try runTool("desci", ["keys", "import", "alice", seedFile.path, "--passphrase-file", passFile.path], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        let bob = Address(publicKey: SigningKey().publicKey).bech32
        let started = Date()
        r = try runTool("desci", ["tx", "transfer", "--from", "alice", "--to", bob, "--amount", "1", "--wait", "--timeout", "1",
                                  "--passphrase-file", passFile.path], env: env)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(r.status == 1 && r.stderr.contains("TIMEOUT: transaction ") && r.stderr.contains("was not committed within 1 s"), "\(r.stderr)")
        #expect(r.stderr.contains("hint: it may still be: look with `desci query tx ") && r.stderr.contains("--timeout SECONDS"), "\(r.stderr)")
        #expect(!r.stderr.contains("waiting for a block"), "a spinner in a pipe")

        // A 3 MiB file: the audit hashes it with a progress bar on a terminal, none in a pipe.
        let file = net.root.appendingPathComponent("data.bin")
        try Data(repeating: 7, count: 3 << 20).write(to: file)
        r = try runTool("desci", ["audit", file.path], env: env)
        #expect(r.status == 3 && !r.stderr.contains("hashing ["), "\(r.stderr)")
        guard let audit = try runOnTerminal(["audit", file.path], env: env) else {
            print("skipped the terminal checks: /usr/bin/script (util-linux) is not installed")
            return
        }
        #expect(audit.status == 3 && audit.stdout.contains("hashing [") && audit.stdout.contains("100% 3145728/3145728 bytes"), "\(audit.stdout.debugDescription)")
        #expect(audit.stdout.contains("NOT REGISTERED"))

        let waiting = try #require(try runOnTerminal(["tx", "transfer", "--from", "alice", "--to", bob, "--amount", "2", "--wait", "--timeout", "1",
                                                     "--passphrase-file", passFile.path], env: env))
        #expect(waiting.status == 1 && waiting.stdout.contains("waiting for a block…"), "\(waiting.stdout.debugDescription)")
        // The spinner's line is erased before the error is printed.
        #expect(waiting.stdout.contains("\r\(Self.escape)[K\(Self.escape)[31mError:\(Self.escape)[0m TIMEOUT"), "\(waiting.stdout.debugDescription)")
        try await net.stop()
    }
}
