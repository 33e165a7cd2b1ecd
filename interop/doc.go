// Package interop checks peaceboard with software we did not write, and with software written
// from our specifications alone:
//
//   - Tessera's client reads our C2SP tlog-tiles over HTTP (tessera_test.go);
//   - two signers written from docs/signing.md alone, in JavaScript (signer-node/sign.mjs: Node's
//     WebCrypto, no dependencies) and in Python (signer-python/sign.py: the cryptography
//     package), reproduce the test vectors byte for byte, as Go does, and act on a real server
//     (signer_test.go, signer_live_test.go). They are tested wherever node and python3 are
//     installed, and always in CI;
//   - torchwood (filippo.io/torchwood) verifies the cosignatures of "peaceboard witness serve",
//     the real binary auditing a real "serve --demo", and our verifier verifies torchwood's
//     (witness_test.go).
//   - litewitness (filippo.io/torchwood), a C2SP tlog-witness, cosigns the checkpoints of
//     "serve --witness-policy", its key held in an ssh-agent, and "verify --witness-policy"
//     accepts them (litewitness_test.go; go.mod's tool directives build it and witnessctl). It
//     needs ssh-agent (openssh-client), which CI installs.
//
// It is a module of its own so that Tessera's and torchwood's dependencies stay out of the
// product.
package interop
