import Foundation
import Hummingbird
import LedgerAPI
import LedgerCore
@testable import LedgerNode
import LedgerRPC
import LedgerStorageRocksDB
import Logging
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `GET /events` over real HTTP on loopback (RocksDB in a temp dir): live blocks and transactions,
/// filters, resumption, limits; and the hub's bounded queue (a slow subscriber is dropped).
@Suite(.serialized) struct EventStreamTests {
    private func withNode(_ configure: (inout RPCConfig) -> Void = { _ in },
                          _ body: @Sendable (NodeCore, Int) async throws -> Void) async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try RocksDBStore(path: dir.sub("db"))
        defer { store.close() }
        var rpc = RPCConfig()
        rpc.port = 0
        configure(&rpc)
        let genesis = testGenesis()
        let node = try NodeCore(genesis: genesis, genesisData: Array(try JSONEncoder().encode(genesis)), chain: try ChainStore(kv: store),
                                mempoolConfig: MempoolConfig(), validator: ValidatorSigner(key(validatorSeedByte)), logger: testLogger, rpc: rpc)
        let port = PortBox()
        // Quiet: cancelling the server at the end of a test logs shutdown errors.
        var serverLogger = Logger(label: "events-test")
        serverLogger.logLevel = .critical
        let app = RPCServer.application(api: node, config: rpc, logger: serverLogger, onListening: { port.set($0) })
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        for _ in 0..<5000 where port.value == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
        try #require(port.value != 0)
        try await body(node, port.value)
    }

    private func commitTransfers(_ node: NodeCore, from: UInt8, nonces: Range<UInt64>, time: UInt64) async throws {
        for n in nonces {
            let r = try await node.submit(try signedTransfer(from, nonce: n).wire, mode: .sync, timeoutMillis: 0)
            #expect(r.accepted)
        }
        try #require(try node.produceBlock(nowMillis: time, allowEmpty: true) != nil)
    }

    @Test func liveBlocksAndTransactionsArriveInOrder() async throws {
        try await withNode { node, port in
            let client = try await SSEClient.connect(port: port, path: "/events")
            #expect(client.status == 200)
            #expect(client.headers.lowercased().contains("content-type: text/event-stream"))
            try await commitTransfers(node, from: alice, nonces: 0..<2, time: testGenesisMillis + 1000)
            let events = try await client.read(count: 3)
            #expect(events.map(\.id) == ["1", "1:0", "1:1"])
            #expect(events.map(\.name) == ["block", "tx", "tx"])
            let block = try JSONDecoder().decode(BlockEventDTO.self, from: Data(events[0].data.utf8))
            #expect(block.height == 1 && block.txCount == 2)
            #expect(block.hash == (try node.chain.tip).hash)
            let tx = try JSONDecoder().decode(TxEventDTO.self, from: Data(events[1].data.utf8))
            #expect(tx.sender == addr(alice) && tx.actions == ["transfer"] && tx.receipt.status == "success")
        }
    }

    @Test func filtersAreAnded() async throws {
        try await withNode { node, port in
            let bySender = try await SSEClient.connect(port: port, path: "/events?sender=\(addr(bob).bech32)&types=tx")
            let none = try await SSEClient.connect(port: port, path: "/events?sender=\(addr(bob).bech32)&action=contribution.register&types=tx")
            let byEvent = try await SSEClient.connect(port: port, path: "/events?event=transfer&action=transfer")
            try await commitTransfers(node, from: alice, nonces: 0..<1, time: testGenesisMillis + 1000)
            try await commitTransfers(node, from: bob, nonces: 0..<1, time: testGenesisMillis + 2000)
            let bob = try await bySender.read(count: 1)
            #expect(bob.map(\.id) == ["2:0"])
            let all = try await byEvent.read(count: 4)
            #expect(all.map(\.id) == ["1", "1:0", "2", "2:0"])
            // The AND-ed filter matches nothing: the next thing on that stream is the close, not an event.
            #expect(try await none.read(count: 1, timeoutSeconds: 1).isEmpty)
        }
    }

    @Test func resumesFromAHeightAndFromLastEventID() async throws {
        try await withNode { node, port in
            for h in 1...3 { try await commitTransfers(node, from: alice, nonces: UInt64(h - 1)..<UInt64(h), time: testGenesisMillis + UInt64(h) * 1000) }
            let fromTwo = try await SSEClient.connect(port: port, path: "/events?from_height=2")
            #expect(try await fromTwo.read(count: 4).map(\.id) == ["2", "2:0", "3", "3:0"])
            let afterBlockTwo = try await SSEClient.connect(port: port, path: "/events", extraHeaders: "Last-Event-ID: 2\r\n")
            #expect(try await afterBlockTwo.read(count: 3).map(\.id) == ["2:0", "3", "3:0"])
            let afterTx = try await SSEClient.connect(port: port, path: "/events", extraHeaders: "Last-Event-ID: 2:0\r\n")
            #expect(try await afterTx.read(count: 2).map(\.id) == ["3", "3:0"])
            // Then live, without doubling what was replayed.
            try await commitTransfers(node, from: alice, nonces: 3..<4, time: testGenesisMillis + 4000)
            #expect(try await fromTwo.read(count: 2).map(\.id) == ["4", "4:0"])
            #expect(try await afterTx.read(count: 2).map(\.id) == ["4", "4:0"])
        }
    }

    @Test func aResumeTooFarBackAndTooManySubscribersAreRefused() async throws {
        try await withNode({ $0.maxEventReplayHeights = 2; $0.maxEventSubscribers = 2 }) { node, port in
            for h in 1...4 { try node.produceBlock(nowMillis: testGenesisMillis + UInt64(h) * 1000, allowEmpty: true) }
            let far = try await SSEClient.connect(port: port, path: "/events?from_height=1")
            #expect(far.status == 410)
            #expect(far.body.contains("REPLAY_TOO_FAR"))
            let bad = try await SSEClient.connect(port: port, path: "/events", extraHeaders: "Last-Event-ID: x\r\n")
            #expect(bad.status == 400)
            let a = try await SSEClient.connect(port: port, path: "/events?from_height=3")
            let b = try await SSEClient.connect(port: port, path: "/events")
            #expect(a.status == 200 && b.status == 200)
            let third = try await SSEClient.connect(port: port, path: "/events")
            #expect(third.status == 503)
            #expect(third.body.contains("TOO_MANY_SUBSCRIBERS"))
            a.close()
            // The slot is freed once the server notices the client is gone (at its next write).
            try node.produceBlock(nowMillis: testGenesisMillis + 5000, allowEmpty: true)
            for _ in 0..<2000 where node.events.subscriberCount > 1 { try await Task.sleep(nanoseconds: 1_000_000) }
            #expect(node.events.subscriberCount == 1)
            #expect(try await SSEClient.connect(port: port, path: "/events").status == 200)
        }
    }

    @Test func heartbeatsKeepAnIdleStreamAlive() async throws {
        try await withNode({ $0.eventHeartbeatMillis = 100 }) { _, port in
            let client = try await SSEClient.connect(port: port, path: "/events")
            #expect(try await client.readRaw(until: ": heartbeat", timeoutSeconds: 5))
        }
    }

    /// The hub itself: a subscriber that reads nothing holds at most `queueCapacity` events, then
    /// is dropped (its queue freed, its slot released) and its stream ends with `.dropped`.
    @Test func aSlowSubscriberIsDroppedWithBoundedMemory() async throws {
        let capacity = 5
        let node = try makeNode()
        let hub = EventHub(chain: node.chain, limits: .init(maxSubscribers: 4, queueCapacity: capacity, maxReplayHeights: 10, heartbeatMillis: 60_000))
        let slow = try hub.subscribe(filter: EventFilter(), resume: nil)
        let fast = try hub.subscribe(filter: EventFilter(), resume: nil)
        var fastSeen: [String] = []
        for h in 1...20 {
            try node.produceBlock(nowMillis: testGenesisMillis + UInt64(h) * 1000, allowEmpty: true)
            hub.publish(height: UInt64(h))
            #expect(slow.queuedCount <= capacity)
            if case let .event(id, _, _)? = await fast.next() { fastSeen.append(id) }
        }
        #expect(fastSeen == (1...20).map(String.init), "a subscriber that keeps up loses nothing")
        #expect(slow.queuedCount == 0, "the dropped subscriber's queue is freed")
        #expect(hub.subscriberCount == 1)
        guard case .dropped? = await slow.next() else { Issue.record("expected .dropped"); return }
        #expect(await slow.next() == nil)
        fast.close()
        #expect(hub.subscriberCount == 0)
    }
}

