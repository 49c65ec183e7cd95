import LedgerCore
import LedgerRules

/// The mempool's logic as a plain value: what to admit, what goes into the next block, what to
/// evict after a block. It is handed the accounts and parameters it needs and returns its
/// decisions; it never reads storage, clocks or locks (the `Mempool` class around it does), so it
/// is tested directly (swift-nio's `…StateMachine` pattern).
///
/// Block space is priced by gas: senders are served by the fee per gas of their next transaction
/// (nonce order within a sender); when the pool is full a transaction paying more per gas replaces
/// the cheapest waiting one.
struct MempoolState {
    struct Entry {
        let tx: Transaction
        let sender: Address
        /// Arrival order; breaks ties between equal gas prices (first come, first served).
        let seq: UInt64
        /// The height of the block the pool was waiting for when the transaction arrived.
        let admittedAt: UInt64
    }

    let config: MempoolConfig
    private(set) var byID: [Hash: Entry] = [:]
    private(set) var bySender: [Address: [UInt64: Hash]] = [:]
    private(set) var bytesBySender: [Address: Int] = [:]
    private(set) var bytes = 0
    /// Each sender's pooled nonces in ascending order (the last is its tail).
    private(set) var noncesBySender: [Address: [UInt64]] = [:]
    /// Each sender's pooled fees, summed with wrapping arithmetic (exact under add and remove;
    /// admission checks the sum for overflow as before).
    private var feesBySender: [Address: UInt64] = [:]
    /// Every sender's tail, cheapest first: what a full pool drops to make room.
    private(set) var tails = MempoolTailIndex()
    /// Tails examined by admissions into a full pool so far (tests bound the work per admission).
    private(set) var roomVisits = 0
    private var seq: UInt64 = 0

    init(config: MempoolConfig) { self.config = config }

    var count: Int { byID.count }

    /// What admission did besides pooling the transaction.
    struct Admitted: Equatable {
        /// Cheaper transactions dropped to make room (with the later nonces of their senders).
        var replaced: [Hash] = []
    }

    // MARK: admit

    /// Admits `tx` (signature already verified) for `sender` whose committed account is `account`,
    /// against `params` for the block at `nextHeight`. Throws (and changes nothing) when refused.
    mutating func admit(_ tx: Transaction, sender: Address, account: Account, params: AppParams, chainID: String,
                        nextHeight: UInt64) throws(SubmitError) -> Admitted {
        let body = tx.body
        // The same fee, expiry and gas rules as block execution (one function for both).
        do { try TransactionExecutor.stateless(tx, chainID: chainID, height: nextHeight, params: params) } catch { throw SubmitError.from(error) }
        guard UInt64(tx.wire.count) <= params.maxBlockBytes else {
            throw SubmitError("TX_TOO_LARGE", "transaction is larger than a block may be")
        }
        guard body.nonce >= account.nonce else { throw SubmitError.from(.wrongNonce(expected: account.nonce, got: body.nonce)) }
        guard body.nonce - account.nonce <= config.maxNonceGap else {
            throw SubmitError("NONCE_TOO_FAR", "nonce \(body.nonce) is more than \(config.maxNonceGap) ahead of the account's \(account.nonce)")
        }
        if byID[tx.id] != nil { throw SubmitError("DUPLICATE_TX", "transaction \(tx.id) is already in the mempool") }
        let own = bySender[sender] ?? [:]
        if own[body.nonce] != nil {
            throw SubmitError("DUPLICATE_NONCE", "the mempool already holds a transaction from this sender with nonce \(body.nonce)")
        }
        guard own.count < config.maxTransactionsPerSender, (bytesBySender[sender] ?? 0) + tx.wire.count <= config.maxBytesPerSender else {
            throw SubmitError("SENDER_LIMIT", "this sender already has \(own.count) transactions (\(bytesBySender[sender] ?? 0) bytes) waiting; "
                + "the limits are \(config.maxTransactionsPerSender) and \(config.maxBytesPerSender) bytes")
        }
        let pendingFees = feesBySender[sender] ?? 0
        let (needed, overflow) = pendingFees.addingReportingOverflow(body.fee)
        guard !overflow, account.balance >= needed else {
            throw SubmitError.from(.insufficientFunds(needed: needed, available: account.balance))
        }
        let victims = try room(for: tx, sender: sender)
        for id in victims { remove(id) }
        insert(tx, sender: sender, height: nextHeight)
        return Admitted(replaced: victims)
    }

