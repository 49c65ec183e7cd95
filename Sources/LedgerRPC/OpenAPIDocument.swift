// Generated from Docs/openapi.yaml by scripts/openapi-swift.sh; LedgerRPCTests checks they match.
// Served at GET /openapi.yaml so a client can fetch the schema of the node it talks to.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: DeSci Ledger node RPC
  version: 0.1.0
  description: >-
    The HTTP/JSON API of desci-node (Docs/RPC.md is the prose reference; this document is checked
    against a live node by scripts/schemathesis.sh). Hashes, keys and signatures are lower-case hex;
    addresses are bech32 `desci1...`; amounts, heights and nonces are JSON integers. Optional fields
    are left out, never null. Every answer that is not 2xx is an `ErrorBody`, except refused
    submissions, which are a `SubmitResult`. Any endpoint may answer 503 `BUSY` when
    `[rpc] max_in_flight` requests are already being handled. Served at `GET /openapi.yaml`.
    A `mode=commit` submission gives its in-flight slot back while it waits for its block; such
    waiters are bounded by `[rpc] max_commit_waiters` (503 `BUSY` beyond, nothing admitted), and
    `mode=async` admissions by `[rpc] max_async_pending` transactions (503 `BUSY` beyond).
  license:
    name: Apache-2.0
servers:
  - url: http://127.0.0.1:26657
