// Package client is a Go client of a peaceboard server's JSON API (/api/v1). Its reads and
// writes speak the wire types of package apiv1, the shapes of the CLI's --json output.
package client

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// Client is a client of a peaceboard server's JSON API (/api/v1). The CLI's --server reads and
// "peaceboard act" use it, and so do the API's own end-to-end tests. It is safe for concurrent
// use.
type Client struct {
	// URL is the server's base URL, like "http://localhost:8080".
	URL string
	// HTTP is the client to use; http.DefaultClient when nil.
	HTTP *http.Client
}

// New returns a client of the server at baseURL.
func New(baseURL string) *Client { return &Client{URL: strings.TrimSuffix(baseURL, "/")} }

// Log returns a reader of the server's public log.
func (c *Client) Log() *Log { return &Log{URL: c.URL, HTTP: c.HTTP} }

func (c *Client) http() *http.Client {
	if c.HTTP == nil {
		return http.DefaultClient
	}
	return c.HTTP
}

// Error is an error answer of the API: its HTTP status and its problem document (RFC 9457).
type Error struct {
	StatusCode int
	Problem    apiv1.Problem
}

func (e *Error) Error() string {
	msg := e.Problem.Detail
	if msg == "" {
		msg = e.Problem.Title
	}
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	if e.Problem.Rule != "" {
		msg = e.Problem.Rule + ": " + msg
	}
	return fmt.Sprintf("%s (HTTP %d)", msg, e.StatusCode)
}

// Kind returns the problem's kind, as the domain's error kinds: "refused", "forbidden".
func (e *Error) Kind() board.ErrorKind { return board.ErrorKind(e.Problem.Kind) }

// Query narrows a read: every read takes AsOf; lists take Limit and Cursor (one page) and the
// filters their endpoint documents (members: Status; decisions: Status, Kind; contributions:
// Contributor; disbursements: Status; invitations: Status; entries: Kind, Actor, From).
type Query struct {
	// AsOf is a date ("2026-01-22": the end of that day) or an RFC 3339 time; "" for now.
	AsOf        string
	Status      string
	Kind        string
	Contributor string
	Actor       string
	From        uint64
	Limit       int
	Cursor      string
}

func (q Query) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("as_of", q.AsOf)
	set("status", q.Status)
	set("kind", q.Kind)
	set("contributor", q.Contributor)
	set("actor", q.Actor)
	set("cursor", q.Cursor)
	if q.From > 0 {
		v.Set("from", strconv.FormatUint(q.From, 10))
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v
}

// do sends a request and decodes a JSON answer of status want into out (if not nil).
func (c *Client) do(ctx context.Context, method, path string, q url.Values, header http.Header, body []byte, want int, out any) (*http.Response, error) {
	u := c.URL + apiv1.Prefix + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return resp, err
	}
	if resp.StatusCode != want {
		e := &Error{StatusCode: resp.StatusCode}
		if err := json.Unmarshal(data, &e.Problem); err != nil {
			e.Problem.Detail = strings.TrimSpace(string(data))
		}
		return resp, e
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return resp, fmt.Errorf("%s %s: %w", method, req.URL.Path, err)
		}
	}
	return resp, nil
}

func (c *Client) get(ctx context.Context, path string, q Query, out any) error {
	_, err := c.do(ctx, http.MethodGet, path, q.values(), nil, nil, http.StatusOK, out)
	return err
}

// all reads every page of a list.
func all[T any](ctx context.Context, c *Client, path string, q Query) ([]T, error) {
	out := []T{}
	q.Cursor = ""
	for {
		var p apiv1.Page[T]
		if err := c.get(ctx, path, q, &p); err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.NextCursor == nil {
			return out, nil
		}
		q.Cursor = *p.NextCursor
	}
}

// Status returns the organization's status.
func (c *Client) Status(ctx context.Context, q Query) (apiv1.Status, error) {
	var out apiv1.Status
	return out, c.get(ctx, "/status", q, &out)
}

