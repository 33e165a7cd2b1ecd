package api_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// TestWitnessPolicyRead: GET /api/v1/witness-policy answers 404 before the first
// set-witness-policy, then the latest policy as of the instant asked about, with the instant
// and the entry of the act that set it; a State cannot set one (403), nor can a policy with a quorum past its witnesses
// be set (400), and neither changes what is read.
func TestWitnessPolicyRead(t *testing.T) {
	s := newServer(t, "", api.Config{})
	ctx := context.Background()
	t0 := time.Date(2026, 1, 19, 9, 0, 0, 0, time.UTC)
	s.establish(t0, "state:KAZ")
	_, err := s.client.WitnessPolicy(ctx, client.Query{})
	problem(t, err, http.StatusNotFound, board.NotFound)

	first := &board.SetWitnessPolicy{Witnesses: []board.PolicyWitness{
		{Name: "witness.example.org", Key: strings.Repeat("0a", 32), URL: "https://witness.example.org/"},
		{Name: "sigsum.org/v1/witness/2", Key: strings.Repeat("0b", 32)},
		{Name: "witness-3", Key: strings.Repeat("0c", 32)},
	}, Quorum: 2}
	second := &board.SetWitnessPolicy{Witnesses: first.Witnesses[2:], Quorum: 1}
	t1, t2 := t0.Add(24*time.Hour), t0.Add(48*time.Hour)
	s.submit(t1, board.Secretariat, first)
	if got, err := s.client.WitnessPolicy(ctx, client.Query{}); err != nil || got.Quorum != 2 || len(got.Witnesses) != 3 {
		t.Fatalf("after the first policy: %+v, %v", got, err)
	}
	s.submit(t2, board.Secretariat, second)
	// An act recorded at the same instant (a record made without a clock may): the policy's
	// entry is still the act that set it.
	s.submit(t2, board.Secretariat, &board.RegisterKey{Actor: "state:QAT", Key: pub64("state:QAT"), Development: true})

	_, err = s.client.Submit(ctx, sign(t, t2.Add(time.Hour), "state:KAZ", second), "")
	problem(t, err, http.StatusForbidden, board.Forbidden)
	_, err = s.client.Submit(ctx, sign(t, t2.Add(time.Hour), board.Secretariat, &board.SetWitnessPolicy{Witnesses: second.Witnesses, Quorum: 2}), "")
	problem(t, err, http.StatusBadRequest, board.Invalid)

	wire := func(p *board.SetWitnessPolicy, at time.Time, entry uint64) apiv1.WitnessPolicy {
		out := apiv1.WitnessPolicy{Quorum: p.Quorum, SetAt: at.Format(time.RFC3339), Entry: entry}
		for _, w := range p.Witnesses {
			out.Witnesses = append(out.Witnesses, apiv1.PolicyWitness{Name: w.Name, Key: w.Key, URL: w.URL})
		}
		return out
	}
	for _, c := range []struct {
		asOf string
		want *apiv1.WitnessPolicy
	}{
		{t1.Add(-time.Second).Format(time.RFC3339), nil},
		{t1.Format(time.RFC3339), new(wire(first, t1, 2))},
		{"2026-01-20", new(wire(first, t1, 2))},
		{t2.Add(-time.Second).Format(time.RFC3339), new(wire(first, t1, 2))},
		{"2026-01-21", new(wire(second, t2, 3))},
		{"", new(wire(second, t2, 3))},
	} {
		got, err := s.client.WitnessPolicy(ctx, client.Query{AsOf: c.asOf})
		if c.want == nil {
			problem(t, err, http.StatusNotFound, board.NotFound)
			continue
		}
		if err != nil || !reflect.DeepEqual(got, *c.want) {
			t.Errorf("as of %q: %+v, %v; want %+v", c.asOf, got, err, *c.want)
		}
	}
	// The URL is left out when the policy gives none, as in the act.
	_, _, body := get(t, s.srv.URL+"/api/v1/witness-policy")
	if strings.Contains(body, `"url"`) || !strings.Contains(body, `"set_at":"2026-01-21T09:00:00Z"`) || !strings.Contains(body, `"entry":3`) {
		t.Errorf("GET /api/v1/witness-policy = %s", body)
	}
}

// TestWitnessPolicyReadLive: on a live writer, whose clock stands still here, acts are recorded
// a nanosecond apart; the policy read names the entry of the latest act, although set_at, to
// the second as every instant the API writes, is the same for both.
func TestWitnessPolicyReadLive(t *testing.T) {
	s := newServer(t, "", api.Config{}, engine.WithClock(testNow, 0))
	ctx := context.Background()
	s.establish(testNow())
	ws := []board.PolicyWitness{{Name: "w1", Key: strings.Repeat("01", 32)}, {Name: "w2", Key: strings.Repeat("02", 32)}}
	s.submit(testNow(), board.Secretariat, &board.SetWitnessPolicy{Witnesses: ws, Quorum: 2})
	s.submit(testNow(), board.Secretariat, &board.SetWitnessPolicy{Witnesses: ws, Quorum: 1})
	got, err := s.client.WitnessPolicy(ctx, client.Query{})
	if err != nil || got.Entry != 2 || got.Quorum != 1 || got.SetAt != testNow().Format(time.RFC3339) {
		t.Errorf("policy %+v, %v; want entry 2, quorum 1, set at %s", got, err, testNow().Format(time.RFC3339))
	}
}
