// Package peaceboard is the root of the peaceboard module: the operating software of a
// charter-governed international organization. It holds no code; its tests keep the module's
// layout true to docs/architecture.md (which packages may import which, and how large a file may
// grow), and docs/signing-vectors.json true to what the code signs.
//
// The packages, from the domain outwards:
//
//   - charter, money: the rules file and exact amounts;
//   - board: the domain (acts, events, deciding and applying, views as of any instant); pure;
//   - record: the Merkle log's material (entries, signatures, checkpoints, tiles); no domain;
//   - apiv1: the JSON API's wire types, the public contract that clients and scripts rely on;
//   - scenario: the scenario file format (a dated list of acts);
//   - internal/engine and its stores (internal/sqlite, internal/postgres), internal/api,
//     internal/web: the server;
//   - client: the Go client of the API;
//   - cmd/peaceboard: the one binary, where everything is wired.
package peaceboard
