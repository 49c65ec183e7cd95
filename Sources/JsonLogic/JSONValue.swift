/// A JSON value, as JsonLogic rules and their data are made of.
///
/// Determinism rules (see Docs/POLICIES.md, "JsonLogic dialect"):
/// - objects keep their members sorted by key in UTF-16 code-unit order (the RFC 8785 order), never
///   in insertion or hash order, so iterating an object is the same on every machine;
/// - strings compare by their exact Unicode scalars (not Swift's canonical equivalence: "é" and
///   "e\u{301}" are different strings here, as they are in JavaScript);
/// - numbers are finite IEEE-754 doubles; -0 equals 0. NaN and ±infinity are never produced by the
///   parser or the evaluator.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue: Equatable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return StringOrder.equal(a, b)
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }
}

extension JSONValue: Hashable {
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null:
            hasher.combine(0 as UInt8)
        case .bool(let b):
            hasher.combine(1 as UInt8)
            hasher.combine(b)
        case .number(let x):
            hasher.combine(2 as UInt8)
            hasher.combine(x == 0 ? 0 : x)  // -0 and 0 are equal, so they hash alike
        case .string(let s):
            hasher.combine(3 as UInt8)
            StringOrder.hash(s, into: &hasher)
        case .array(let a):
            hasher.combine(4 as UInt8)
            hasher.combine(a)
        case .object(let o):
            hasher.combine(5 as UInt8)
            hasher.combine(o)
        }
    }
}

extension JSONValue {
    /// The JSON type name, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }

    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

    public var numberValue: Double? { if case .number(let x) = self { return x } else { return nil } }

    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }

    /// Member lookup on objects; nil for other values or absent keys.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }
}

extension JSONValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// Duplicate keys in a literal are a programming error and trap.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        do {
            self = .object(try JSONObject(uniqueKeysWithValues: elements))
        } catch {
            preconditionFailure("duplicate key \(error.key) in a JSONValue literal")
        }
    }
}

extension JSONValue: CustomStringConvertible {
    /// The canonical JSON text (see `canonicalBytes`).
    public var description: String { String(decoding: canonicalBytes, as: UTF8.self) }
}
