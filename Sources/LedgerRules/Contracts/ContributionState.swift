import LedgerCore

/// A contribution as stored: the registration, who registered it and when, each contributor's answer,
/// and what happened to it since (retraction, status). Shared by the contribution and attestation
/// contracts.
public struct ContributionRecord: Hashable, Sendable, Codable, CanonicalCodable {
    public enum Confirmation: UInt8, Sendable, Codable {
        case pending = 0, confirmed = 1, declined = 2
    }

    public struct Retraction: Hashable, Sendable, Codable {
        public var reason: String
        public var height: UInt64
        /// The registrant, or nil when governance retracted it.
        public var by: Address?
    }

    public var id: Hash
    public var registrant: Address
    public var height: UInt64
    public var timeMillis: UInt64
    public var registration: RegisterContribution
    /// One entry per contributor, in registration order.
    public var confirmations: [Confirmation]
    /// 1 for a first registration, previous + 1 for a new version.
    public var version: UInt32
    public var retraction: Retraction?
    /// Set when the licence conflicts with an input's licence (the sentence says which and why).
    public var licenseConflict: String?
    /// `registered` at first, `retracted` after a retraction, otherwise from the `dataset.status` policy.
    public var status: RecordStatus

    public init(id: Hash, registrant: Address, height: UInt64, timeMillis: UInt64, registration: RegisterContribution,
                confirmations: [Confirmation], version: UInt32, retraction: Retraction? = nil, licenseConflict: String? = nil,
                status: RecordStatus = .registered) {
        self.id = id
        self.registrant = registrant
        self.height = height
        self.timeMillis = timeMillis
        self.registration = registration
        self.confirmations = confirmations
        self.version = version
        self.retraction = retraction
        self.licenseConflict = licenseConflict
        self.status = status
    }

    /// Addresses of the listed contributors (people with an address).
    public var contributorAddresses: [Address] { registration.contributors.compactMap(\.address) }

    public func encode(to w: inout CanonicalWriter) {
        w.fixed(id)
        w.address(registrant)
        w.u64(height)
        w.u64(timeMillis)
        w.value(registration)
        w.list(confirmations) { $0.u8($1.rawValue) }
        w.u32(version)
        w.optional(retraction) { w, r in
            w.string(r.reason)
            w.u64(r.height)
            w.optional(r.by) { $0.address($1) }
        }
        w.optional(licenseConflict) { $0.string($1) }
        w.u8(status.rawValue)
    }

    public init(from r: inout CanonicalReader) throws {
        id = try r.fixed(Hash.self)
        registrant = try r.address()
        height = try r.u64()
        timeMillis = try r.u64()
        registration = try r.value(RegisterContribution.self)
        confirmations = try r.list(field: "confirmations", limit: RecordLimits.contributors) { try $0.enumeration(Confirmation.self, "confirmation") }
        version = try r.u32()
        retraction = try r.optional { r in
            Retraction(reason: try r.string(field: "reason", limit: RecordLimits.reason), height: try r.u64(), by: try r.optional { try $0.address() })
        }
        licenseConflict = try r.optional { try $0.string(field: "licence conflict", limit: RecordLimits.comment) }
        status = try r.enumeration(RecordStatus.self, "record status")
    }
}

/// State keys of the contributions contract (prefix 0x02). Ids are 32 bytes; big-endian integers.
public enum ContributionKeys {
    static let prefix = StateKey.Contract.contributions.rawValue
    /// `02 01 | id` → `ContributionRecord`.
    public static func record(_ id: Hash) -> [UInt8] { [prefix, 0x01] + id.bytes }
    /// `02 02 | multihash` → id: the content index (one record per content, versions aside).
    public static func byDigest(_ multihash: [UInt8]) -> [UInt8] { [prefix, 0x02] + multihash }
    /// `02 03 | parent | child` → empty: derivation edges, scanned for descendants.
    public static func derived(parent: Hash, child: Hash) -> [UInt8] { [prefix, 0x03] + parent.bytes + child.bytes }
    public static func derivedPrefix(_ parent: Hash) -> [UInt8] { [prefix, 0x03] + parent.bytes }
    /// `02 04 | cited | citer` → empty: citations, scanned for "cited by".
    public static func citedBy(cited: Hash, citer: Hash) -> [UInt8] { [prefix, 0x04] + cited.bytes + citer.bytes }
    public static func citedByPrefix(_ cited: Hash) -> [UInt8] { [prefix, 0x04] + cited.bytes }
    /// `02 05 | address | id` → empty: records listing an address as contributor.
    public static func byContributor(_ a: Address, _ id: Hash) -> [UInt8] { [prefix, 0x05] + a.bytes + id.bytes }
    public static func byContributorPrefix(_ a: Address) -> [UInt8] { [prefix, 0x05] + a.bytes }
    /// `02 06 | previous | next` → empty: version links, scanned for newer versions.
    public static func nextVersion(previous: Hash, next: Hash) -> [UInt8] { [prefix, 0x06] + previous.bytes + next.bytes }
    public static func nextVersionPrefix(_ previous: Hash) -> [UInt8] { [prefix, 0x06] + previous.bytes }
}

/// Reading and writing contribution records, metered or not.
public enum ContributionStore {
    public static func record(_ id: Hash, in state: any StateReader) throws -> ContributionRecord? {
        try state.read(ContributionKeys.record(id)).map { try ContributionRecord(canonical: $0) }
    }

    public static func record(_ id: Hash, ctx: inout ExecutionContext) throws -> ContributionRecord? {
        try ctx.read(ContributionKeys.record(id)).map { try ContributionRecord(canonical: $0) }
    }

    /// Loads a record that must exist, else `UNKNOWN_RECORD`.
    public static func require(_ id: Hash, ctx: inout ExecutionContext) throws -> ContributionRecord {
        guard let r = try record(id, ctx: &ctx) else {
            throw RuleError.rejected(code: "UNKNOWN_RECORD", message: "no registered record \(id)")
        }
        return r
    }

    public static func save(_ record: ContributionRecord, ctx: inout ExecutionContext) throws {
        try ctx.write(ContributionKeys.record(record.id), record.canonicalBytes)
    }
}
