import Foundation

/// Refuses JSON objects with keys a schema does not name, so a misspelt field is an error rather
/// than a silently ignored default.
enum UnknownFields {
    indirect enum Schema: Sendable {
        case any
        case object([String: Schema])
        case array(Schema)
    }

    static func check(_ data: Data, allowed: Schema) throws {
        let value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        try walk(value, allowed, path: "")
    }

    private static func walk(_ value: Any, _ schema: Schema, path: String) throws {
        switch schema {
        case .any:
            return
        case let .object(fields):
            guard let dict = value as? [String: Any] else { return }
            for (k, v) in dict {
                let p = path.isEmpty ? k : "\(path).\(k)"
                guard let sub = fields[k] else { throw GenesisError.malformed("unknown field '\(p)'") }
                try walk(v, sub, path: p)
            }
        case let .array(element):
            guard let arr = value as? [Any] else { return }
            for (i, v) in arr.enumerated() { try walk(v, element, path: "\(path)[\(i)]") }
        }
    }
}
