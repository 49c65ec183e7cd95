import Foundation
import Logging
import ServiceLifecycle

/// Decides when blocks are made. The single-validator producer below is today's implementation;
/// the BFT consensus engine replaces it behind this protocol.
public protocol BlockProducer: Service {}

/// Proposes, executes, signs and commits a block every block interval while transactions wait
/// (or always, with `create_empty_blocks`).
public struct SingleValidatorProducer: BlockProducer {
    let node: NodeCore
    let intervalMillis: UInt64
    let createEmptyBlocks: Bool
    let logger: Logger

    public init(node: NodeCore, intervalMillis: UInt64, createEmptyBlocks: Bool, logger: Logger) {
        self.node = node
        self.intervalMillis = intervalMillis
        self.createEmptyBlocks = createEmptyBlocks
        self.logger = logger
    }

    public func run() async throws {
        logger.info("block producer started", metadata: ["interval_ms": "\(intervalMillis)", "empty_blocks": "\(createEmptyBlocks)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int64(intervalMillis))) }
            } catch {
                break
            }
            let started = ContinuousClock.now
            if let b = try node.produceBlock(nowMillis: UInt64(Date().timeIntervalSince1970 * 1000), allowEmpty: createEmptyBlocks) {
                let elapsed = ContinuousClock.now - started
                logger.info("committed block", metadata: [
                    "height": "\(b.height)", "hash": "\(b.hash.hex.prefix(16))", "txs": "\(b.transactions)",
                    "dropped": "\(b.rejected)", "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
                ])
            }
        }
        logger.info("block producer stopped")
    }
}