// Members returns every State ever invited (all pages), filtered by q.Status.
func (c *Client) Members(ctx context.Context, q Query) ([]apiv1.Member, error) {
	return all[apiv1.Member](ctx, c, "/members", q)
}

// MembersPage returns one page of members.
func (c *Client) MembersPage(ctx context.Context, q Query) (apiv1.Page[apiv1.Member], error) {
	var out apiv1.Page[apiv1.Member]
	return out, c.get(ctx, "/members", q, &out)
}

// Member returns one State's membership.
func (c *Client) Member(ctx context.Context, code board.StateCode, q Query) (apiv1.Member, error) {
	var out apiv1.Member
	return out, c.get(ctx, "/members/"+url.PathEscape(string(code)), q, &out)
}

// Invitations returns every State's latest invitation (all pages).
func (c *Client) Invitations(ctx context.Context, q Query) ([]apiv1.Invitation, error) {
	return all[apiv1.Invitation](ctx, c, "/invitations", q)
}

// Decisions returns the proposals and directives (all pages), filtered by q.Status and q.Kind.
func (c *Client) Decisions(ctx context.Context, q Query) ([]apiv1.Decision, error) {
	return all[apiv1.Decision](ctx, c, "/decisions", q)
}

// Decision returns one proposal or directive with its history.
func (c *Client) Decision(ctx context.Context, id board.DecisionID, q Query) (apiv1.DecisionDetail, error) {
	var out apiv1.DecisionDetail
	return out, c.get(ctx, "/decisions/"+url.PathEscape(string(id)), q, &out)
}

// Key returns one registered key as of q.AsOf: its actor, and whether it is valid.
func (c *Client) Key(ctx context.Context, id board.KeyID, q Query) (apiv1.Key, error) {
	var out apiv1.Key
	return out, c.get(ctx, "/keys/"+url.PathEscape(string(id)), q, &out)
}

// Keys returns the registered keys (all pages), of q.Actor only if it is set.
func (c *Client) Keys(ctx context.Context, q Query) ([]apiv1.Key, error) {
	return all[apiv1.Key](ctx, c, "/keys", q)
}

// WitnessPolicy returns the witness policy as of q.AsOf (default now): the witnesses whose
// cosignatures a checkpoint needs, and how many; a 404 Error before the first set-witness-policy.
func (c *Client) WitnessPolicy(ctx context.Context, q Query) (apiv1.WitnessPolicy, error) {
	var out apiv1.WitnessPolicy
	return out, c.get(ctx, "/witness-policy", q, &out)
}

// PossibleActs returns what actor may do as of q.AsOf (default now), as the rules say.
func (c *Client) PossibleActs(ctx context.Context, actor board.ActorID, q Query) (apiv1.PossibleActs, error) {
	var out apiv1.PossibleActs
	return out, c.get(ctx, "/actors/"+url.PathEscape(string(actor))+"/acts", q, &out)
}

// Compliance returns the standing obligations.
func (c *Client) Compliance(ctx context.Context, q Query) ([]apiv1.Obligation, error) {
	return all[apiv1.Obligation](ctx, c, "/compliance", q)
}

// Treasury returns the treasury.
func (c *Client) Treasury(ctx context.Context, q Query) (apiv1.Treasury, error) {
	var out apiv1.Treasury
	return out, c.get(ctx, "/treasury", q, &out)
}

// Funds returns the funds.
func (c *Client) Funds(ctx context.Context, q Query) ([]apiv1.Fund, error) {
	return all[apiv1.Fund](ctx, c, "/funds", q)
}

// Contributions returns the contribution entries, filtered by q.Contributor.
func (c *Client) Contributions(ctx context.Context, q Query) ([]apiv1.LedgerEntry, error) {
	return all[apiv1.LedgerEntry](ctx, c, "/contributions", q)
}

