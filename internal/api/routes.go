package api

import (
	"net/http"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/record"
)

// A route is one endpoint of the API: its pattern, its handler, and what the OpenAPI document
// says of it. The table below is the one list of endpoints: the mux and the document are both
// made from it, so they cannot disagree. The document describes the versioned API under Prefix;
// the operators' endpoints at the root (ops) are served from the same table and left out of it.
type route struct {
	method, path string
	id           string // operationId
	tag          string
	summary      string
	description  string
	params       []param
	body         any // the request body's wire type (POST)
	status       int // the status of a successful answer
	resp         any // the successful answer's wire type; nil for a text answer
	contentType  string
	contentTypes []string // the media types of an answer that has several (a file in one of several formats)
	errors       []int    // error statuses beyond 400 and 429, which every endpoint may answer
	stream       bool     // a long-lived answer: no request timeout
	cached       bool     // an answer worth keeping in the API's cache: a read of the state, an export file (cache.go)
	handle       func(a *API, w http.ResponseWriter, r *http.Request) error
	// ops marks an endpoint for operators and their probes (health, metrics), served at the
	// root, outside the versioned API: it is not rate-limited (a load balancer's health checks
	// must not be turned away) and not in the OpenAPI document, whose contract is /api/v1's.
	ops bool
}

// A param is one parameter of an endpoint.
type param struct {
	name, in    string // in: "query", "path" or "header"
	typ         string // "string" or "integer"
	description string
	required    bool
}

var (
	pAsOf   = param{name: "as_of", in: "query", typ: "string", description: "The instant to answer for: a date (2026-01-22, meaning the end of that day, as the CLI's --as-of) or an RFC 3339 time. Default: now (the end of the current second)."}
	pLimit  = param{name: "limit", in: "query", typ: "integer", description: "Items per page, 1 to 1000 (default 100)."}
	pCursor = param{name: "cursor", in: "query", typ: "string", description: "The next_cursor of the page before; absent for the first page."}
)

func paged(ps ...param) []param { return append([]param{pAsOf, pLimit, pCursor}, ps...) }

