import LedgerCore
import Testing
@testable import LedgerCrypto

@Suite("Address(publicKey:)")
struct AddressDerivationTests {
    @Test func firstTwentyBytesOfSHA256() throws {
        // RFC 8032 TEST 1 public key; expected values computed with Python hashlib and a reference bech32 encoder.
        let pk = try PublicKey(hex: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        #expect(SHA256.hash(pk.bytes).hex == "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9")
        let address = Address(publicKey: pk)
        #expect(Hex.encode(address.bytes) == "21fe31dfa154a261626bf854046fd2271b7bed4b")
        #expect(address.bech32 == "desci1y8lrrhap2j3xzcntlp2qgm7jyudhhm2tx76dys")
        #expect(try Address(bech32: "desci1y8lrrhap2j3xzcntlp2qgm7jyudhhm2tx76dys") == address)
    }

    @Test func secondKnownKey() throws {
        let pk = try PublicKey(hex: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
        #expect(Hex.encode(Address(publicKey: pk).bytes) == "39f713d0a644253f04529421b9f51b9b08979d08")
        #expect(Address(publicKey: pk).bech32 == "desci188m3859xgsjn7pzjjssmnagmnvyf08ggaq4x5a")
    }

    @Test func matchesDefinitionForRandomKeys() {
        for _ in 0..<50 {
            let pk = SigningKey().publicKey
            #expect(Address(publicKey: pk).bytes == Array(SHA256.hash(pk.bytes).bytes.prefix(20)))
        }
    }
}