    /// The transactions to drop so `tx` fits in a full pool: the cheapest senders' last nonces
    /// (dropping a sender's tail keeps its remaining nonces contiguous), each strictly cheaper per
    /// gas than `tx`. Throws MEMPOOL_FULL, saying what price would get in, when they do not suffice.
    ///
    /// It walks the tail index cheapest first (O(log n) per tail taken); once a sender's tail is
    /// taken, its previous nonce becomes a candidate. Nothing changes until the caller removes the victims.
    private mutating func room(for tx: Transaction, sender: Address) throws(SubmitError) -> [Hash] {
        var count = byID.count, total = bytes
        func fits() -> Bool { count < config.maxTransactions && total + tx.wire.count <= config.maxTotalBytes }
        if fits() { return [] }
        var walk = tails.walk()
        // The next tail from the index, and the current tails of senders already cut (each
        // sender's next candidate is its nonce just below the one taken).
        var indexed = walk.next()
        var cut = Heap<(entry: Entry, index: Int)>(higherPriority: { Self.cheaper($0.entry, than: $1.entry) })
        var victims: [Hash] = []
        while !fits() {
            while let e = indexed, e.sender == sender {
                roomVisits += 1
                indexed = walk.next()
            }
            var cheapest: Entry?
            var fromCut = false
            if let c = cut.peek(), indexed.map({ Self.cheaper(c.entry, than: $0) }) ?? true {
                cheapest = c.entry
                fromCut = true
            } else {
                cheapest = indexed
            }
            guard let victim = cheapest,
                  GasPrice.pays(fee: tx.body.fee, gas: tx.body.gasLimit, moreThan: victim.tx.body.fee, gas: victim.tx.body.gasLimit)
            else {
                let floor = cheapest.map { "; the cheapest waiting transaction pays \(Self.pricePerThousand($0.tx)) per 1000 gas, offer more" } ?? ""
                throw SubmitError("MEMPOOL_FULL", "mempool full (\(byID.count) transactions, \(bytes) bytes)\(floor)")
            }
            roomVisits += 1
            let own: [UInt64] = noncesBySender[victim.sender] ?? []
            let below: Int
            if fromCut {
                below = (cut.pop()?.index ?? 0) - 1
            } else {
                below = own.count - 2
                indexed = walk.next()
            }
            if below >= 0 {
                let nonce: UInt64 = own[below]
                if let id: Hash = bySender[victim.sender]?[nonce], let e = byID[id] { cut.push((entry: e, index: below)) }
            }
            victims.append(victim.tx.id)
            count -= 1
            total -= victim.tx.wire.count
        }
        return victims
    }

    /// Lower fee per gas; among equals the later arrival (it waited least).
    static func cheaper(_ a: Entry, than b: Entry) -> Bool {
        let c = GasPrice.compare(a.tx.body.fee, max(a.tx.body.gasLimit, 1), b.tx.body.fee, max(b.tx.body.gasLimit, 1))
        return c != 0 ? c < 0 : a.seq > b.seq
    }

    /// The fee per 1,000 gas, rounded down (for messages).
    static func pricePerThousand(_ tx: Transaction) -> UInt64 {
        let p = tx.body.fee.multipliedFullWidth(by: GasPrice.perGas)
        let gas = max(tx.body.gasLimit, 1)
        return p.high >= gas ? .max : gas.dividingFullWidth(p).quotient
    }

    // MARK: reap

    /// Transactions for the next block within the byte and gas budgets. Senders are served by the
    /// fee per gas of their next transaction (from `nonces[sender]`, the committed account nonce),
    /// each sender in nonce order. A transaction that does not fit is skipped with the rest of its
    /// sender's nonces, and the others go on filling the block.
    func reap(nonces: [Address: UInt64], maxBytes: UInt64, maxGas: UInt64) -> [Transaction] {
        var heap = Heap<Entry>(higherPriority: { Self.cheaper($1, than: $0) })
        for (sender, expected) in nonces {
            if let id = bySender[sender]?[expected], let e = byID[id] { heap.push(e) }
        }
        var out: [Transaction] = []
        var bytes: UInt64 = 0, gas: UInt64 = 0
        while let e = heap.pop() {
            let size = UInt64(e.tx.wire.count)
            // No overflow: bytes <= maxBytes and gas <= maxGas.
            if size > maxBytes - bytes || e.tx.body.gasLimit > maxGas - gas { continue }
            out.append(e.tx)
            bytes += size
            gas += e.tx.body.gasLimit
            if let id = bySender[e.sender]?[e.tx.body.nonce + 1], let next = byID[id] { heap.push(next) }
        }
        return out
    }

    // MARK: after a block

