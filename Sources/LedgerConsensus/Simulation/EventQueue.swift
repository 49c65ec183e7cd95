/// A binary min-heap ordered by (time, insertion sequence): equal times keep their order, so a
/// simulation driven by it is deterministic.
public struct EventQueue<Item> {
    private var heap: [(time: UInt64, seq: UInt64, item: Item)] = []

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }

    private func less(_ a: Int, _ b: Int) -> Bool { (heap[a].time, heap[a].seq) < (heap[b].time, heap[b].seq) }

    public mutating func push(time: UInt64, seq: UInt64, _ item: Item) {
        heap.append((time, seq, item))
        var i = heap.count - 1
        while i > 0, less(i, (i - 1) / 2) {
            heap.swapAt(i, (i - 1) / 2)
            i = (i - 1) / 2
        }
    }

    public mutating func pop() -> (time: UInt64, seq: UInt64, item: Item) {
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, less(l, m) { m = l }
            if r < heap.count, less(r, m) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return top
    }
}
