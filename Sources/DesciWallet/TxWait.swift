import ArgumentParser

/// `--wait` and `--timeout`, taken by every command that submits a transaction.
struct WaitOptions: ParsableArguments {
    @Flag(help: "Wait until the transaction is in a block (spinner on a terminal), then print its receipt: status, height, gas and events.")
    var wait = false
    @Option(help: "With --wait: give up after this many seconds (the transaction may still be committed later).")
    var timeout: UInt64 = 60

    func validate() throws {
        guard (1...86_400).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 86400 seconds") }
    }
}