final class PortBox: Sendable {
    private let v = Mutex(0)
    var value: Int { v.withLock { $0 } }
    func set(_ p: Int) { v.withLock { $0 = p } }
}

import Synchronization

/// A minimal blocking HTTP/1.1 client for SSE over a loopback socket (the test reads the stream
/// byte by byte, exactly as a client sees it).
final class SSEClient: @unchecked Sendable {
    struct Item: Equatable { var id: String; var name: String; var data: String }
    let fd: Int32
    private(set) var status = 0
    private(set) var headers = ""
    private(set) var body = ""
    private var pending: [UInt8] = []

    init(port: Int, path: String, extraHeaders: String = "") throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { throw POSIXError(.ECONNREFUSED) }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\(extraHeaders)\r\n"
        _ = request.utf8CString.withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count - 1, 0) }
        setTimeout(5)
        // Status line and headers.
        while !(pending.count >= 4 && pending.suffix(4) == [13, 10, 13, 10]) {
            guard let b = readByte() else { break }
            pending.append(b)
        }
        headers = String(decoding: pending, as: UTF8.self)
        pending = []
        status = Int(headers.split(separator: " ").dropFirst().first ?? "") ?? 0
        if status != 200 {
            // Small JSON error bodies: read what arrives within the timeout.
            setTimeout(1)
            var bytes: [UInt8] = []
            while let b = readByte() { bytes.append(b); if bytes.count > 4096 { break } }
            body = String(decoding: bytes, as: UTF8.self)
        }
    }

    deinit { close() }

    private var closed = false
    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    private func setTimeout(_ seconds: Int) {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    private func readByte() -> UInt8? {
        var b: UInt8 = 0
        return recv(fd, &b, 1, 0) == 1 ? b : nil
    }

    /// Reads body lines (chunked transfer encoding: chunk-size lines are skipped by shape).
    private func readLine() -> String? {
        var line: [UInt8] = []
        while let b = readByte() {
            if b == 10 { return String(decoding: line.last == 13 ? line.dropLast() : line[...], as: UTF8.self) }
            line.append(b)
        }
        return nil
    }

    /// Connects off the cooperative pool: the socket calls block, and the server under test needs those threads.
    static func connect(port: Int, path: String, extraHeaders: String = "") async throws -> SSEClient {
        try await blocking { try SSEClient(port: port, path: path, extraHeaders: extraHeaders) }
    }

    func read(count: Int, timeoutSeconds: Int = 10) async throws -> [Item] {
        try await blocking { try self.readBlocking(count: count, timeoutSeconds: timeoutSeconds) }
    }

    func readRaw(until marker: String, timeoutSeconds: Int) async throws -> Bool {
        try await blocking { try self.readRawBlocking(until: marker, timeoutSeconds: timeoutSeconds) }
    }

    /// The next `count` events (comments and heartbeats skipped); fewer if the timeout passes.
    private func readBlocking(count: Int, timeoutSeconds: Int) throws -> [Item] {
        setTimeout(timeoutSeconds)
        var out: [Item] = []
        var current = Item(id: "", name: "message", data: "")
        var inEvent = false
        while out.count < count, let line = readLine() {
            if line.hasPrefix("id: ") { current.id = String(line.dropFirst(4)); inEvent = true }
            else if line.hasPrefix("event: ") { current.name = String(line.dropFirst(7)); inEvent = true }
            else if line.hasPrefix("data: ") { current.data = String(line.dropFirst(6)); inEvent = true }
            else if line.isEmpty && inEvent {
                out.append(current)
                current = Item(id: "", name: "message", data: "")
                inEvent = false
            }
        }
        return out
    }

    /// Whether a line containing `marker` arrives within the timeout.
    private func readRawBlocking(until marker: String, timeoutSeconds: Int) throws -> Bool {
        setTimeout(timeoutSeconds)
        while let line = readLine() { if line.contains(marker) { return true } }
        return false
    }
}

/// Runs blocking socket work on a Dispatch thread, not on the Swift concurrency pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { c in
        DispatchQueue.global().async { c.resume(with: Result { try body() }) }
    }
}
