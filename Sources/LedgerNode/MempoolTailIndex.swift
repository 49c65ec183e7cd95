import LedgerCore

/// Every sender's last pooled transaction (its highest nonce), ordered cheapest first by
/// `MempoolState.cheaper`: the candidates a full pool drops to make room. An indexed binary heap
/// (a position per sender), so setting or dropping a sender's tail is O(log n) and admission into
/// a full pool no longer rescans every sender's transactions under the mempool lock.
struct MempoolTailIndex {
    private(set) var heap: [MempoolState.Entry] = []
    private var position: [Address: Int] = [:]

    var count: Int { heap.count }

    func tail(of sender: Address) -> MempoolState.Entry? { position[sender].map { heap[$0] } }

    /// Sets (adds or replaces) `sender`'s tail.
    mutating func set(_ entry: MempoolState.Entry) {
        if let i = position[entry.sender] {
            heap[i] = entry
            siftUp(siftDown(i))
        } else {
            heap.append(entry)
            position[entry.sender] = heap.count - 1
            siftUp(heap.count - 1)
        }
    }

    /// Drops `sender` (it has nothing left in the pool).
    mutating func remove(_ sender: Address) {
        guard let i = position.removeValue(forKey: sender) else { return }
        let last = heap.count - 1
        if i != last {
            heap[i] = heap[last]
            position[heap[i].sender] = i
        }
        heap.removeLast()
        if i < heap.count { siftUp(siftDown(i)) }
    }

    /// The tails in order, cheapest first, without changing the index: a walk over the heap with
    /// a frontier of candidate positions, so taking k tails costs O(k log k), not O(n).
    struct Walk {
        private let heap: [MempoolState.Entry]
        private var frontier: Heap<Int>

        fileprivate init(heap: [MempoolState.Entry]) {
            self.heap = heap
            frontier = Heap(higherPriority: { [heap] a, b in MempoolState.cheaper(heap[a], than: heap[b]) })
            if !heap.isEmpty { frontier.push(0) }
        }

        mutating func next() -> MempoolState.Entry? {
            guard let i = frontier.pop() else { return nil }
            for c in [2 * i + 1, 2 * i + 2] where c < heap.count { frontier.push(c) }
            return heap[i]
        }
    }

    func walk() -> Walk { Walk(heap: heap) }

    /// True when the heap order holds and every position is right (tests).
    func isConsistent() -> Bool {
        guard position.count == heap.count else { return false }
        for (i, e) in heap.enumerated() {
            guard position[e.sender] == i else { return false }
            if i > 0, MempoolState.cheaper(e, than: heap[(i - 1) / 2]) { return false }
        }
        return true
    }

    // MARK: heap order

    private mutating func swapAt(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        position[heap[a].sender] = a
        position[heap[b].sender] = b
    }

    @discardableResult
    private mutating func siftUp(_ start: Int) -> Int {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard MempoolState.cheaper(heap[i], than: heap[parent]) else { break }
            swapAt(i, parent)
            i = parent
        }
        return i
    }

    private mutating func siftDown(_ start: Int) -> Int {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < heap.count, MempoolState.cheaper(heap[l], than: heap[best]) { best = l }
            if r < heap.count, MempoolState.cheaper(heap[r], than: heap[best]) { best = r }
            if best == i { return i }
            swapAt(i, best)
            i = best
        }
    }
}
