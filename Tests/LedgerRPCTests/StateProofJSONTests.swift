import Foundation
import LedgerAPI
import LedgerCore
@testable import LedgerRPC
import Testing

/// `GET /proof/state` answers with the snake-case fields Docs/RPC.md and Docs/openapi.yaml name.
@Suite struct StateProofJSONTests {
    @Test func stateProofFieldsAreSnakeCase() throws {
        let dto = StateProofDTO(height: 3, stateRoot: Hash.zero, key: "0201", keyHash: Hash.zero, present: true, value: "00", proof: "01")
        let object = try JSONSerialization.jsonObject(with: JSONResponse.encoder.encode(dto)) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["height", "state_root", "key", "key_hash", "present", "value", "proof"])
        let back = try JSONDecoder().decode(StateProofDTO.self, from: JSONResponse.encoder.encode(dto))
        #expect(back.stateRoot == .zero && back.keyHash == .zero && back.value == "00")
    }
}