// routes returns the API's endpoints.
func routes() []route {
	return []route{
		{method: "GET", path: Prefix + "/status", id: "getStatus", tag: "organization", summary: "The organization as of an instant",
			description: "The same object as `peaceboard status --json`.",
			params:      []param{pAsOf}, resp: apiv1.Status{}, cached: true, handle: (*API).status},
		{method: "GET", path: Prefix + "/members", id: "listMembers", tag: "organization", summary: "Every State ever invited, with its membership",
			description: "Items are the objects of `peaceboard members --json`, sorted by State code.",
			params:      paged(param{name: "status", in: "query", typ: "string", description: "Only States with this status: invited, declined, invitation-withdrawn, signatory, member, removal-pending or former."}),
			resp:        apiv1.Page[apiv1.Member]{}, cached: true, handle: (*API).members},
		{method: "GET", path: Prefix + "/members/{state}", id: "getMember", tag: "organization", summary: "One State's membership",
			params: []param{pAsOf, {name: "state", in: "path", typ: "string", required: true, description: "ISO 3166-1 alpha-3 code, like KAZ."}},
			resp:   apiv1.Member{}, errors: []int{404}, cached: true, handle: (*API).member},
		{method: "GET", path: Prefix + "/invitations", id: "listInvitations", tag: "organization", summary: "Every State's latest invitation and where it stands",
			params: paged(param{name: "status", in: "query", typ: "string", description: "Only invitations that are open, declined, withdrawn or accepted."}),
			resp:   apiv1.Page[apiv1.Invitation]{}, cached: true, handle: (*API).invitations},
		{method: "GET", path: Prefix + "/decisions", id: "listDecisions", tag: "decisions", summary: "Proposals and directives with their votes",
			description: "Items are the objects of `peaceboard decisions --json`, in the order they were made.",
			params: paged(
				param{name: "status", in: "query", typ: "string", description: "Only decisions with this status: draft, on-agenda, voting, majority, tie, rejected, adopted, not-approved or directive."},
				param{name: "kind", in: "query", typ: "string", description: "Only decisions of this kind: budget, subsidiary, appointment, agreement, initiative, other or directive."}),
			resp: apiv1.Page[apiv1.Decision]{}, cached: true, handle: (*API).decisions},
		{method: "GET", path: Prefix + "/decisions/{id}", id: "getDecision", tag: "decisions", summary: "One proposal or directive with its whole history",
			params: []param{pAsOf, {name: "id", in: "path", typ: "string", required: true, description: "The decision's id."}},
			resp:   apiv1.DecisionDetail{}, errors: []int{404}, cached: true, handle: (*API).decision},
		{method: "GET", path: Prefix + "/compliance", id: "listObligations", tag: "decisions", summary: "Standing obligations: met, due or overdue",
			params: paged(), resp: apiv1.Page[apiv1.Obligation]{}, cached: true, handle: (*API).compliance},
		{method: "GET", path: Prefix + "/treasury", id: "getTreasury", tag: "treasury", summary: "Funds, accounts, contributors, programmes and disbursements",
			description: "The same object as `peaceboard treasury --json`.",
			params:      []param{pAsOf}, resp: apiv1.Treasury{}, cached: true, handle: (*API).treasury},
		{method: "GET", path: Prefix + "/funds", id: "listFunds", tag: "treasury", summary: "Funds with their cash and unpaid pledges",
			params: paged(), resp: apiv1.Page[apiv1.Fund]{}, cached: true, handle: (*API).funds},
		{method: "GET", path: Prefix + "/contributions", id: "listContributions", tag: "treasury", summary: "Pledges, receipts and their reversals",
			params: paged(param{name: "contributor", in: "query", typ: "string", description: "Only this contributor's, in actor form: state:QAT, org:fifa."}),
			resp:   apiv1.Page[apiv1.LedgerEntry]{}, cached: true, handle: (*API).contributions},
		{method: "GET", path: Prefix + "/contributors/{contributor}", id: "getStatement", tag: "treasury", summary: "A contributor's statement",
			params: []param{pAsOf, {name: "contributor", in: "path", typ: "string", required: true, description: "In actor form: state:QAT, org:fifa."}},
			resp:   apiv1.ContributorStatement{}, errors: []int{404}, cached: true, handle: (*API).statement},
		{method: "GET", path: Prefix + "/disbursements", id: "listDisbursements", tag: "treasury", summary: "Disbursements with their approvals",
			params: paged(param{name: "status", in: "query", typ: "string", description: "Only disbursements that are pending, paid, cancelled or payment-reversed."}),
			resp:   apiv1.Page[apiv1.Disbursement]{}, cached: true, handle: (*API).disbursements},
		{method: "GET", path: Prefix + "/exports", id: "listExports", tag: "open data", summary: "The open-data sets, their formats and files",
			description: "Each set links its files (GET /api/v1/exports/{file}) and its page of the portal's data dictionary (every field, its meaning and unit).",
			params:      []param{{name: "lang", in: "query", typ: "string", description: "The language of the titles: en (default) or fr."}},
			resp:        apiv1.Exports{}, handle: (*API).exportList},
		{method: "GET", path: Prefix + "/exports/{file}", id: "getExport", tag: "open data", summary: "One open-data file, as `peaceboard export` writes it",
			description: "The bytes are those of `peaceboard export NAME --format FORMAT --as-of` for the same instant, with the provenance every export states: " +
				"the log's origin, the number of entries recorded no later than the as-of instant and the Merkle root of their tree, and that instant " +
				"(docs/open-data.md). Without as_of the file is as of the latest entry, so that `peaceboard verify --export FILE` can rebuild it at any later time. " +
				"Content-Disposition names the file peaceboard-NAME-ASOF.FORMAT.",
			params: []param{
				{name: "file", in: "path", typ: "string", required: true, description: "NAME.FORMAT: the set's name and one of its formats (csv, json or xml), like contributions.csv; GET /api/v1/exports lists them."},
				{name: "as_of", in: "query", typ: "string", description: "The instant the file is as of: a date (2026-01-22, meaning the end of that day) or an RFC 3339 time. Default: the instant of the latest entry."},
				{name: "lang", in: "query", typ: "string", description: "Accepted and ignored: the files are the same in every language."}},
			resp: "", contentTypes: []string{"text/csv; charset=utf-8; header=present", "application/json", "application/xml"}, errors: []int{404},
			stream: true, // a file of the whole record may take longer than a request's timeout
			cached: true, handle: (*API).exportFile},
		{method: "GET", path: Prefix + "/keys", id: "listKeys", tag: "acts", summary: "Registered keys, of one actor with ?actor=",
			description: "Items are sorted by actor, then key id; a key is valid when registered and not revoked as of as_of.",
			params:      paged(param{name: "actor", in: "query", typ: "string", description: "Only this actor's keys: chairman, state:KAZ, executive:rubio."}),
			resp:        apiv1.Page[apiv1.Key]{}, cached: true, handle: (*API).keys},
		{method: "GET", path: Prefix + "/keys/{key_id}", id: "getKey", tag: "acts", summary: "One registered key: its actor, and whether it is valid",
			params: []param{pAsOf, {name: "key_id", in: "path", typ: "string", required: true, description: "16 lowercase hexadecimal digits: the first 8 bytes of SHA-256 of the public key."}},
			resp:   apiv1.Key{}, errors: []int{404}, cached: true, handle: (*API).key},
		{method: "GET", path: Prefix + "/actors/{actor}/acts", id: "listPossibleActs", tag: "acts", summary: "What an actor may do now, as the rules say",
			description: "The acts the actor may make as of as_of (default now): first each targeted act (a vote on an open proposal, a consent to " +
				"an invitation), once per target, that the rules would accept now, decided with placeholder inputs; then each other act the " +
				"actor's kind may make, decided when submitted. Nothing is recorded.",
			params: []param{pAsOf, {name: "actor", in: "path", typ: "string", required: true, description: "In actor form, URL-escaped or not: state:KAZ, chairman, executive:rubio."}},
			resp:   apiv1.PossibleActs{}, cached: true, handle: (*API).possibleActs},
		{method: "GET", path: Prefix + "/witness-policy", id: "getWitnessPolicy", tag: "record", summary: "The witness policy: the witnesses that cosign the log's checkpoints, and how many must",
			description: "The policy the latest `set-witness-policy` act up to as_of set, with the instant it was recorded (set_at) and its entry: the witnesses " +
				"(C2SP tlog-witness) by their key names and Ed25519 public keys (hex), and the quorum of them whose cosignatures " +
				"(C2SP tlog-cosignature) a checkpoint needs. 404 before the first such act.",
			params: []param{pAsOf}, resp: apiv1.WitnessPolicy{}, errors: []int{404}, cached: true, handle: (*API).witnessPolicy},
		{method: "GET", path: Prefix + "/search", id: "search", tag: "record", summary: "Acts and names that match words",
			description: "Items are the States, people, funds and programmes known as of as_of whose names match, then the acts recorded " +
				"no later than as_of whose text matches (their titles, comments, reasons, purposes, payees, names, and the States they name), " +
				"the latest first. Each word of q, its accents and case ignored (\"etats\" finds \"États\"), begins a word of what is found, " +
				"and every word does. A q without letters or digits is 400.",
			params: []param{pAsOf, pLimit, pCursor,
				{name: "q", in: "query", typ: "string", required: true, description: "The words to search for, at most 8."},
				{name: "lang", in: "query", typ: "string", description: "The language of States' names in titles: en (default) or fr."}},
			resp: apiv1.Page[apiv1.SearchItem]{}, handle: (*API).search},
		{method: "GET", path: Prefix + "/entries", id: "listEntries", tag: "record", summary: "Entries of the public record, in order",
			params: []param{pLimit, pCursor,
				{name: "from", in: "query", typ: "integer", description: "The index of the first entry (default 0); ignored with a cursor."},
				{name: "kind", in: "query", typ: "string", description: "Only acts of this kind, like invite."},
				{name: "actor", in: "query", typ: "string", description: "Only acts by this actor, like state:KAZ."}},
			resp: apiv1.Page[apiv1.Entry]{}, handle: (*API).entries},
		{method: "GET", path: Prefix + "/entries/{index}", id: "getEntry", tag: "record", summary: "One entry with its receipt",
			description: "The receipt proves the entry is in the checkpoint the log publishes at /log/checkpoint (with its witnesses' cosignatures, when the server has a witness policy), or in the latest when that one does not cover the entry yet.",
			params:      []param{{name: "index", in: "path", typ: "integer", required: true, description: "The entry's index, from 0."}},
			resp:        apiv1.Entry{}, errors: []int{404}, handle: (*API).entry},
		{method: "GET", path: Prefix + "/entries/{index}/receipt", id: "getReceipt", tag: "record", summary: "An entry's receipt: its inclusion proof in the latest checkpoint",
			description: "The same object as `peaceboard receipt INDEX`; check it offline with `peaceboard receipt check` (and its witnesses' cosignatures with `--witness-policy`). Its checkpoint is the one the log publishes at /log/checkpoint, with its witnesses' cosignatures, or the latest when that one does not cover the entry yet.",
			params:      []param{{name: "index", in: "path", typ: "integer", required: true, description: "The entry's index, from 0."}},
			resp:        record.Receipt{}, errors: []int{404}, handle: (*API).receipt},
		{method: "GET", path: Prefix + "/proofs/inclusion", id: "getInclusionProof", tag: "record", summary: "An inclusion proof, from the tree alone",
			description: "Proves that entry index is in the tree of the first tree_size entries (default: the latest checkpoint's, which is then included). " +
				"For a client that holds the entry (its receipt) and wants it proven in a newer checkpoint.",
			params: []param{
				{name: "index", in: "query", typ: "integer", required: true, description: "The entry's index, below tree_size."},
				{name: "tree_size", in: "query", typ: "integer", description: "The size of the tree, 1 or more (default: the latest checkpoint's). A tree the log does not hold yet is 404."}},
			resp: apiv1.InclusionProof{}, errors: []int{404}, handle: (*API).inclusionProof},
		{method: "GET", path: Prefix + "/proofs/consistency", id: "getConsistencyProof", tag: "record", summary: "A consistency proof between two trees of the log",
			params: []param{
				{name: "from", in: "query", typ: "integer", required: true, description: "The size of the older tree, 1 or more (RFC 9162 defines no proof from the empty tree)."},
				{name: "to", in: "query", typ: "integer", description: "The size of the newer tree, from or more (default: the latest checkpoint's). A tree the log does not hold yet is 404."}},
			resp: apiv1.ConsistencyProof{}, errors: []int{404}, handle: (*API).consistencyProof},
		{method: "POST", path: Prefix + "/acts", id: "submitAct", tag: "acts", summary: "Submit a signed act",
			description: "The act is signed client-side by its actor's registered Ed25519 key: the signature is over " +
				"\"peaceboard act v2\\n\" followed by the act's canonical bytes, the act object {act, at, by, fields} in RFC 8785 form " +
				"(act format v2, docs/signing.md, with test vectors). Bytes not in that form, and acts in the retired act format v1, " +
				"are refused with 400. An accepted act is answered 201 with its receipt. " +
				"Refusals are problem documents naming the charter rule. A request with an Idempotency-Key that was " +
				"answered before gets the same answer again (header Idempotent-Replayed: true).",
			params: []param{{name: "Idempotency-Key", in: "header", typ: "string", description: "A key the client chose for this act (at most 255 characters); retries with the same key and body get the first answer."}},
			body:   apiv1.SignedAct{}, status: 201, resp: record.Receipt{}, errors: []int{401, 403, 404, 409, 413, 422, 503},
			handle: (*API).submit},
		{method: "GET", path: Prefix + "/events", id: "streamEvents", tag: "record", summary: "Accepted acts as Server-Sent Events",
			description: "Each accepted act is an event `act` whose id is its entry index and whose data is the Entry object (without receipt). " +
				"The stream starts after the Last-Event-ID header's index, or at ?from=, or else with the next act accepted. " +
				"A comment line is sent when the stream is idle, to keep it open.",
			params: []param{
				{name: "from", in: "query", typ: "integer", description: "The index of the first entry to send."},
				{name: "Last-Event-ID", in: "header", typ: "string", description: "The id of the last event received: the stream resumes after it."}},
			resp: "", contentType: "text/event-stream", stream: true, handle: (*API).events},
		{method: "GET", path: Prefix + "/openapi.json", id: "getOpenAPI", tag: "meta", summary: "This document",
			resp: map[string]any{}, handle: (*API).openapi},
		{method: "GET", path: Prefix + "/problems/{kind}", id: "getProblemType", tag: "meta", summary: "What a problem type means",
			params: []param{{name: "kind", in: "path", typ: "string", required: true, description: "The problem's kind, like refused."}},
			resp:   "", contentType: "text/plain", errors: []int{404}, handle: (*API).problemType},

		{method: "GET", path: "/healthz", id: "getHealth", summary: "Whether this server answers, its role and the record's size",
			description: "`ok N entries`, with the header Peaceboard-Role: writer or follower (health.go).",
			resp:        "", contentType: "text/plain", ops: true, handle: (*API).health},
		{method: "GET", path: "/metrics", id: "getMetrics", summary: "Requests, acts and the log's size in the Prometheus text format",
			resp: "", contentType: "text/plain", ops: true, handle: (*API).metrics},
	}
}
