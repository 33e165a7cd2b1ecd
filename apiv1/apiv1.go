// Package apiv1 holds the wire types of peaceboard's JSON API, version 1 (served under Prefix),
// which are also the shapes of the CLI's --json output (SPEC §6.1): one shape for one thing,
// whether it comes from "peaceboard members --json" or GET /api/v1/members. The server makes
// these values from its domain; a client decodes them. The package is the shape only: it
// imports no server code, and its identifiers and statuses are plain strings whose values the
// OpenAPI document (GET /api/v1/openapi.json) and docs/api.md list.
//
// The contract: fields are added, never renamed or removed. Dates are "YYYY-MM-DD", instants
// RFC 3339 in UTC, amounts decimal strings, never JSON numbers: "balance": {"USD": "1000.00"}
// for a per-currency map, "amount": "USD 1000.00" for one amount in its currency. A field that
// may be unknown is null, never absent.
//
// The files follow the API's concepts: membership.go (the organization and its members),
// decisions.go (proposals, votes, obligations), treasury.go (contributions, funds,
// disbursements), record.go (entries and proofs), acts.go (signed writes), problem.go (errors)
// and page.go (lists).
package apiv1

// Prefix is the path under which a server answers version 1 of the API.
const Prefix = "/api/v1"
