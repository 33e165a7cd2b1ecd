package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
)

func TestKeys(t *testing.T) {
	s := newServer(t, "", api.Config{})
	ctx := context.Background()
	t0 := time.Date(2026, 1, 19, 9, 0, 0, 0, time.UTC)
	s.establish(t0, board.Chairman, "state:KAZ")
	kaz := keyIDOf(key("state:KAZ"))

	got, err := s.client.Key(ctx, kaz, client.Query{})
	if err != nil {
		t.Fatal(err)
	}
	want := apiv1.Key{KeyID: string(kaz), Actor: "state:KAZ", Key: pub64("state:KAZ"), RegisteredAt: "2026-01-19T09:00:00Z",
		Development: true, Valid: true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Key(%s) = %+v, want %+v", kaz, got, want)
	}

	// Rotation: the new key is valid, the old one revoked from that instant.
	t1 := t0.Add(time.Hour)
	newKey := ringOther.Key("state:KAZ")
	s.submit(t1, "state:KAZ", &board.RegisterKey{Actor: "state:KAZ", Key: pub64Of(newKey), Replaces: kaz})
	old, err := s.client.Key(ctx, kaz, client.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if old.Valid || old.RevokedAt == nil || *old.RevokedAt != "2026-01-19T10:00:00Z" {
		t.Errorf("the rotated key = %+v; want revoked at 2026-01-19T10:00:00Z, not valid", old)
	}
	before, err := s.client.Key(ctx, kaz, client.Query{AsOf: "2026-01-19T09:30:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	if !before.Valid || before.RevokedAt != nil {
		t.Errorf("the key as of before its revocation = %+v; want valid, revoked_at null", before)
	}
	if k, err := s.client.Key(ctx, keyIDOf(newKey), client.Query{}); err != nil || !k.Valid || k.Development {
		t.Errorf("the new key = %+v, %v; want valid, not a development key", k, err)
	}

	list, err := s.client.Keys(ctx, client.Query{Actor: "state:KAZ"})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, k := range list {
		if k.Actor != "state:KAZ" {
			t.Errorf("Keys(actor=state:KAZ) has a key of %s", k.Actor)
		}
		ids = append(ids, k.KeyID)
	}
	if want := []string{string(kaz), string(keyIDOf(newKey))}; !slices.Equal(slices.Sorted(slices.Values(ids)), slices.Sorted(slices.Values(want))) {
		t.Errorf("Keys(actor=state:KAZ) = %v, want %v", ids, want)
	}
	if all, err := s.client.Keys(ctx, client.Query{}); err != nil || len(all) != 4 {
		t.Errorf("Keys() = %d keys, %v; want 4 (secretariat, chairman, KAZ's two)", len(all), err)
	}

	t.Run("errors", func(t *testing.T) {
		_, err := s.client.Key(ctx, "0123456789abcdef", client.Query{})
		problem(t, err, http.StatusNotFound, board.NotFound)
		_, err = s.client.Key(ctx, kaz, client.Query{AsOf: "2026-01-18"})
		problem(t, err, http.StatusNotFound, board.NotFound)
		for _, bad := range []board.KeyID{"0123456789ABCDEF", "0123", "0123456789abcdefab", "not-a-key-id-xyz"} {
			_, err = s.client.Key(ctx, bad, client.Query{})
			problem(t, err, http.StatusBadRequest, board.Invalid)
		}
		_, err = s.client.Keys(ctx, client.Query{Actor: "state:ZZZ"})
		problem(t, err, http.StatusBadRequest, board.Invalid)
	})
}

// actFrom makes the act a workspace makes from a possible act: its fixed fields as they are,
// and the inputs the user gave, decoded as the API decodes fields.
func actFrom(t *testing.T, p apiv1.PossibleAct, inputs map[string]any) board.Body {
	t.Helper()
	fields := map[string]any{}
	for k, v := range p.Fields {
		fields[k] = v
	}
	for k, v := range inputs {
		if !slices.Contains(p.Inputs, k) {
			t.Fatalf("%s: %q is not an input (inputs %v)", p.Act, k, p.Inputs)
		}
		fields[k] = v
	}
	b, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	body, ok := board.NewBody(board.Kind(p.Act))
	if !ok {
		t.Fatalf("unknown act %q", p.Act)
	}
	if err := json.Unmarshal(b, body); err != nil {
		t.Fatalf("%s %s: %v", p.Act, b, err)
	}
	return body
}

// offered returns the targeted act of kind k on target id ("" for none) in the possible acts.
func offered(list apiv1.PossibleActs, k, id string) (apiv1.PossibleAct, bool) {
	for _, p := range list.Items {
		if p.Targeted && p.Act == k && (p.About == nil && id == "" || p.About != nil && p.About.ID == id) {
			return p, true
		}
	}
	return apiv1.PossibleAct{}, false
}

// TestPossibleActsAreAccepted walks a delegation's life through the workspace's questions: each
// act is made from what the API offered, signed and submitted, and accepted; once made, it is
// offered no more. On the way, a vote with an explanation of vote is shown in the decision.
func TestPossibleActsAreAccepted(t *testing.T) {
	s := newServer(t, "", api.Config{})
	ctx := context.Background()
	at := time.Date(2026, 1, 19, 9, 0, 0, 0, time.UTC)
	rubio := board.ActorID("executive:rubio")
	s.establish(at, board.Chairman, "state:KAZ", "state:USA", "state:ARG", rubio)
	ask := func(actor board.ActorID, at time.Time) apiv1.PossibleActs {
		t.Helper()
		list, err := s.client.PossibleActs(ctx, actor, client.Query{AsOf: at.Format(time.RFC3339)})
		if err != nil {
			t.Fatalf("PossibleActs(%s): %v", actor, err)
		}
		return list
	}
	// do makes the act offered to actor on target id, with inputs, and checks that it is then
	// offered no more.
	do := func(actor board.ActorID, at time.Time, k, id string, inputs map[string]any) {
		t.Helper()
		p, ok := offered(ask(actor, at), k, id)
		if !ok {
			t.Fatalf("%s at %s: %s on %q not offered; offered %+v", actor, at.Format(time.RFC3339), k, id, ask(actor, at).Items)
		}
		s.submit(at, actor, actFrom(t, p, inputs))
		// A comment may be followed by others, and an agenda set again until approved (R10).
		if _, again := offered(ask(actor, at), k, id); again && k != "comment" && k != "set-agenda" {
			t.Errorf("%s: %s on %q is still offered once made", actor, k, id)
		}
	}

	for _, c := range []board.StateCode{"KAZ", "USA", "ARG"} {
		s.submit(at, board.Chairman, &board.Invite{State: c})
	}
	// R2: an invited State consents, with an instrument from the options the API gives.
	p, ok := offered(ask("state:KAZ", at), "consent", "KAZ")
	if !ok || p.Options["instrument"][0] != "signature" || p.About.Title != "Kazakhstan" || p.Rule == nil || *p.Rule != "R2" {
		t.Fatalf("KAZ's consent = %+v, %v; want offered, about Kazakhstan, under R2", p, ok)
	}
	for _, c := range []board.ActorID{"state:KAZ", "state:USA", "state:ARG"} {
		do(c, at, "consent", string(c[len("state:"):]), map[string]any{"instrument": "signature", "place": "Davos"})
	}
	s.submit(at, board.Chairman, &board.AppointExecutive{ID: "rubio", Person: "Marco Rubio"})
	s.submit(at, board.Chairman, &board.Convene{ID: "washington", Type: board.MeetingVoting, Date: time.Date(2026, 2, 19, 0, 0, 0, 0, time.UTC), Place: "Washington"})
	s.submit(at, rubio, &board.Propose{ID: "p1", Type: board.KindBudget, Title: "Budget 2026"})
	// R10: the comment period.
	do("state:USA", at, "comment", "p1", map[string]any{"text": "We support it."})
	agendaAt := time.Date(2026, 1, 26, 9, 0, 0, 0, time.UTC)
	set, ok := offered(ask(rubio, agendaAt), "set-agenda", "washington")
	if !ok || !slices.Equal(set.Options["proposals"], []string{"p1"}) {
		t.Fatalf("set-agenda = %+v, %v; want offered with p1 as the proposal it may hold", set, ok)
	}
	do(rubio, agendaAt, "set-agenda", "washington", map[string]any{"proposals": set.Options["proposals"]})
	do(board.Chairman, agendaAt, "approve-agenda", "washington", nil)
	openAt := time.Date(2026, 2, 19, 15, 0, 0, 0, time.UTC)
	do(board.Secretariat, openAt, "open-vote", "p1", nil)
	// R11: one vote each, with an explanation of vote.
	why := "Le Kazakhstan vote pour : « la paix a un coût » <et> il faut le payer."
	do("state:KAZ", openAt, "vote", "p1", map[string]any{"choice": "yes", "explanation": why})
	do("state:USA", openAt, "vote", "p1", map[string]any{"choice": "no"})

	d, err := s.client.Decision(ctx, "p1", client.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Votes["KAZ"] != "yes" || d.Votes["USA"] != "no" || d.Explanations["KAZ"] != why || len(d.Explanations) != 1 {
		t.Errorf("decision votes %v, explanations %v; want KAZ yes with its explanation, USA no without", d.Votes, d.Explanations)
	}
	for _, b := range d.Ballots {
		if got := b.Explanation; b.State == "KAZ" && (got == nil || *got != why) || b.State == "USA" && got != nil {
			t.Errorf("ballot of %s: explanation %v", b.State, got)
		}
	}
	list, err := s.client.Decisions(ctx, client.Query{})
	if err != nil || len(list) != 1 || list[0].Explanations["KAZ"] != why {
		t.Errorf("decisions = %+v, %v; want p1 with KAZ's explanation", list, err)
	}
}

// TestPossibleActsMatchTheDomain: on the demo, the API's answer is board.PossibleActs's, for
// every kind of actor and instants along the timeline, the actor URL-escaped or not.
func TestPossibleActsMatchTheDomain(t *testing.T) {
	s := demoServer(t)
	ctx := context.Background()
	actors := []board.ActorID{"state:KAZ", "state:CAN", "state:FRA", "chairman", "secretariat", "executive:rubio", "chief-executive", "org:fifa"}
	for _, asOf := range []string{"2026-01-20", "2026-02-05T12:00:00Z", "2026-02-19T15:00:30Z", "2026-03-01", ""} {
		at := testNow().UTC().Truncate(time.Second).Add(time.Second - time.Nanosecond)
		if asOf != "" {
			if d, err := time.Parse(time.DateOnly, asOf); err == nil {
				at = board.EndOfDay(d)
			} else {
				at, _ = time.Parse(time.RFC3339, asOf)
			}
		}
		for _, actor := range actors {
			got, err := s.client.PossibleActs(ctx, actor, client.Query{AsOf: asOf})
			if err != nil {
				t.Fatalf("%s as of %q: %v", actor, asOf, err)
			}
			want := view(t, s, at, func(st *board.State, r *charter.Rules) apiv1.PossibleActs {
				list, err := board.PossibleActs(st, r, actor, at)
				if err != nil {
					t.Fatal(err)
				}
				out := apiv1.PossibleActs{Actor: string(actor), AsOf: api.Instant(at), Items: []apiv1.PossibleAct{}}
				for _, p := range list {
					out.Items = append(out.Items, api.NewPossibleAct(p))
				}
				return out
			})
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s as of %q:\n got %+v\nwant %+v", actor, asOf, got, want)
			}
		}
	}
	t.Run("what the demo's delegations may do on the day of the first vote", func(t *testing.T) {
		q := client.Query{AsOf: "2026-02-19T15:00:30Z"} // the vote on the framework opened at 15:00
		kaz, err := s.client.PossibleActs(ctx, "state:KAZ", q)
		if err != nil {
			t.Fatal(err)
		}
		vote, ok := offered(kaz, "vote", "gaza-reconstruction-framework")
		if !ok || vote.About.Kind != "proposal" || vote.About.Title != "Gaza reconstruction framework (illustrative)" ||
			!slices.Equal(vote.Inputs, []string{"choice", "explanation"}) || vote.Fields["proposal"] != "gaza-reconstruction-framework" {
			t.Errorf("KAZ's vote = %+v, %v; want the framework, with choice and explanation to give", vote, ok)
		}
		if _, ok := offered(kaz, "comment", "gaza-reconstruction-framework"); ok {
			t.Errorf("KAZ may still comment on the framework once its vote opened (R10)")
		}
		// R11: the United States voted at 15:01; as of 15:00:30 it had not, as of 15:02 it had.
		usa, _ := s.client.PossibleActs(ctx, "state:USA", q)
		if _, ok := offered(usa, "vote", "gaza-reconstruction-framework"); !ok {
			t.Errorf("USA may not vote as of 15:00:30, before it voted")
		}
		usa, _ = s.client.PossibleActs(ctx, "state:USA", client.Query{AsOf: "2026-02-19T15:02:00Z"})
		if _, ok := offered(usa, "vote", "gaza-reconstruction-framework"); ok {
			t.Errorf("USA may vote again as of 15:02, after it voted (R11)")
		}
		// A declined invitation is answered: France may neither consent nor decline.
		fra, _ := s.client.PossibleActs(ctx, "state:FRA", q)
		if _, ok := offered(fra, "consent", "FRA"); ok {
			t.Errorf("France, which declined, may consent without a new invitation (R2)")
		}
		untargeted := []string{}
		for _, p := range fra.Items {
			if !p.Targeted {
				untargeted = append(untargeted, p.Act)
				if len(p.Fields) != 0 || p.About != nil {
					t.Errorf("untargeted %s has fields %v, about %+v", p.Act, p.Fields, p.About)
				}
			}
		}
		if !slices.Contains(untargeted, "pledge") {
			t.Errorf("France's untargeted acts %v: want pledge (any State contributes)", untargeted)
		}
	})
	t.Run("the actor escaped or not", func(t *testing.T) {
		for _, path := range []string{"/api/v1/actors/state:KAZ/acts", "/api/v1/actors/state%3AKAZ/acts"} {
			status, ctype, body := get(t, s.srv.URL+path+"?as_of=2026-02-19T15:00:30Z")
			var out apiv1.PossibleActs
			if status != http.StatusOK || ctype != "application/json" || json.Unmarshal([]byte(body), &out) != nil || out.Actor != "state:KAZ" || len(out.Items) == 0 {
				t.Errorf("GET %s: %d %s %.200s; want 200 with KAZ's acts", path, status, ctype, body)
			}
		}
	})
	t.Run("unknown or malformed actors", func(t *testing.T) {
		for _, actor := range []board.ActorID{"state:ZZZ", "state:kaz", "KAZ", "executive:nobody", "president"} {
			_, err := s.client.PossibleActs(ctx, actor, client.Query{})
			problem(t, err, http.StatusBadRequest, board.Invalid)
		}
	})
}

// BenchmarkPossibleActs measures what the workspace asks on every load, on the demo as of its
// day of the first vote (a vote open, three proposals, sixty States) and as of now: in-process
// (the view, the dry runs, the wire form) for a delegation and the Chairman, who has the most
// targets; and over HTTP, a new instant each request so that the cache answers none.
func BenchmarkPossibleActs(b *testing.B) {
	t := &testing.T{}
	s := demoServer(t)
	if t.Failed() {
		b.Fatal("demo server")
	}
	ctx := context.Background()
	for _, at := range []time.Time{time.Date(2026, 2, 19, 15, 0, 30, 0, time.UTC), testNow()} {
		for _, actor := range []board.ActorID{"state:KAZ", "chairman", "secretariat"} {
			b.Run(fmt.Sprintf("view/%s/%s", actor, at.Format(time.DateOnly)), func(b *testing.B) {
				n := 0
				for b.Loop() {
					if err := s.engine.View(ctx, at, func(st *board.State, r *charter.Rules) error {
						list, err := board.PossibleActs(st, r, actor, at)
						out := apiv1.PossibleActs{Items: make([]apiv1.PossibleAct, 0, len(list))}
						for _, p := range list {
							out.Items = append(out.Items, api.NewPossibleAct(p))
						}
						n = len(list)
						_, _ = json.Marshal(out)
						return err
					}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n), "items")
			})
		}
	}
	b.Run("http/state:KAZ/now", func(b *testing.B) {
		hc := &http.Client{}
		i := 0
		for b.Loop() {
			i++
			u := fmt.Sprintf("%s/api/v1/actors/state:KAZ/acts?as_of=%s", s.srv.URL, testNow().Add(time.Duration(i)).Format(time.RFC3339Nano))
			resp, err := hc.Get(u)
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatalf("GET %s: %v %v", u, resp, err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}
