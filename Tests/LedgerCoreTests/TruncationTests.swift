import LedgerCore
import Testing

@Suite("UTF-8 truncation and event clamping")
struct TruncationTests {
    @Test("truncation keeps whole scalars and never exceeds the limit")
    func truncation() {
        #expect("hello".truncatedUTF8(maxBytes: 10) == "hello")
        #expect("hello".truncatedUTF8(maxBytes: 3) == "hel")
        // "é" is 2 bytes, "😀" is 4: a cut inside either drops the whole scalar.
        #expect("aé".truncatedUTF8(maxBytes: 2) == "a")
        #expect("a😀b".truncatedUTF8(maxBytes: 4) == "a")
        #expect("a😀b".truncatedUTF8(maxBytes: 5) == "a😀")
        for n in 0...12 {
            let t = "été 😀 ok".truncatedUTF8(maxBytes: n)
            #expect(t.utf8.count <= n)
            #expect("été 😀 ok".utf8.starts(with: t.utf8))
        }
    }

    @Test("a clamped event always decodes again")
    func clampedEventDecodes() throws {
        let long = String(repeating: "x", count: ProtocolLimits.maxStringBytes + 100)
        let event = Event(kind: long, attributes: [(long, long)]).clamped
        let decoded = try Event(canonical: event.canonicalBytes)
        #expect(decoded.kind.utf8.count == ProtocolLimits.maxStringBytes)
        #expect(decoded.attributes.first?.value.utf8.count == ProtocolLimits.maxStringBytes)
    }
}
