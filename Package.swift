// swift-tools-version:6.1
import PackageDescription

// Dependency direction (see Docs/ARCHITECTURE.md):
// executables -> LedgerNode -> {LedgerP2P, LedgerConsensus, LedgerRPC, LedgerRules, LedgerStorageRocksDB, LedgerCrypto} -> LedgerCore
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "DesciLedger",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "desci-node", targets: ["DesciNode"]),
        .executable(name: "desci", targets: ["DesciWallet"]),
        .executable(name: "desci-bench", targets: ["DesciBench"]),
        .executable(name: "desci-sim", targets: ["DesciSim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Bulk file hashing only (WalletKit.FileHasher): BoringSSL's SHA-256 uses the CPU's SHA instructions.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // Prometheus /metrics (Docs/OPERATIONS.md, "Metrics"): swift-metrics API, swift-prometheus registry.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium", pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(
            name: "CRocksDB", pkgConfig: "rocksdb",
            providers: [.apt(["librocksdb-dev"])]),

        .target(name: "LedgerCore", swiftSettings: strict),
        .target(name: "LedgerCrypto", dependencies: ["LedgerCore", "CSodium"], swiftSettings: strict),
        .target(name: "LedgerStorage", dependencies: ["LedgerCore"], swiftSettings: strict),
        .target(name: "LedgerStorageRocksDB", dependencies: ["LedgerStorage", "CRocksDB"], swiftSettings: strict),
        .target(name: "JsonLogic", swiftSettings: strict),
        .target(name: "LedgerRules", dependencies: ["LedgerCore", "LedgerCrypto", "JsonLogic"], swiftSettings: strict),
        .target(name: "LedgerAPI", dependencies: ["LedgerCore"], swiftSettings: strict),
        .target(name: "LedgerProofs", dependencies: ["LedgerCore", "LedgerCrypto"], swiftSettings: strict),
        .target(name: "LedgerConsensus", dependencies: ["LedgerCore", "LedgerCrypto"], swiftSettings: strict),
        // Encrypted peer-to-peer transport (Docs/NETWORK.md): pure handshake, framing, codec and peer manager + NIO glue.
        .target(
            name: "LedgerP2P",
            dependencies: [
                "LedgerCore", "LedgerCrypto", "LedgerConsensus", "CSodium",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ], swiftSettings: strict),
        .target(
            name: "LedgerRPC",
            dependencies: [
                "LedgerCore", "LedgerAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ], swiftSettings: strict),
        .target(
            name: "LedgerNode",
            dependencies: [
                "LedgerCore", "LedgerCrypto", "LedgerStorage", "LedgerStorageRocksDB", "LedgerRules", "LedgerAPI", "LedgerRPC", "JsonLogic", "LedgerProofs", "LedgerConsensus", "LedgerP2P",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ], swiftSettings: strict),
        .executableTarget(
            name: "DesciNode",
            dependencies: [
                "LedgerNode", "LedgerCore", "LedgerCrypto", "LedgerStorageRocksDB",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: strict),
        .target(
            name: "WalletKit",
            dependencies: [
                "LedgerCore", "LedgerCrypto", "LedgerAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ], swiftSettings: strict),
        .executableTarget(
            name: "DesciWallet",
            dependencies: [
                "WalletKit", "LedgerCore", "LedgerCrypto", "LedgerAPI", "JsonLogic", "LedgerProofs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: strict),
        .executableTarget(
            name: "DesciBench",
            dependencies: [
                "LedgerNode", "LedgerCore", "LedgerCrypto", "LedgerStorage", "LedgerStorageRocksDB", "LedgerRules", "LedgerAPI", "JsonLogic", "WalletKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ], swiftSettings: strict),
        // The deterministic consensus simulator (`make sim`, Docs/CONSENSUS.md).
        .executableTarget(
            name: "DesciSim",
            dependencies: [
                "LedgerNode", "LedgerConsensus", "LedgerCore", "LedgerCrypto", "LedgerStorage",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: strict),

        .target(
            name: "FuzzTargets",
            dependencies: [
                "LedgerCore", "LedgerCrypto", "JsonLogic", "LedgerRules", "LedgerAPI", "LedgerRPC", "LedgerNode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Fuzz/Sources/FuzzTargets", swiftSettings: strict),

        .testTarget(name: "LedgerCoreTests", dependencies: ["LedgerCore"], swiftSettings: strict),
        .testTarget(name: "LedgerCryptoTests", dependencies: ["LedgerCrypto", "LedgerCore"], swiftSettings: strict),
        // Checks the docs against the code: hex examples rebuilt with the real codec, paths that exist.
        .testTarget(name: "DocsTests", dependencies: ["LedgerCore", "LedgerCrypto"], swiftSettings: strict),
        .testTarget(
            name: "LedgerStorageTests",
            dependencies: ["LedgerStorage", "LedgerStorageRocksDB"], swiftSettings: strict),
        .testTarget(name: "LedgerProofsTests", dependencies: ["LedgerProofs", "LedgerCore", "LedgerCrypto"], swiftSettings: strict),
        .testTarget(name: "JsonLogicTests", dependencies: ["JsonLogic"], swiftSettings: strict),
        .testTarget(name: "LedgerConsensusTests", dependencies: ["LedgerConsensus", "LedgerCore", "LedgerCrypto"], swiftSettings: strict),
        .testTarget(
            name: "LedgerP2PTests", dependencies: ["LedgerP2P", "LedgerConsensus", "LedgerCore", "LedgerCrypto"],
            swiftSettings: strict),
        .testTarget(name: "LedgerRulesTests", dependencies: ["LedgerRules", "LedgerCrypto", "LedgerCore"], swiftSettings: strict),
        .testTarget(
            name: "LedgerNodeTests",
            dependencies: [
                "LedgerNode", "LedgerCore", "LedgerCrypto", "LedgerStorage", "LedgerStorageRocksDB", "LedgerRules", "LedgerAPI", "LedgerRPC",
                "LedgerProofs", "LedgerConsensus",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "LedgerRPCTests",
            dependencies: [
                "LedgerRPC", "LedgerAPI", "LedgerCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(name: "WalletKitTests", dependencies: ["WalletKit", "LedgerCrypto"], swiftSettings: strict),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["LedgerCore", "LedgerCrypto", "LedgerAPI", "WalletKit"],
            swiftSettings: strict),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets"], swiftSettings: strict),
    ]
)

// Fuzzing (Docs/FUZZING.md): `make fuzz` builds with DESCI_FUZZ=1 into its own scratch path
// (.build-fuzz). Only then does the package gain the libFuzzer executable, and only then are our
// own modules compiled with coverage (and AddressSanitizer) instrumentation, so the normal build
// is untouched. Dependencies stay uninstrumented: their coverage would only slow the fuzzer.
if Context.environment["DESCI_FUZZ"] == "1" {
    let instrumented: Set<String> = [
        "LedgerCore", "LedgerCrypto", "JsonLogic", "LedgerRules", "LedgerAPI", "LedgerRPC",
        "LedgerStorage", "LedgerStorageRocksDB", "LedgerNode",
    ]
    let sanitizers = Context.environment["DESCI_FUZZ_SANITIZERS"] ?? "fuzzer,address"
    for target in package.targets where instrumented.contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-sanitize=\(sanitizers)"])]
    }
    package.products.append(.executable(name: "desci-fuzz", targets: ["DesciFuzz"]))
    package.targets.append(.target(name: "DesciFuzzDriver", path: "Fuzz/Sources/DesciFuzzDriver"))
    package.targets.append(
        .executableTarget(
            name: "DesciFuzz",
            dependencies: ["FuzzTargets", "DesciFuzzDriver"],
            path: "Fuzz/Sources/DesciFuzz",
            swiftSettings: strict + [.unsafeFlags(["-sanitize=\(sanitizers)", "-parse-as-library"])],
            linkerSettings: [.unsafeFlags(["-sanitize=\(sanitizers)"])]))
}
