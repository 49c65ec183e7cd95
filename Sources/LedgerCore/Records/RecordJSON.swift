/// JSON forms of the record actions whose fields are raw bytes: digests are lower-case hex strings
/// (as hashes are everywhere else in the RPC), not arrays of numbers. The canonical byte encoding
/// is unaffected; this is only what `GET /tx` shows and what `desci` reads back.
extension KeyedEncodingContainer {
    mutating func encodeHex(_ bytes: [UInt8], forKey key: Key) throws { try encode(Hex.encode(bytes), forKey: key) }
    mutating func encodeHexIfPresent(_ bytes: [UInt8]?, forKey key: Key) throws {
        if let bytes { try encodeHex(bytes, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    func decodeHex(forKey key: Key) throws -> [UInt8] {
        let text = try decode(String.self, forKey: key)
        guard let bytes = Hex.decode(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(key.stringValue)' must be hex")
        }
        return bytes
    }

    func decodeHexIfPresent(forKey key: Key) throws -> [UInt8]? {
        try contains(key) && !decodeNil(forKey: key) ? decodeHex(forKey: key) : nil
    }
}

extension ProvenanceActivity {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try c.decode(Kind.self, forKey: .kind), codeDigest: try c.decodeHexIfPresent(forKey: .codeDigest),
                  parametersDigest: try c.decodeHexIfPresent(forKey: .parametersDigest),
                  startedAt: try c.decodeIfPresent(UInt64.self, forKey: .startedAt), endedAt: try c.decodeIfPresent(UInt64.self, forKey: .endedAt),
                  agent: try c.decodeIfPresent(Address.self, forKey: .agent))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeHexIfPresent(codeDigest, forKey: .codeDigest)
        try c.encodeHexIfPresent(parametersDigest, forKey: .parametersDigest)
        try c.encodeIfPresent(startedAt, forKey: .startedAt)
        try c.encodeIfPresent(endedAt, forKey: .endedAt)
        try c.encodeIfPresent(agent, forKey: .agent)
    }
}

extension RegisterContribution {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try c.decode(ContributionKind.self, forKey: .kind), title: try c.decode(String.self, forKey: .title),
                  digest: try c.decodeHex(forKey: .digest), size: try c.decode(UInt64.self, forKey: .size),
                  uris: try c.decode([String].self, forKey: .uris), doi: try c.decodeIfPresent(String.self, forKey: .doi),
                  license: try c.decode(String.self, forKey: .license), contributors: try c.decode([ContributorEntry].self, forKey: .contributors),
                  references: try c.decode([Hash].self, forKey: .references), previousVersion: try c.decodeIfPresent(Hash.self, forKey: .previousVersion),
                  derivedFrom: try c.decode([Hash].self, forKey: .derivedFrom), activity: try c.decodeIfPresent(ProvenanceActivity.self, forKey: .activity))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(title, forKey: .title)
        try c.encodeHex(digest, forKey: .digest)
        try c.encode(size, forKey: .size)
        try c.encode(uris, forKey: .uris)
        try c.encodeIfPresent(doi, forKey: .doi)
        try c.encode(license, forKey: .license)
        try c.encode(contributors, forKey: .contributors)
        try c.encode(references, forKey: .references)
        try c.encodeIfPresent(previousVersion, forKey: .previousVersion)
        try c.encode(derivedFrom, forKey: .derivedFrom)
        try c.encodeIfPresent(activity, forKey: .activity)
    }
}

extension Attest {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(subject: try c.decode(Hash.self, forKey: .subject), kind: try c.decode(Kind.self, forKey: .kind),
                  verdict: try c.decode(UInt8.self, forKey: .verdict), scores: try c.decode([UInt8].self, forKey: .scores),
                  reportDigest: try c.decodeHexIfPresent(forKey: .reportDigest), outputDigest: try c.decodeHexIfPresent(forKey: .outputDigest),
                  environmentDigest: try c.decodeHexIfPresent(forKey: .environmentDigest), comment: try c.decode(String.self, forKey: .comment))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(subject, forKey: .subject)
        try c.encode(kind, forKey: .kind)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(scores, forKey: .scores)
        try c.encodeHexIfPresent(reportDigest, forKey: .reportDigest)
        try c.encodeHexIfPresent(outputDigest, forKey: .outputDigest)
        try c.encodeHexIfPresent(environmentDigest, forKey: .environmentDigest)
        try c.encode(comment, forKey: .comment)
    }
}