// Statement returns one contributor's statement ("state:QAT", "org:fifa").
func (c *Client) Statement(ctx context.Context, contributor board.ActorID, q Query) (apiv1.ContributorStatement, error) {
	var out apiv1.ContributorStatement
	return out, c.get(ctx, "/contributors/"+url.PathEscape(string(contributor)), q, &out)
}

// Disbursements returns the disbursements, filtered by q.Status.
func (c *Client) Disbursements(ctx context.Context, q Query) ([]apiv1.Disbursement, error) {
	return all[apiv1.Disbursement](ctx, c, "/disbursements", q)
}

// EntriesPage returns one page of the record's entries, from q.From (or q.Cursor), filtered by
// q.Kind and q.Actor.
func (c *Client) EntriesPage(ctx context.Context, q Query) (apiv1.Page[apiv1.Entry], error) {
	var out apiv1.Page[apiv1.Entry]
	return out, c.get(ctx, "/entries", q, &out)
}

// Entry returns one entry of the record, with its receipt.
func (c *Client) Entry(ctx context.Context, i uint64) (apiv1.Entry, error) {
	var out apiv1.Entry
	return out, c.get(ctx, "/entries/"+strconv.FormatUint(i, 10), Query{}, &out)
}

// Receipt returns an entry's receipt against the latest checkpoint.
func (c *Client) Receipt(ctx context.Context, i uint64) (record.Receipt, error) {
	var out record.Receipt
	return out, c.get(ctx, "/entries/"+strconv.FormatUint(i, 10)+"/receipt", Query{}, &out)
}

// OpenAPI returns the server's OpenAPI document.
func (c *Client) OpenAPI(ctx context.Context) ([]byte, error) {
	var out json.RawMessage
	err := c.get(ctx, "/openapi.json", Query{}, &out)
	return out, err
}

// Sign signs an act with its actor's private key, for Submit.
func Sign(a board.Act, key ed25519.PrivateKey) (apiv1.SignedAct, error) {
	canonical, err := a.Canonical()
	if err != nil {
		return apiv1.SignedAct{}, err
	}
	return apiv1.SignedAct{
		Canonical: canonical,
		KeyID:     string(board.KeyIDOf(key.Public().(ed25519.PublicKey))),
		Signature: record.SignAct(key, canonical),
	}, nil
}

// NewIdempotencyKey returns a random Idempotency-Key.
func NewIdempotencyKey() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Submit submits a signed act and returns its receipt. With an idempotency key (see
// NewIdempotencyKey), a retry of the same act gets the first answer again; Submit itself
// retries a request that failed in transit up to twice with the same key. It checks that the
// receipt's leaf is the act it sent, signed as it was; check the receipt's proof against the
// log's key with record.Receipt.Check.
func (c *Client) Submit(ctx context.Context, sa apiv1.SignedAct, idempotencyKey string) (record.Receipt, error) {
	body, err := json.Marshal(sa)
	if err != nil {
		return record.Receipt{}, err
	}
	h := http.Header{}
	if idempotencyKey != "" {
		h.Set("Idempotency-Key", idempotencyKey)
	}
	var out record.Receipt
	for try := 0; ; try++ {
		_, err = c.do(ctx, http.MethodPost, "/acts", nil, h, body, http.StatusCreated, &out)
		if _, isAPI := errors.AsType[*Error](err); err == nil || isAPI || idempotencyKey == "" || try == 2 || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(try+1) * 200 * time.Millisecond)
	}
	if err != nil {
		return record.Receipt{}, err
	}
	leaf, err := record.ParseLeaf(out.Leaf)
	if err != nil {
		return record.Receipt{}, fmt.Errorf("the server's receipt: %w", err)
	}
	if sa.Canonical != nil && (!bytes.Equal(leaf.Act, sa.Canonical) || !bytes.Equal(leaf.Signature, sa.Signature) || leaf.KeyID != sa.KeyID) {
		return record.Receipt{}, errors.New("the server's receipt is not for the act submitted")
	}
	return out, nil
}
