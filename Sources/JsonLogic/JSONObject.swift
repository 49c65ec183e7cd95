/// The members of a JSON object, sorted by key in UTF-16 code-unit order (RFC 8785 §3.2.3), with
/// unique keys. Insertion order is not kept: two objects with the same members are the same value and
/// iterate, serialise and hash identically on every machine. Lookup is a binary search.
public struct JSONObject: Sendable {
    public private(set) var keys: [String]
    public private(set) var values: [JSONValue]

    public struct DuplicateKeyError: Error, Equatable, Sendable {
        public let key: String
    }

    public init() {
        keys = []
        values = []
    }

    /// Builds an object from key/value pairs in any order. Keys must be unique (compared by exact
    /// Unicode scalars).
    public init(uniqueKeysWithValues pairs: some Sequence<(String, JSONValue)>) throws(DuplicateKeyError) {
        let sorted = pairs.sorted { StringOrder.utf16Compare($0.0, $1.0) < 0 }
        var keys: [String] = []
        var values: [JSONValue] = []
        keys.reserveCapacity(sorted.count)
        values.reserveCapacity(sorted.count)
        for (key, value) in sorted {
            if let last = keys.last, StringOrder.equal(last, key) { throw DuplicateKeyError(key: key) }
            keys.append(key)
            values.append(value)
        }
        self.keys = keys
        self.values = values
    }

    /// Members already sorted and unique (checked in debug builds only).
    init(sortedKeys keys: [String], values: [JSONValue]) {
        assert(keys.count == values.count)
        assert(zip(keys, keys.dropFirst()).allSatisfy { StringOrder.utf16Compare($0, $1) < 0 })
        self.keys = keys
        self.values = values
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The member for `key`, or nil.
    public subscript(key: String) -> JSONValue? {
        guard let i = index(of: key) else { return nil }
        return values[i]
    }

    /// Sets or removes (with nil) a member, keeping the order.
    public mutating func updateValue(_ value: JSONValue?, forKey key: String) {
        let (found, position) = search(key)
        switch (found, value) {
        case (true, let value?): values[position] = value
        case (true, nil):
            keys.remove(at: position)
            values.remove(at: position)
        case (false, let value?):
            keys.insert(key, at: position)
            values.insert(value, at: position)
        case (false, nil): break
        }
    }

    func index(of key: String) -> Int? {
        let (found, position) = search(key)
        return found ? position : nil
    }

    /// Binary search: (found, index of the key or of its insertion point).
    private func search(_ key: String) -> (Bool, Int) {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            let c = StringOrder.utf16Compare(keys[mid], key)
            if c == 0 { return (true, mid) }
            if c < 0 { low = mid + 1 } else { high = mid }
        }
        return (false, low)
    }
}

extension JSONObject: Sequence {
    public typealias Element = (key: String, value: JSONValue)

    public struct Iterator: IteratorProtocol {
        private let object: JSONObject
        private var position = 0
        init(_ object: JSONObject) { self.object = object }
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard position < object.keys.count else { return nil }
            defer { position += 1 }
            return (object.keys[position], object.values[position])
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }
    public var underestimatedCount: Int { keys.count }
}

extension JSONObject: Equatable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.keys.count == rhs.keys.count else { return false }
        for i in lhs.keys.indices where !StringOrder.equal(lhs.keys[i], rhs.keys[i]) { return false }
        return lhs.values == rhs.values
    }
}

extension JSONObject: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys.count)
        for key in keys { StringOrder.hash(key, into: &hasher) }
        hasher.combine(values)
    }
}
