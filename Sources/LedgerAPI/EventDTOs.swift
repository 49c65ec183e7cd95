import LedgerCore

/// Which transactions a `GET /events` subscriber wants (Docs/RPC.md, "Events"). Every field is
/// optional; the ones given are AND-ed. Block events ignore the filter (`blocks` turns them off).
public struct EventFilter: Sendable, Equatable {
    /// Only transactions signed by this account.
    public var sender: Address?
    /// Only transactions carrying an action of this kind (`transfer`, `contribution.register`, ...).
    public var action: String?
    /// Only transactions whose receipt names this record: an event attribute `id`, `subject`,
    /// `proposal` or `grant` equal to it (hex ids compare case-insensitively).
    public var subject: String?
    /// Only transactions whose receipt holds an event of this kind (`transfer`, `attestation.created`, ...).
    public var event: String?
    /// Whether block events are sent at all (default true).
    public var blocks: Bool = true
    /// Whether transaction events are sent at all (default true).
    public var transactions: Bool = true

    public init(sender: Address? = nil, action: String? = nil, subject: String? = nil, event: String? = nil,
                blocks: Bool = true, transactions: Bool = true) {
        self.sender = sender
        self.action = action
        self.subject = subject
        self.event = event
        self.blocks = blocks
        self.transactions = transactions
    }

    /// The attribute keys whose values `subject` is compared with.
    public static let subjectKeys: Set<String> = ["id", "subject", "proposal", "grant"]
}

/// Where an event stream starts: a height (its block event first) or just after an event id
/// (`H` = block H was seen, so its transactions follow; `H:i` = transaction i of block H was seen).
public struct EventCursor: Sendable, Equatable {
    public var height: UInt64
    /// The first transaction index still to send at `height`; nil: the block event too.
    public var firstIndex: UInt32?

    public init(height: UInt64, firstIndex: UInt32? = nil) {
        self.height = height
        self.firstIndex = firstIndex
    }

    /// `from_height=H`: everything from block H on.
    public static func from(height: UInt64) -> EventCursor { EventCursor(height: height) }

    /// The SSE `Last-Event-ID` header: resume after that event. Nil when it is not an id we sent.
    public static func after(eventID text: String) -> EventCursor? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let h = parts.first.flatMap({ UInt64($0) }) else { return nil }
        switch parts.count {
        case 1: return EventCursor(height: h, firstIndex: 0)
        case 2:
            guard let i = UInt32(parts[1]), i < UInt32.max else { return nil }
            return EventCursor(height: h, firstIndex: i + 1)
        default: return nil
        }
    }
}

/// `event: block` data.
public struct BlockEventDTO: Codable, Sendable, Equatable {
    public var height: UInt64
    public var hash: Hash
    public var time: String
    public var timeMillis: UInt64
    public var txCount: Int

    public init(height: UInt64, hash: Hash, time: String, timeMillis: UInt64, txCount: Int) {
        self.height = height
        self.hash = hash
        self.time = time
        self.timeMillis = timeMillis
        self.txCount = txCount
    }

    enum CodingKeys: String, CodingKey {
        case height, hash, time, timeMillis = "time_ms", txCount = "tx_count"
    }
}

/// `event: tx` data: where the transaction landed, who sent it, what it did.
public struct TxEventDTO: Codable, Sendable, Equatable {
    public var height: UInt64
    public var index: UInt32
    public var hash: Hash
    public var sender: Address
    public var actions: [String]
    public var receipt: ReceiptDTO

    public init(height: UInt64, index: UInt32, hash: Hash, sender: Address, actions: [String], receipt: ReceiptDTO) {
        self.height = height
        self.index = index
        self.hash = hash
        self.sender = sender
        self.actions = actions
        self.receipt = receipt
    }
}

/// One item of an event stream, ready to be written as SSE.
public enum EventStreamItem: Sendable, Equatable {
    /// `id: <id>`, `event: <name>`, `data: <json>` (one line of JSON).
    case event(id: String, name: String, data: [UInt8])
    /// A comment line that keeps proxies and clients from timing the stream out.
    case heartbeat
    /// The subscriber fell behind and was dropped; the stream ends after this.
    case dropped(reason: String)
}

/// A live subscription. `next()` returns nil once the stream is over; `close()` ends it early
/// (the client went away) and frees its slot.
public protocol EventStream: Sendable {
    func next() async -> EventStreamItem?
    func close()
}

/// The node side of `GET /events`.
public protocol EventQueries: Sendable {
    /// Starts a subscription: replays committed events from `resume` (bounded; older is refused with
    /// `REPLAY_TOO_FAR`), then goes live. More subscribers than allowed: `TOO_MANY_SUBSCRIBERS`.
    func subscribeEvents(filter: EventFilter, resume: EventCursor?) throws -> any EventStream
}

extension ErrorCode {
    public static let replayTooFar: ErrorCode = "REPLAY_TOO_FAR"
    public static let tooManySubscribers: ErrorCode = "TOO_MANY_SUBSCRIBERS"
}