paths:
  /health:
    get:
      operationId: health
      summary: Liveness.
      responses:
        '200':
          description: The node answers.
          content:
            application/json:
              schema:
                type: object
                required: [status]
                properties:
                  status: {const: ok}
        '503': {$ref: '#/components/responses/Busy'}
  /openapi.yaml:
    get:
      operationId: openapi
      summary: This document.
      responses:
        '200':
          description: The OpenAPI document, as YAML.
          content:
            application/yaml:
              schema:
                type: object
                required: [openapi, info, paths]
        '503': {$ref: '#/components/responses/Busy'}
  /status:
    get:
      operationId: status
      summary: Chain id, tip and validator.
      responses:
        '200':
          description: Node status.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Status'}
        '503': {$ref: '#/components/responses/Busy'}
  /events:
    get:
      operationId: events
      summary: Server-Sent Events of committed blocks and transactions, with filters and resumption (Docs/RPC.md, "Events").
      parameters:
        - {name: sender, in: query, schema: {type: string}, description: Only transactions signed by this bech32 address.}
        - {name: action, in: query, schema: {type: string}, description: Only transactions carrying an action of this kind (e.g. transfer).}
        - {name: subject, in: query, schema: {type: string}, description: Only transactions whose receipt has an id, subject, proposal or grant attribute equal to this.}
        - {name: event, in: query, schema: {type: string}, description: Only transactions whose receipt has an event of this kind.}
        - {name: types, in: query, schema: {type: string, enum: [block, tx, 'block,tx']}, description: Which event types to send (default both).}
        - {name: from_height, in: query, schema: {type: integer, minimum: 0}, description: Replay committed events from this height first.}
        - {name: Last-Event-ID, in: header, schema: {type: string}, description: Resume after this event id (H or H:i).}
      responses:
        '200':
          description: 'A text/event-stream: `event: block` and `event: tx` with `id:` H or H:i and one line of JSON data; `: heartbeat` comments; a final `event: dropped` when the subscriber fell behind.'
          content:
            text/event-stream:
              schema: {type: string}
        '400': {$ref: '#/components/responses/BadRequest'}
        '410':
          description: REPLAY_TOO_FAR, the resume height is further back than max_event_replay_heights.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ErrorBody'}
        '503':
          description: TOO_MANY_SUBSCRIBERS (max_event_subscribers reached) or BUSY.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ErrorBody'}
  /genesis:
    get:
      operationId: genesis
      summary: The genesis file, byte for byte.
      responses:
        '200':
          description: genesis.json
          content:
            application/json:
              schema: {type: object}
        '503': {$ref: '#/components/responses/Busy'}
  /block:
    get:
      operationId: block
      summary: One block (the latest when height is left out).
      parameters:
        - {name: height, in: query, required: false, schema: {$ref: '#/components/schemas/U64'}}
      responses:
        '200':
          description: The block.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Block'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /blocks:
    get:
      operationId: blocks
      summary: Blocks from..to (at most max_blocks_per_request heights; may end early at the 4 MiB read budget).
      parameters:
        - {name: from, in: query, required: true, schema: {$ref: '#/components/schemas/U64'}}
        - {name: to, in: query, required: false, schema: {$ref: '#/components/schemas/U64'}}
      responses:
        '200':
          description: The blocks that exist in the range, in height order.
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Block'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '503': {$ref: '#/components/responses/Busy'}
  /tx:
    get:
      operationId: getTransaction
      summary: A committed transaction with its receipt.
      parameters:
        - {name: hash, in: query, required: true, schema: {$ref: '#/components/schemas/HashIn'}}
      responses:
        '200':
          description: The transaction.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Transaction'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
    post:
      operationId: submitTransaction
      summary: Submit one signed transaction.
      parameters:
        - {$ref: '#/components/parameters/Mode'}
        - {$ref: '#/components/parameters/Timeout'}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [tx]
              properties:
                tx: {type: string, description: hex (optionally 0x) or standard base64}
                mode: {enum: [async, sync, commit]}
      responses:
        '200':
          description: Accepted (with mode=commit, committed).
          content:
            application/json:
              schema: {$ref: '#/components/schemas/SubmitResult'}
        '400':
          description: The request or the transaction was refused.
          content:
            application/json:
              schema:
                oneOf:
                  - {$ref: '#/components/schemas/SubmitResult'}
                  - {$ref: '#/components/schemas/ErrorBody'}
        '409':
          description: ALREADY_COMMITTED (with the height).
          content:
            application/json:
              schema: {$ref: '#/components/schemas/SubmitResult'}
        '413': {$ref: '#/components/responses/TooLarge'}
        '503':
          description: MEMPOOL_FULL or BUSY.
          content:
            application/json:
              schema:
                oneOf:
                  - {$ref: '#/components/schemas/SubmitResult'}
                  - {$ref: '#/components/schemas/ErrorBody'}
        '504':
          description: TIMEOUT (mode=commit).
          content:
            application/json:
              schema: {$ref: '#/components/schemas/SubmitResult'}
  /simulate:
    post:
      operationId: simulateTransaction
      summary: Run one signed transaction against the latest committed state without committing it.
      description: >-
        Same body and size limits as POST /tx (`mode` is accepted and ignored). The signature is
        verified and every precheck runs; nothing reaches the mempool or the chain. At most
        `[rpc] max_simulate_gas` (default 10000000) and at most the transaction's gas limit are
        executed; a transaction needing more ends OUT_OF_GAS at the cap and `message` says so.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [tx]
              properties:
                tx: {type: string, description: hex (optionally 0x) or standard base64}
                mode: {enum: [async, sync, commit]}
      responses:
        '200':
          description: Includable; the receipt says what its actions would do (they may still fail).
          content:
            application/json:
              schema: {$ref: '#/components/schemas/SimulateResult'}
        '400':
          description: Not includable (`includable` false, `code`, `message`, no receipt), or undecodable input.
          content:
            application/json:
              schema:
                oneOf:
                  - {$ref: '#/components/schemas/SimulateResult'}
                  - {$ref: '#/components/schemas/ErrorBody'}
        '413': {$ref: '#/components/responses/TooLarge'}
        '503': {$ref: '#/components/responses/Busy'}
  /txs:
    post:
      operationId: submitTransactions
      summary: Submit a batch of signed transactions.
      parameters:
        - {$ref: '#/components/parameters/Mode'}
        - {$ref: '#/components/parameters/Timeout'}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [txs]
              properties:
                txs:
                  type: array
                  items: {type: string}
                mode: {enum: [async, sync, commit]}
      responses:
        '200':
          description: One result per transaction, in request order.
          content:
            application/json:
              schema:
                type: object
                required: [results]
                properties:
                  results:
                    type: array
                    items: {$ref: '#/components/schemas/SubmitResult'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '413': {$ref: '#/components/responses/TooLarge'}
        '503': {$ref: '#/components/responses/Busy'}
  /account:
    get:
      operationId: account
      summary: Balance and nonces of an address.
      parameters:
        - {name: address, in: query, required: true, schema: {type: string}}
      responses:
        '200':
          description: The account (zero balance and nonce when never used).
          content:
            application/json:
              schema:
                type: object
                required: [address, balance, nonce, pending_nonce]
                properties:
                  address: {$ref: '#/components/schemas/Address'}
                  balance: {$ref: '#/components/schemas/U64'}
                  nonce: {$ref: '#/components/schemas/U64'}
                  pending_nonce: {$ref: '#/components/schemas/U64'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '503': {$ref: '#/components/responses/Busy'}
  /mempool:
    get:
      operationId: mempool
      summary: Mempool occupancy.
      responses:
        '200':
          description: Counts and limits.
          content:
            application/json:
              schema:
                type: object
                required: [count, bytes, max_count, max_bytes]
                properties:
                  count: {type: integer, minimum: 0}
                  bytes: {type: integer, minimum: 0}
                  max_count: {type: integer, minimum: 0}
                  max_bytes: {type: integer, minimum: 0}
        '503': {$ref: '#/components/responses/Busy'}
  /contribution:
    get:
      operationId: contribution
      summary: A contribution record in full.
      parameters:
        - {$ref: '#/components/parameters/RecordID'}
      responses:
        '200': {$ref: '#/components/responses/Contribution'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /contribution/by-digest:
    get:
      operationId: contributionByDigest
      summary: The record indexed for a content digest (SHA-256 multihash, 1220...); more than 128 hex digits is 400 BAD_PARAM.
      parameters:
        - {name: digest, in: query, required: true, schema: {type: string, maxLength: 128}}
      responses:
        '200': {$ref: '#/components/responses/Contribution'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /contributions:
    get:
      operationId: contributions
      summary: Records listing a contributor, in id order.
      parameters:
        - {name: contributor, in: query, required: true, schema: {type: string}}
        - {$ref: '#/components/parameters/Limit'}
        - {$ref: '#/components/parameters/After'}
        - {$ref: '#/components/parameters/Cursor'}
      responses:
        '200': {$ref: '#/components/responses/ContributionPage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '503': {$ref: '#/components/responses/Busy'}
  /lineage:
    get:
      operationId: lineage
      summary: Ancestors through derived_from (at most 10000 nodes).
      parameters:
        - {$ref: '#/components/parameters/RecordID'}
        - {$ref: '#/components/parameters/Depth'}
      responses:
        '200': {$ref: '#/components/responses/Lineage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /descendants:
    get:
      operationId: descendants
      summary: Records derived from this one (at most 10000 nodes).
      parameters:
        - {$ref: '#/components/parameters/RecordID'}
        - {$ref: '#/components/parameters/Depth'}
      responses:
        '200': {$ref: '#/components/responses/Lineage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /versions:
    get:
      operationId: versions
      summary: A page of the version history a record belongs to, oldest first; after is a version of that history (the next_cursor of the previous page).
      parameters:
        - {$ref: '#/components/parameters/RecordID'}
        - {$ref: '#/components/parameters/Limit'}
        - {$ref: '#/components/parameters/After'}
        - {$ref: '#/components/parameters/Cursor'}
      responses:
        '200': {$ref: '#/components/responses/ContributionPage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /citations:
    get:
      operationId: citations
      summary: Records citing this one, in id order.
      parameters:
        - {$ref: '#/components/parameters/RecordID'}
        - {$ref: '#/components/parameters/Limit'}
        - {$ref: '#/components/parameters/After'}
        - {$ref: '#/components/parameters/Cursor'}
      responses:
        '200': {$ref: '#/components/responses/ContributionPage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /attestation:
    get:
      operationId: attestation
      summary: One attestation (revoked ones too).
      parameters:
        - {$ref: '#/components/parameters/RecordID'}
      responses:
        '200':
          description: The attestation.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Attestation'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /attestations:
    get:
      operationId: attestations
      summary: Attestations of a subject or by an attester, in id order.
      parameters:
        - {name: subject, in: query, required: false, schema: {$ref: '#/components/schemas/HashIn'}}
        - {name: attester, in: query, required: false, schema: {type: string}}
        - {$ref: '#/components/parameters/After'}
        - {$ref: '#/components/parameters/Limit'}
      responses:
        '200':
          description: A page of attestations.
          content:
            application/json:
              schema:
                type: object
                required: [attestations]
                properties:
                  subject: {$ref: '#/components/schemas/Hash'}
                  status: {type: string}
                  summary: {type: object}
                  attester: {$ref: '#/components/schemas/Address'}
                  attestations:
                    type: array
                    items: {$ref: '#/components/schemas/Attestation'}
                  next: {$ref: '#/components/schemas/Hash'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /proposal:
    get:
      operationId: proposal
      summary: One governance proposal.
      parameters:
        - {name: id, in: query, required: true, schema: {$ref: '#/components/schemas/U64'}}
      responses:
        '200':
          description: The proposal.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Proposal'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /proposals:
    get:
      operationId: proposals
      summary: Proposals with id greater than after, optionally with one status.
      parameters:
        - name: status
          in: query
          required: false
          schema: {enum: [voting, passed, rejected, vetoed, executed, execution_failed]}
        - {name: after, in: query, required: false, schema: {$ref: '#/components/schemas/U64'}}
        - {$ref: '#/components/parameters/Limit'}
      responses:
        '200':
          description: A page of proposals.
          content:
            application/json:
              schema:
                type: object
                required: [proposals]
                properties:
                  proposals:
                    type: array
                    items: {$ref: '#/components/schemas/Proposal'}
                  next: {$ref: '#/components/schemas/U64'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '503': {$ref: '#/components/responses/Busy'}
  /members:
    get:
      operationId: members
      summary: A page of DAO members with addresses after `after`, in address order; pass next as after for the next page.
      parameters:
        - {name: after, in: query, required: false, schema: {$ref: '#/components/schemas/Address'}}
        - {$ref: '#/components/parameters/Limit'}
      responses:
        '200':
          description: A page of members.
          content:
            application/json:
              schema:
                type: object
                required: [members, count]
                properties:
                  count: {type: integer, minimum: 0, maximum: 100}
                  next: {$ref: '#/components/schemas/Address'}
                  members:
                    type: array
                    items:
                      type: object
                      required: [address]
                      properties:
                        address: {$ref: '#/components/schemas/Address'}
                        delegate: {$ref: '#/components/schemas/Address'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '503': {$ref: '#/components/responses/Busy'}
  /params:
    get:
      operationId: params
      summary: Chain parameters a DAO may change.
      responses:
        '200':
          description: Parameters.
          content:
            application/json:
              schema:
                type: object
                required: [min_fee, max_block_gas, max_block_bytes, voting_period_blocks, timelock_blocks, min_deposit, voting_strategy]
                properties:
                  min_fee: {$ref: '#/components/schemas/U64'}
                  max_block_gas: {$ref: '#/components/schemas/U64'}
                  max_block_bytes: {$ref: '#/components/schemas/U64'}
                  voting_period_blocks: {$ref: '#/components/schemas/U64'}
                  timelock_blocks: {$ref: '#/components/schemas/U64'}
                  min_deposit: {$ref: '#/components/schemas/U64'}
                  voting_strategy: {type: string}
        '503': {$ref: '#/components/responses/Busy'}
  /policy:
    get:
      operationId: policy
      summary: One on-chain JsonLogic policy.
      parameters:
        - {name: name, in: query, required: true, schema: {type: string}}
      responses:
        '200':
          description: The policy with its rule as JSON.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Policy'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /policies:
    get:
      operationId: policies
      summary: Every policy, by name.
      responses:
        '200':
          description: Policies.
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Policy'}
        '503': {$ref: '#/components/responses/Busy'}
  /treasury:
    get:
      operationId: treasury
      summary: Treasury and deposit escrow balances.
      responses:
        '200':
          description: Balances.
          content:
            application/json:
              schema:
                type: object
                required: [address, balance, deposits_address, deposits_held]
                properties:
                  address: {$ref: '#/components/schemas/Address'}
                  balance: {$ref: '#/components/schemas/U64'}
                  deposits_address: {$ref: '#/components/schemas/Address'}
                  deposits_held: {$ref: '#/components/schemas/U64'}
        '503': {$ref: '#/components/responses/Busy'}
  /validators:
    get:
      operationId: validators
      summary: The validator set that signs a height (default the next one, latest + 1).
      parameters:
        - {name: height, in: query, required: false, schema: {$ref: '#/components/schemas/U64'}}
      responses:
        '200':
          description: The set, in its order (a member's index is its index in commits).
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ValidatorSet'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /validators/changes:
    get:
      operationId: validatorChanges
      summary: The genesis set and every header whose next_validators_hash differs from its validators_hash, with the new set.
      responses:
        '200':
          description: Changes in height order.
          content:
            application/json:
              schema:
                type: object
                required: [genesis, changes]
                properties:
                  genesis:
                    type: array
                    items: {$ref: '#/components/schemas/Validator'}
                  changes:
                    type: array
                    items:
                      type: object
                      required: [height, effective_height, validators_hash, next_validators_hash, validators]
                      properties:
                        height: {$ref: '#/components/schemas/U64'}
                        effective_height: {$ref: '#/components/schemas/U64'}
                        validators_hash: {$ref: '#/components/schemas/Hash'}
                        next_validators_hash: {$ref: '#/components/schemas/Hash'}
                        validators:
                          type: array
                          items: {$ref: '#/components/schemas/Validator'}
        '503': {$ref: '#/components/responses/Busy'}
  /proof/state:
    get:
      operationId: stateProof
      summary: Membership or non-membership proof of one state key against a block's state root (Docs/PROOFS.md).
      parameters:
        - {name: key, in: query, required: true, description: 'the state key, 1 to 1024 bytes of hex', schema: {type: string, maxLength: 2048}}
        - {name: height, in: query, required: false, description: 'the block to prove against (0 = genesis); latest by default', schema: {$ref: '#/components/schemas/U64'}}
      responses:
        '200':
          description: The proof.
          content:
            application/json:
              schema:
                type: object
                required: [height, state_root, key, key_hash, present, proof]
                additionalProperties: false
                properties:
                  height: {$ref: '#/components/schemas/U64'}
                  state_root: {$ref: '#/components/schemas/Hash'}
                  key: {$ref: '#/components/schemas/Hex'}
                  key_hash: {$ref: '#/components/schemas/Hash'}
                  present: {type: boolean}
                  value: {$ref: '#/components/schemas/Hex'}
                  proof: {$ref: '#/components/schemas/Hex'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /log/checkpoint:
    get:
      operationId: logCheckpoint
      summary: The record log's latest signed checkpoint (C2SP tlog-checkpoint note).
      responses:
        '200':
          description: 'The note: origin, size, base64 root hash, a blank line, signature lines.'
          content:
            text/plain:
              schema: {type: string}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /log/proof/inclusion:
    get:
      operationId: logInclusionProof
      summary: RFC 9162 §2.1.3 inclusion proof of entry `index` in the log of size `size` (latest by default).
      parameters:
        - {name: index, in: query, required: true, schema: {$ref: '#/components/schemas/U64'}}
        - {name: size, in: query, required: false, schema: {$ref: '#/components/schemas/U64'}}
      responses:
        '200':
          description: The audit path, nearest sibling first.
          content:
            application/json:
              schema:
                type: object
                required: [index, size, leaf_hash, root, proof]
                additionalProperties: false
                properties:
                  index: {$ref: '#/components/schemas/U64'}
                  size: {$ref: '#/components/schemas/U64'}
                  leaf_hash: {$ref: '#/components/schemas/Hash'}
                  root: {$ref: '#/components/schemas/Hash'}
                  proof:
                    type: array
                    items: {$ref: '#/components/schemas/Hash'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /log/proof/consistency:
    get:
      operationId: logConsistencyProof
      summary: RFC 9162 §2.1.4 consistency proof between log sizes `from` and `to` (latest by default).
      parameters:
        - {name: from, in: query, required: true, schema: {$ref: '#/components/schemas/U64'}}
        - {name: to, in: query, required: false, schema: {$ref: '#/components/schemas/U64'}}
      responses:
        '200':
          description: The consistency proof.
          content:
            application/json:
              schema:
                type: object
                required: [from, to, from_root, to_root, proof]
                additionalProperties: false
                properties:
                  from: {$ref: '#/components/schemas/U64'}
                  to: {$ref: '#/components/schemas/U64'}
                  from_root: {$ref: '#/components/schemas/Hash'}
                  to_root: {$ref: '#/components/schemas/Hash'}
                  proof:
                    type: array
                    items: {$ref: '#/components/schemas/Hash'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /log/entry/{index}:
    get:
      operationId: logEntry
      summary: One log entry, what it records, and a C2SP tlog-proof for it.
      parameters:
        - {name: index, in: path, required: true, schema: {$ref: '#/components/schemas/U64'}}
      responses:
        '200':
          description: The entry.
          content:
            application/json:
              schema:
                type: object
                required: [index, size, height, position, action_index, tx_hash, action, entry, leaf_hash, tlog_proof]
                additionalProperties: false
                properties:
                  index: {$ref: '#/components/schemas/U64'}
                  size: {$ref: '#/components/schemas/U64'}
                  height: {$ref: '#/components/schemas/U64'}
                  position: {type: integer, minimum: 0, maximum: 4294967295}
                  action_index: {type: integer, minimum: 0, maximum: 65535}
                  tx_hash:
                    description: null for governance executions
                    oneOf:
                      - {$ref: '#/components/schemas/Hash'}
                      - {type: 'null'}
                  action: {type: [string, 'null']}
                  entry: {$ref: '#/components/schemas/Hex'}
                  leaf_hash: {$ref: '#/components/schemas/Hash'}
                  tlog_proof:
                    description: 'c2sp.org/tlog-proof@v1 text against the current checkpoint; null without a validator key'
                    type: [string, 'null']
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /tile/{path}:
    get:
      operationId: logTile
      summary: 'The log as C2SP tlog-tiles, height 8: hash tiles `<L>/<N>[.p/<W>]`, entry bundles `entries/<N>[.p/<W>]`.'
      description: >-
        N is written in the tlog-tiles form (groups of three digits, each but the last prefixed with
        `x`, joined by `/`), so a path may hold several segments; a non-canonical path is 404
        `TILE_PATH_MALFORMED`. Full tiles are immutable (`Cache-Control: public, max-age=31536000,
        immutable`), partial ones `no-cache`.
      parameters:
        - {name: path, in: path, required: true, description: 'the tile path after /tile/ (at most 122 bytes)', schema: {type: string}}
      responses:
        '200':
          description: 'A hash tile (W × 32 bytes) or an entry bundle (each entry as u16 BE length || entry).'
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
  /audit/bundle:
    get:
      operationId: auditBundle
      summary: The offline audit bundle of a contribution and all its ancestors at the latest height (Docs/PROOFS.md, "Audit bundles").
      parameters:
        - {name: id, in: query, required: true, description: 'the record id, 64 hex digits', schema: {type: string, maxLength: 64}}
      responses:
        '200':
          description: The AuditBundle bytes, with an empty PROV-JSON (the wallet adds it).
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
        '400': {$ref: '#/components/responses/BadRequest'}
        '404': {$ref: '#/components/responses/NotFound'}
        '503': {$ref: '#/components/responses/Busy'}
components:
  parameters:
    RecordID:
      {name: id, in: query, required: true, schema: {$ref: '#/components/schemas/HashIn'}}
    After:
      {name: after, in: query, required: false, schema: {$ref: '#/components/schemas/HashIn'}}
    Cursor:
      {name: cursor, in: query, required: false, schema: {$ref: '#/components/schemas/HashIn'}}
    Limit:
      {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 100}}
    Depth:
      {name: depth, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 1000}}
    Mode:
      {name: mode, in: query, required: false, schema: {enum: [async, sync, commit]}}
    Timeout:
      {name: timeout_ms, in: query, required: false, description: "mode=commit: at most the node's [rpc] max_commit_wait_ms (default 30000)", schema: {type: integer, minimum: 1, maximum: 30000}}
  responses:
    BadRequest:
      description: The request is malformed (MISSING_PARAM, BAD_PARAM, BAD_RANGE, BAD_HASH, BAD_ADDRESS, MALFORMED_JSON, BAD_ENCODING, BATCH_TOO_LARGE).
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorBody'}
    NotFound:
      description: NOT_FOUND or PENDING.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorBody'}
    TooLarge:
      description: BODY_TOO_LARGE.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorBody'}
    Busy:
      description: BUSY, max_in_flight requests are already being handled (or, for submissions, max_commit_waiters or max_async_pending is reached).
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorBody'}
    Contribution:
      description: A contribution record in full.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Contribution'}
    ContributionPage:
      description: A page of record summaries.
      content:
        application/json:
          schema:
            type: object
            required: [items]
            properties:
              items:
                type: array
                items: {$ref: '#/components/schemas/ContributionSummary'}
              next_cursor: {$ref: '#/components/schemas/Hash'}
    Lineage:
      description: A bounded lineage graph.
      content:
        application/json:
          schema:
            type: object
            required: [root, direction, depth, nodes, edges, truncated]
            properties:
              root: {$ref: '#/components/schemas/Hash'}
              direction: {enum: [ancestors, descendants]}
              depth: {type: integer, minimum: 0}
              truncated: {type: boolean}
              nodes:
                type: array
                items: {$ref: '#/components/schemas/ContributionSummary'}
              edges:
                type: array
                items:
                  type: object
                  required: [child, parent]
                  properties:
                    child: {$ref: '#/components/schemas/Hash'}
                    parent: {$ref: '#/components/schemas/Hash'}
  schemas:
    U64: {type: integer, minimum: 0, maximum: 18446744073709551615}
    Hash: {type: string, pattern: '^[0-9a-f]{64}$'}
    HashIn: {type: string, description: 64 hex digits, upper or lower case, optional 0x}
    Hex: {type: string, pattern: '^([0-9a-f]{2})*$'}
    Address: {type: string, pattern: '^desci1[02-9ac-hj-np-z]+$'}
    ErrorBody:
      type: object
      required: [error]
      additionalProperties: false
      properties:
        error:
          type: object
          required: [code, message]
          additionalProperties: false
          properties:
            code: {type: string, pattern: '^[A-Z][A-Z0-9_]*$'}
            message: {type: string}
    SubmitResult:
      type: object
      required: [accepted, code, message]
      properties:
        hash: {$ref: '#/components/schemas/Hash'}
        accepted: {type: boolean}
        code: {type: string, description: empty when accepted}
        message: {type: string}
        height: {$ref: '#/components/schemas/U64'}
        receipt: {$ref: '#/components/schemas/Receipt'}
    SimulateResult:
      type: object
      required: [hash, includable, code, message, gas_used]
      properties:
        hash: {$ref: '#/components/schemas/Hash'}
        includable: {type: boolean, description: false when the transaction could not be included at all}
        code: {type: string, description: empty when includable}
        message: {type: string}
        gas_used: {$ref: '#/components/schemas/U64'}
        minimum_fee: {description: the smallest fee the chain accepts for this gas limit, $ref: '#/components/schemas/U64'}
        receipt: {$ref: '#/components/schemas/Receipt'}
    Receipt:
      type: object
      required: [status, code, message, gas_used, fee_paid, events]
      properties:
        status: {enum: [success, failed]}
        code: {type: string}
        message: {type: string}
        gas_used: {$ref: '#/components/schemas/U64'}
        fee_paid: {$ref: '#/components/schemas/U64'}
        events: {type: array}
    Status:
      type: object
      required: [chain_id, version, latest_height, latest_hash, latest_time, latest_time_ms, genesis_hash, mempool_size]
      properties:
        chain_id: {type: string}
        version: {type: string}
        latest_height: {$ref: '#/components/schemas/U64'}
        latest_hash: {$ref: '#/components/schemas/Hash'}
        latest_time: {type: string}
        latest_time_ms: {$ref: '#/components/schemas/U64'}
        genesis_hash: {$ref: '#/components/schemas/Hash'}
        validator_address: {$ref: '#/components/schemas/Address'}
        validator_pub_key: {$ref: '#/components/schemas/Hex'}
        mempool_size: {type: integer, minimum: 0}
    Block:
      type: object
      required: [hash, header, transactions, end_block_events]
      properties:
        hash: {$ref: '#/components/schemas/Hash'}
        header:
          type: object
          required: [chain_id, height, time, time_ms, previous_hash, transactions_root, results_root, state_root, validators_hash, next_validators_hash, last_commit_hash, proposer]
          properties:
            chain_id: {type: string}
            height: {$ref: '#/components/schemas/U64'}
            time: {type: string}
            time_ms: {$ref: '#/components/schemas/U64'}
            previous_hash: {$ref: '#/components/schemas/Hash'}
            transactions_root: {$ref: '#/components/schemas/Hash'}
            results_root: {$ref: '#/components/schemas/Hash'}
            state_root: {$ref: '#/components/schemas/Hash'}
            validators_hash: {$ref: '#/components/schemas/Hash'}
            next_validators_hash: {$ref: '#/components/schemas/Hash'}
            last_commit_hash: {$ref: '#/components/schemas/Hash'}
            proposer: {$ref: '#/components/schemas/Address'}
        transactions:
          type: array
          items: {$ref: '#/components/schemas/Hash'}
        commit: {$ref: '#/components/schemas/Commit'}
        last_commit: {$ref: '#/components/schemas/Commit'}
        end_block_events: {type: array}
    Commit:
      type: object
      required: [height, round, block_hash, signatures]
      properties:
        height: {$ref: '#/components/schemas/U64'}
        round: {type: integer, minimum: 0}
        block_hash: {$ref: '#/components/schemas/Hash'}
        signatures:
          type: array
          items:
            type: object
            required: [validator_index, signature]
            properties:
              validator_index: {type: integer, minimum: 0}
              signature: {$ref: '#/components/schemas/Hex'}
    Validator:
      type: object
      required: [index, pub_key, address, power]
      properties:
        index: {type: integer, minimum: 0}
        pub_key: {$ref: '#/components/schemas/Hex'}
        address: {$ref: '#/components/schemas/Address'}
        power: {$ref: '#/components/schemas/U64'}
    ValidatorSet:
      type: object
      required: [height, hash, total_power, validators]
      properties:
        height: {$ref: '#/components/schemas/U64'}
        hash: {$ref: '#/components/schemas/Hash'}
        total_power: {$ref: '#/components/schemas/U64'}
        validators:
          type: array
          items: {$ref: '#/components/schemas/Validator'}
    Transaction:
      type: object
      required: [hash, height, index, sender, body, signature, raw, receipt]
      properties:
        hash: {$ref: '#/components/schemas/Hash'}
        height: {$ref: '#/components/schemas/U64'}
        index: {type: integer, minimum: 0}
        sender: {$ref: '#/components/schemas/Address'}
        body: {type: object}
        signature: {$ref: '#/components/schemas/Hex'}
        raw: {$ref: '#/components/schemas/Hex'}
        receipt: {$ref: '#/components/schemas/Receipt'}
    ContributionSummary:
      type: object
      required: [id, kind, title, version, status, license, registrant, height, retracted, license_conflict]
      properties:
        id: {$ref: '#/components/schemas/Hash'}
        kind: {type: string}
        title: {type: string}
        version: {type: integer, minimum: 0}
        status: {type: string}
        license: {type: string}
        registrant: {$ref: '#/components/schemas/Address'}
        height: {$ref: '#/components/schemas/U64'}
        retracted: {type: boolean}
        license_conflict: {type: boolean}
        depth: {type: integer, minimum: 0}
    Contribution:
      type: object
      required: [id, kind, title, digest, size, license, registrant, height, version, status, depends_on_retraction, retracted_ancestors, retraction_check_complete]
      properties:
        id: {$ref: '#/components/schemas/Hash'}
        digest: {$ref: '#/components/schemas/Hex'}
        registrant: {$ref: '#/components/schemas/Address'}
        depends_on_retraction: {type: boolean}
        retracted_ancestors:
          type: array
          items: {$ref: '#/components/schemas/Hash'}
        retraction_check_complete: {type: boolean}
    Attestation:
      type: object
      required: [id, subject, attester, kind, verdict, scores, comment, height, independent, revoked]
      properties:
        id: {$ref: '#/components/schemas/Hash'}
        subject: {$ref: '#/components/schemas/Hash'}
        attester: {$ref: '#/components/schemas/Address'}
        kind: {type: string}
        verdict: {type: integer, minimum: 0, maximum: 255}
        scores:
          type: array
          items: {type: integer, minimum: 0, maximum: 255}
        report_digest: {$ref: '#/components/schemas/Hex'}
        output_digest: {$ref: '#/components/schemas/Hex'}
        environment_digest: {$ref: '#/components/schemas/Hex'}
        comment: {type: string}
        independent: {type: boolean}
        revoked: {type: boolean}
    Proposal:
      type: object
      required: [id, proposer, title, status]
      properties:
        id: {$ref: '#/components/schemas/U64'}
        proposer: {$ref: '#/components/schemas/Address'}
        title: {type: string}
        status: {type: string}
    Policy:
      type: object
      required: [name, rule]
      properties:
        name: {type: string}
        rule: {}
"""#
}