    /// After a block: drops what was included or rejected, then re-checks each sender against its
    /// new account (`accounts`; senders missing there are left alone) and evicts what became
    /// invalid — stale nonce, expired, fees no longer affordable — or waited more than
    /// `maxAgeBlocks` (future nonces included). Returns the evicted ids (not the committed ones).
    ///
    /// A transaction dropped from the middle of a sender's nonces (rejected, expired, unaffordable,
    /// too old) takes the sender's later nonces with it: they could not run before the gap is
    /// filled, and would otherwise hold pool space and the sender's quota until they aged out.
    /// The sender resubmits from the gap on (`GET /account` → `pending_nonce` shows where it is).
    mutating func afterBlock(committed: [Hash], rejected: [Hash], accounts: [Address: Account], nextHeight: UInt64) -> [Hash] {
        for id in committed { remove(id) }
        var evicted: [Hash] = []
        // The lowest nonce each sender lost to a rejection: a gap its later nonces cannot pass.
        var gapAt: [Address: UInt64] = [:]
        for id in rejected {
            guard let e = byID[id] else { continue }
            gapAt[e.sender] = min(gapAt[e.sender] ?? .max, e.tx.body.nonce)
            remove(id)
            evicted.append(id)
        }
        for (sender, nonces) in bySender {
            guard let account = accounts[sender] else { continue }
            var fees: UInt64 = 0
            var gap = gapAt[sender].flatMap { $0 >= account.nonce ? $0 : nil }
            for nonce in nonces.keys.sorted() {
                guard let id = nonces[nonce], let e = byID[id] else { continue }
                let expired = e.tx.body.expiry.map { $0 < nextHeight } ?? false
                let tooOld = nextHeight > e.admittedAt && nextHeight - e.admittedAt > config.maxAgeBlocks
                let (f, o) = fees.addingReportingOverflow(e.tx.body.fee)
                let stranded = gap.map { nonce > $0 } ?? false
                if nonce < account.nonce || stranded || expired || tooOld || o || f > account.balance {
                    if nonce >= account.nonce, gap == nil { gap = nonce }
                    remove(id)
                    evicted.append(id)
                } else {
                    fees = f
                }
            }
        }
        return evicted
    }

    /// The next nonce for a sender counting contiguous pending transactions.
    func pendingNonce(_ sender: Address, committed: UInt64) -> UInt64 {
        var n = committed
        while bySender[sender]?[n] != nil { n += 1 }
        return n
    }

    // MARK: storage of entries

    private mutating func insert(_ tx: Transaction, sender: Address, height: UInt64) {
        seq += 1
        let entry = Entry(tx: tx, sender: sender, seq: seq, admittedAt: height)
        byID[tx.id] = entry
        bySender[sender, default: [:]][tx.body.nonce] = tx.id
        bytesBySender[sender, default: 0] += tx.wire.count
        feesBySender[sender, default: 0] &+= tx.body.fee
        bytes += tx.wire.count
        var nonces = noncesBySender.removeValue(forKey: sender) ?? []
        // Nonces mostly arrive in order, so this is usually an append; a sender holds at most
        // `maxTransactionsPerSender` of them.
        let at = nonces.lastIndex(where: { $0 < tx.body.nonce }).map { $0 + 1 } ?? 0
        nonces.insert(tx.body.nonce, at: at)
        if at == nonces.count - 1 { tails.set(entry) }
        noncesBySender[sender] = nonces
    }

    /// Drops a transaction (included in a block) if the pool holds it.
    mutating func removeIfPresent(_ id: Hash) { remove(id) }

    private mutating func remove(_ id: Hash) {
        guard let e = byID.removeValue(forKey: id) else { return }
        bytes -= e.tx.wire.count
        bySender[e.sender]?[e.tx.body.nonce] = nil
        bytesBySender[e.sender, default: 0] -= e.tx.wire.count
        feesBySender[e.sender, default: 0] &-= e.tx.body.fee
        if var nonces = noncesBySender.removeValue(forKey: e.sender), let at = nonces.lastIndex(of: e.tx.body.nonce) {
            nonces.remove(at: at)
            if at == nonces.count {
                // The tail went: the sender's previous nonce is its tail now.
                if let last = nonces.last, let id = bySender[e.sender]?[last], let t = byID[id] { tails.set(t) } else { tails.remove(e.sender) }
            }
            if !nonces.isEmpty { noncesBySender[e.sender] = nonces }
        }
        if bySender[e.sender]?.isEmpty == true {
            bySender[e.sender] = nil
            bytesBySender[e.sender] = nil
            feesBySender[e.sender] = nil
            tails.remove(e.sender)
        }
    }

    /// True when the incremental indexes equal a rebuild from the entries (tests).
    func indexesAreConsistent() -> Bool {
        guard tails.isConsistent(), tails.count == bySender.count, noncesBySender.count == bySender.count else { return false }
        for (sender, nonces) in bySender {
            let sorted = nonces.keys.sorted()
            guard noncesBySender[sender] == sorted, let last = sorted.last, let tail = tails.tail(of: sender),
                  tail.tx.id == nonces[last] else { return false }
            var fees: UInt64 = 0
            for id in nonces.values { fees &+= byID[id]?.tx.body.fee ?? 0 }
            guard feesBySender[sender] == fees else { return false }
        }
        return true
    }
}

/// A binary heap; `higherPriority(a, b)` is true when `a` must come out before `b`.
struct Heap<Element> {
    private var items: [Element] = []
    let higherPriority: (Element, Element) -> Bool

    init(higherPriority: @escaping (Element, Element) -> Bool) { self.higherPriority = higherPriority }

    mutating func push(_ e: Element) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard higherPriority(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < items.count, higherPriority(items[l], items[best]) { best = l }
            if r < items.count, higherPriority(items[r], items[best]) { best = r }
            if best == i { break }
            items.swapAt(i, best)
            i = best
        }
        return top
    }

    func peek() -> Element? { items.first }
}
