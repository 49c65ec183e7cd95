import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore
import WalletKit

/// `desci export prov|ro-crate` (Docs/AUDIT.md, "Export formats").
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a record's lineage in standard formats (W3C PROV-JSON, RO-Crate 1.3 Provenance Run Crate).",
        subcommands: [Prov.self, ROCrate.self])

    struct Prov: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "prov", abstract: "Write the lineage of a record as PROV-JSON.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Record id.") var id: String
        @Option(name: .customLong("out"), help: "Write to this file instead of stdout.") var out: String?

        func run() async throws {
            let snapshot = try await LineageSnapshot.fetch(id: try ContributionText.id(id), client: global.client)
            let bytes = try jsonBytes(ProvExport.document(snapshot))
            if let out {
                try bytes.write(to: URL(fileURLWithPath: (out as NSString).expandingTildeInPath))
            } else {
                FileHandle.standardOutput.write(bytes)
                FileHandle.standardOutput.write(Data("\n".utf8))
            }
        }
    }

    struct ROCrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ro-crate",
            abstract: "Write the lineage of a record as an RO-Crate (ro-crate-metadata.json and lineage.prov.json in DIR).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Record id.") var id: String
        @Argument(help: "Directory to write the crate into (created if missing).") var dir: String

        func run() async throws {
            let snapshot = try await LineageSnapshot.fetch(id: try ContributionText.id(id), client: global.client)
            let url = URL(fileURLWithPath: (dir as NSString).expandingTildeInPath)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try jsonBytes(ProvExport.document(snapshot)).write(to: url.appendingPathComponent(ROCrateExport.workflowFile))
            try jsonBytes(ROCrateExport.metadata(snapshot)).write(to: url.appendingPathComponent("ro-crate-metadata.json"))
            if global.output == .json {
                try global.emit(["dir": url.path, "metadata": url.appendingPathComponent("ro-crate-metadata.json").path], text: "")
            } else {
                print("wrote \(url.appendingPathComponent("ro-crate-metadata.json").path) and \(ROCrateExport.workflowFile)")
            }
        }
    }
}
