package workload

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// The mix of every kind ("bench --mix all"): a record of years of an organization's life, month
// after month — States invited, consenting, declining, renewed, removed or kept by a veto,
// withdrawing; executives appointed, renewed and replaced; meetings convened, agendas set and
// approved, proposals commented on, voted, approved or not; directives; rates, pledges,
// receipts, funds, programmes, allocations, disbursements and their approvals; reports — in the
// proportions of a working organization, where votes, comments and contributions are the bulk.
//
// Every act is decided by the rules as it is made (board.Decide against the state the acts
// before it made), so the mix is lawful by construction: an act the rules would refuse is not
// made (and counted, see MixStats.Refused). The acts come in Steps: each step's acts are at one
// instant and do not depend on one another, so they may be submitted concurrently and in any
// order; the steps must be submitted one after the other.

// A Mix describes the mixed workload to make.
type Mix struct {
	Count    int            // about how many acts (the record's own acts included)
	Founding int            // member States at entry into force (at least 3)
	Seed     uint64         // the same seed makes the same acts
	Rules    *charter.Rules // the default rules if nil
	// Key returns the base64 development public key of an actor: the mix registers it (a
	// register-key act by the secretariat) before the actor's first act.
	Key func(board.ActorID) string
}

// MixStart is the mix's first instant: the record is established, and the founding States
// invited, a week before the charter's signature.
var MixStart = time.Date(2026, 1, 16, 9, 0, 0, 0, time.UTC)

// A Step is a set of acts at one instant that do not depend on one another.
type Step struct {
	At   time.Time
	Acts []board.Act
}

// MixStats says what a mix holds.
type MixStats struct {
	Acts    int
	Months  int
	Kinds   map[board.Kind]int   // acts made, by kind
	Refused map[board.Kind]int   // acts the rules refused as they were made (not in the mix)
	Why     map[board.Kind]error // the first refusal of each kind
}

// Steps makes the mix and returns its steps. A large mix is better made by Run, a month at a
// time.
func (m Mix) Steps() ([]Step, MixStats, error) {
	var steps []Step
	stats, err := m.Run(func(month []Step) error {
		steps = append(steps, month...)
		return nil
	})
	return steps, stats, err
}

// Run makes the mix and gives emit its steps a month of simulated time at a time (the setup
// first), in order. It stops at emit's first error.
func (m Mix) Run(emit func([]Step) error) (MixStats, error) {
	if m.Founding < 3 {
		return MixStats{}, fmt.Errorf("workload: at least 3 founding States (entry into force needs 3 consents)")
	}
	if m.Key == nil {
		return MixStats{}, fmt.Errorf("workload: the mix needs the actors' keys")
	}
	r := m.Rules
	if r == nil {
		r = charter.Default()
	}
	g := &mixer{
		Mix: m, rules: r, st: board.NewState(r.Organization.Chairman),
		rng:   rand.New(rand.NewPCG(m.Seed, 0x9e3779b97f4a7c15)),
		keyed: map[board.ActorID]bool{},
		stats: MixStats{Kinds: map[board.Kind]int{}, Refused: map[board.Kind]int{}, Why: map[board.Kind]error{}},
	}
	g.codes = slices.Clone(r.States.Codes.Codes())
	g.rng.Shuffle(len(g.codes), func(i, j int) { g.codes[i], g.codes[j] = g.codes[j], g.codes[i] })
	g.months = max(3, min(40, m.Count/100)) + m.Count/20000
	g.stats.Months = g.months
	if err := g.setup(); err != nil {
		return g.stats, err
	}
	for month := 0; month < g.months; month++ {
		if err := g.flush(emit); err != nil {
			return g.stats, err
		}
		if err := g.month(month); err != nil {
			return g.stats, err
		}
	}
	return g.stats, g.flush(emit)
}

// flush gives emit the steps made so far, which nothing made later changes, and forgets them.
func (g *mixer) flush(emit func([]Step) error) error {
	steps := g.steps
	if n := len(steps); n > 0 && len(steps[n-1].Acts) == 0 {
		steps = steps[:n-1]
	}
	if len(steps) > 0 {
		g.last = steps[len(steps)-1].At
	}
	g.steps = nil
	if len(steps) == 0 {
		return nil
	}
	return emit(steps)
}

// mixer makes a mix: its state, as the acts made so far leave it, decides each new act.
type mixer struct {
	Mix
	rules  *charter.Rules
	st     *board.State
	rng    *rand.Rand
	months int
	steps  []Step    // the steps made since the last flush
	last   time.Time // the instant of the last step flushed
	stats  MixStats
	keyed  map[board.ActorID]bool
	codes  []string // the State codes, shuffled: States are invited in this order
	next   int      // the next code of codes to invite
	execs  []board.ExecutiveID
	progs  []board.ProgrammeID
	seq    int // makes identifiers and texts unique
}

// step opens a step at at, which must not be before the last step's instant.
func (g *mixer) step(at time.Time) {
	if n := len(g.steps); n > 0 && at.Before(g.steps[n-1].At) {
		at = g.steps[n-1].At
	} else if at.Before(g.last) {
		at = g.last
	}
	if n := len(g.steps); n > 0 && len(g.steps[n-1].Acts) == 0 {
		g.steps[n-1].At = at
		return
	}
	g.steps = append(g.steps, Step{At: at})
}

// now returns the current step's instant (the last step's, before a month opens its first).
func (g *mixer) now() time.Time {
	if len(g.steps) == 0 {
		return g.last
	}
	return g.steps[len(g.steps)-1].At
}

// try decides body by by at the current step's instant and, if the rules accept it, applies it
// and adds it to the step. It reports whether it was accepted. The actor's key is registered
// first, in a step of its own before the current one, if it has none.
func (g *mixer) try(by board.ActorID, body board.Body) bool {
	if !g.keyed[by] && by != board.Secretariat {
		g.register(by)
	}
	at := g.now()
	act := board.Act{At: at, By: by, Body: body}
	events, err := board.Decide(g.st, g.rules, act)
	if err != nil {
		g.stats.Refused[body.Kind()]++
		if g.stats.Why[body.Kind()] == nil {
			g.stats.Why[body.Kind()] = err
		}
		return false
	}
	g.st.Apply(at, events)
	s := &g.steps[len(g.steps)-1]
	s.Acts = append(s.Acts, act)
	g.stats.Kinds[body.Kind()]++
	g.stats.Acts++
	return true
}

// register records the development key of an actor, in a step before the current one: the
// current step's acts do not depend on one another, and the key must be in before them.
func (g *mixer) register(by board.ActorID) {
	g.keyed[by] = true
	cur := g.steps[len(g.steps)-1]
	g.steps = g.steps[:len(g.steps)-1]
	if n := len(g.steps); n == 0 || !g.steps[n-1].At.Equal(cur.At) || !onlyKeys(g.steps[n-1].Acts) {
		g.steps = append(g.steps, Step{At: cur.At})
	}
	g.try(board.Secretariat, &board.RegisterKey{Actor: by, Key: g.Key(by), Development: true})
	g.steps = append(g.steps, cur)
}

func onlyKeys(acts []board.Act) bool {
	for _, a := range acts {
		if a.Body.Kind() != "register-key" {
			return false
		}
	}
	return true
}

// must is try for the acts the mix cannot go on without.
func (g *mixer) must(by board.ActorID, body board.Body) error {
	if !g.try(by, body) {
		_, err := board.Decide(g.st, g.rules, board.Act{At: g.now(), By: by, Body: body})
		return fmt.Errorf("workload: %s by %s at %s: %w", body.Kind(), by, g.now().Format(time.RFC3339), err)
	}
	return nil
}

func (g *mixer) id(prefix string) string {
	g.seq++
	return fmt.Sprintf("%s-%d", prefix, g.seq)
}

func (g *mixer) chance(p float64) bool { return g.rng.Float64() < p }

// setup establishes the record, has the founding States invited and consenting, and appoints
// the Executive Board and a subsidiary entity to run programmes.
func (g *mixer) setup() error {
	g.step(MixStart)
	g.keyed[board.Secretariat] = true
	if err := g.must(board.Secretariat, &board.Establish{Rules: g.rules.Source, Key: g.Key(board.Secretariat), Development: true}); err != nil {
		return err
	}
	g.step(MixStart.Add(time.Hour))
	for range g.Founding {
		g.invite(true)
	}
	g.step(MixStart.Add(2 * time.Hour))
	for i := range 5 {
		id := board.ExecutiveID(fmt.Sprintf("x%d", i+1))
		if err := g.must(board.Chairman, &board.AppointExecutive{ID: id, Person: person(id)}); err != nil {
			return err
		}
		g.execs = append(g.execs, id)
	}
	g.step(MixStart.Add(3 * time.Hour))
	if err := g.must(board.Chairman, &board.CreateSubsidiary{ID: "programmes", Name: "Programmes Office", Mandate: "Runs the Board's programmes.", Members: g.persons()}); err != nil {
		return err
	}
	// The charter is signed at Davos: the founding States consent.
	g.step(time.Date(2026, 1, 22, 10, 0, 0, 0, time.UTC))
	for _, c := range g.invited() {
		g.try(board.StateActor(c), &board.Consent{Instrument: "signature", Place: "Davos"})
	}
	if g.st.InForce.IsZero() {
		return fmt.Errorf("workload: the charter did not enter into force")
	}
	return nil
}

// invite has the Chairman invite the next State not invited yet, if any is left.
func (g *mixer) invite(founding bool) {
	for g.next < len(g.codes) {
		c := board.StateCode(g.codes[g.next])
		g.next++
		if g.try(board.Chairman, &board.Invite{State: c, Head: "Head of State of " + string(c), Founding: founding}) {
			return
		}
	}
}

// invited returns the States whose invitation is open, in code order.
func (g *mixer) invited() []board.StateCode {
	var out []board.StateCode
	for _, c := range slices.Sorted(maps.Keys(g.st.States)) {
		if g.st.States[c].Invitation == board.InviteOpen {
			out = append(out, c)
		}
	}
	return out
}

// members returns the member States as of the current instant, in code order.
func (g *mixer) members() []board.StateCode {
	var out []board.StateCode
	at := g.now()
	for _, c := range slices.Sorted(maps.Keys(g.st.States)) {
		if g.st.IsMemberAt(g.rules, c, at) {
			out = append(out, c)
		}
	}
	return out
}

func pick[T any](g *mixer, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// month makes one month of the organization's life. Its bulk (votes, comments, contributions,
// reports) is sized so that the mix reaches Count acts over its months.
func (g *mixer) month(m int) error {
	base := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).AddDate(0, m, 0)
	day := func(d int, hour int) time.Time { return base.AddDate(0, 0, d-1).Add(time.Duration(hour) * time.Hour) }
	bulk := max(20, (g.Count-g.stats.Acts)/max(1, g.months-m))
	members := g.members()
	if len(members) == 0 {
		return fmt.Errorf("workload: no member States left in month %d", m)
	}

	// Day 1: the month's rates; the meetings convened; the proposals put.
	g.step(day(1, 8))
	for _, cur := range []money.Currency{"EUR", "GBP"} {
		rate := fmt.Sprintf("%.4f", map[money.Currency]float64{"EUR": 1.05, "GBP": 1.25}[cur]+g.rng.Float64()/10)
		g.try(board.Secretariat, &board.SetRate{Date: board.Day(base), Currency: cur, USDRate: rate, Source: "mix"})
	}
	g.step(day(1, 9))
	voting := board.MeetingID(fmt.Sprintf("v%d", m))
	g.try(board.Chairman, &board.Convene{ID: voting, Type: board.MeetingVoting, Date: board.Day(day(20, 0)), Place: "Washington, D.C."})
	reporting := board.MeetingID("")
	if m%3 == 0 {
		reporting = board.MeetingID(fmt.Sprintf("r%d", m))
		if !g.try(board.ChiefExecutive, &board.Convene{ID: reporting, Type: board.MeetingReporting, Date: board.Day(day(9, 0)), Place: "Geneva"}) {
			reporting = ""
		}
	}
	k := min(60, max(1, bulk*3/10/len(members)))
	g.step(day(1, 10))
	var proposals []board.DecisionID
	for range k {
		id := board.DecisionID(g.id(fmt.Sprintf("m%d-p", m)))
		by := board.ActorID(board.Chairman)
		if g.chance(0.8) {
			by = execActor(pick(g, g.execs))
		}
		if g.try(by, &board.Propose{ID: id, Type: pick(g, []board.DecisionKind{"initiative", "budget", "agreement", "other"}), Title: fmt.Sprintf("Proposal %s", id), Text: "The Board is asked to decide on this proposal."}) {
			proposals = append(proposals, id)
		}
	}

	// Days 2-8: comments on the proposals, within the comment period.
	comments := bulk / 4
	for d := 2; d <= 8 && len(proposals) > 0; d++ {
		g.step(day(d, 12))
		for range comments / 7 {
			g.try(board.StateActor(pick(g, members)), &board.Comment{Proposal: pick(g, proposals), Text: fmt.Sprintf("Comment %d: our delegation supports the reconstruction framework, with reservations on its financing.", g.seq)})
			g.seq++
		}
	}

	// Day 9: the agenda set and approved.
	if len(proposals) > 0 {
		g.step(day(9, 9))
		g.try(execActor(pick(g, g.execs)), &board.SetAgenda{Meeting: voting, Proposals: proposals})
		g.step(day(9, 10))
		g.try(board.Chairman, &board.ApproveAgenda{Meeting: voting})
	}

	// Day 9, afternoon: the reporting meeting, if there is one this month, its reports and
	// recommendations; days 10-19: contributions, pledged and received.
	if reporting != "" {
		g.step(day(9, 14))
		for _, x := range g.execs[:2] {
			g.try(execActor(x), &board.Report{Meeting: reporting, Text: fmt.Sprintf("Report %d of the Executive Board to the meeting.", g.seq)})
			g.seq++
		}
		for range 3 {
			g.try(board.StateActor(pick(g, members)), &board.Recommend{Meeting: reporting, Text: fmt.Sprintf("Recommendation %d: report quarterly on the programmes.", g.seq)})
			g.seq++
		}
	}
	g.contributions(members, bulk/4, day)

	// Day 20: the vote; day 21: closed, and the Chairman's approval or not.
	g.votes(proposals, members, m%6 == 3, day)

	// Days 22-26: directives, the treasury's programmes and payments, progress, mandates.
	g.step(day(22, 9))
	if m%2 == 0 {
		g.try(board.Chairman, &board.Directive{ID: board.DecisionID(g.id("directive")), Title: "Directive on the Board's operations", Text: "The Executive Board shall report on the programmes."})
	}
	g.treasury(m, day)
	g.step(day(24, 12))
	for range bulk / 20 {
		if len(g.progs) == 0 {
			break
		}
		g.try(execActor(pick(g, g.execs)), &board.ReportProgress{Programme: pick(g, g.progs), Text: fmt.Sprintf("Progress report %d: works are under way.", g.seq)})
		g.seq++
	}
	if m%6 == 5 {
		g.step(day(25, 9))
		g.try(board.Secretariat, &board.ReportMandate{Mandate: "unsc-2803", Text: fmt.Sprintf("Written progress report %d to the Security Council.", g.seq)})
		g.seq++
	}

	// Days 26-28: membership and offices.
	g.membership(m, day)
	g.offices(m, day)
	return nil
}

// contributions makes about n pledges and receipts over days 10 to 19.
func (g *mixer) contributions(members []board.StateCode, n int, day func(int, int) time.Time) {
	funds := []board.FundID{"general", "gaza-reconstruction"}
	for d := 10; d <= 19; d++ {
		g.step(day(d, 10))
		for range n / 10 {
			c := board.StateActor(pick(g, members))
			if g.chance(0.1) {
				c = board.ActorID("org:" + pick(g, []string{"fifa", "world-bank", "gates-foundation"}))
			}
			amount := money.Amount{Currency: "USD", Minor: (1 + g.rng.Int64N(500)) * 10_000_000}
			if g.chance(0.5) {
				g.try(c, &board.Pledge{ID: board.EntryID(g.id("pledge")), Amount: amount, Fund: pick(g, funds)})
				continue
			}
			form := board.FormCash
			if g.chance(0.1) {
				form = board.FormInKind
			}
			if g.chance(0.2) {
				amount.Currency = "EUR"
			}
			g.try(board.Secretariat, &board.Receive{ID: board.EntryID(g.id("receipt")), Contributor: c, Amount: amount,
				ValueDate: board.Day(day(d, 0)), Form: form, Fund: pick(g, funds)})
		}
	}
}

// votes opens the votes on the proposals on day 20, has the members vote, closes the votes on
// day 21 and has the Chairman approve, withhold his approval, or first cast his vote on a tie.
// With tie, the members split evenly on the last proposal.
func (g *mixer) votes(proposals []board.DecisionID, members []board.StateCode, tie bool, day func(int, int) time.Time) {
	if len(proposals) == 0 {
		return
	}
	g.step(day(20, 9))
	for _, p := range proposals {
		g.try(board.Secretariat, &board.OpenVote{Proposal: p})
	}
	g.step(day(20, 12))
	for i, p := range proposals {
		if tie && i == len(proposals)-1 {
			for j, c := range members[:len(members)/2*2] {
				g.try(board.StateActor(c), &board.Vote{Proposal: p, Choice: []board.Choice{board.ChoiceYes, board.ChoiceNo}[j%2]})
			}
			continue
		}
		for _, c := range members {
			if !g.chance(0.85) {
				continue
			}
			v := &board.Vote{Proposal: p, Choice: pick(g, []board.Choice{board.ChoiceYes, board.ChoiceYes, board.ChoiceYes, board.ChoiceNo, board.ChoiceAbstain})}
			if g.chance(0.05) {
				v.Explanation = "Our delegation explains its vote."
			}
			g.try(board.StateActor(c), v)
		}
	}
	g.step(day(21, 9))
	for _, p := range proposals {
		g.try(board.Secretariat, &board.CloseVote{Proposal: p})
	}
	g.step(day(21, 10))
	for _, p := range proposals {
		g.try(board.Chairman, &board.CastingVote{Proposal: p, Choice: board.ChoiceYes}) // on a tie only: refused otherwise
	}
	g.step(day(21, 11))
	for _, p := range proposals {
		if g.chance(0.1) {
			g.try(board.Chairman, &board.WithholdApproval{Proposal: p, Reason: "The Chairman withholds his approval."})
		} else {
			g.try(board.Chairman, &board.Approve{Proposal: p})
		}
	}
}

// treasury makes the month's structural treasury acts: now and then a fund, an account or a
// programme; an allocation; a disbursement and its approvals; a reversal.
func (g *mixer) treasury(m int, day func(int, int) time.Time) {
	x := func() board.ActorID { return execActor(pick(g, g.execs)) }
	g.step(day(23, 9))
	if m%12 == 6 {
		g.try(x(), &board.OpenFund{ID: board.FundID(g.id("fund")), Name: fmt.Sprintf("Fund %d", g.seq), Purpose: "A purpose of the Board"})
	}
	if m%12 == 7 {
		g.try(x(), &board.OpenAccount{ID: board.AccountID(g.id("account")), Institution: "A bank", Currency: "EUR"})
	}
	if m%12 == 8 {
		g.try(x(), &board.SetControls{Thresholds: []board.Threshold{
			{Above: money.Amount{Currency: "USD"}, Approvals: 1},
			{Above: money.Amount{Currency: "USD", Minor: 1_000_000_000}, Approvals: 2},
		}})
	}
	if m%3 == 0 {
		g.step(day(23, 10))
		id := board.ProgrammeID(g.id("programme"))
		if g.try(board.Chairman, &board.CreateProgramme{ID: id, Name: fmt.Sprintf("Programme %d", g.seq), Area: "Gaza", Subsidiary: "programmes",
			Budget: money.Amount{Currency: "USD", Minor: 100_000_000_00}}) {
			g.progs = append(g.progs, id)
		}
	}
	if len(g.progs) == 0 {
		return
	}
	prog := pick(g, g.progs)
	g.step(day(23, 11))
	for _, a := range []int64{20_000_000_00, 5_000_000_00, 1_000_000_00} {
		if g.try(x(), &board.Allocate{Fund: pick(g, []board.FundID{"general", "gaza-reconstruction"}), Programme: prog, Amount: money.Amount{Currency: "USD", Minor: a}}) {
			break
		}
	}
	g.step(day(23, 12))
	id := board.DisbursementID(g.id("disbursement"))
	for _, a := range []int64{15_000_000_00, 2_000_000_00, 500_000_00} {
		if g.try(board.Secretariat, &board.Disburse{ID: id, Programme: prog, Payee: "A contractor", Amount: money.Amount{Currency: "USD", Minor: a}, Purpose: "Works of the programme"}) {
			break
		}
	}
	for i, e := range g.execs[:2] {
		g.step(day(23, 13+i))
		g.try(execActor(e), &board.ApproveDisbursement{Disbursement: id})
	}
	if m%4 == 1 {
		g.step(day(23, 16))
		if r := g.lastReceipt(); r != "" {
			g.try(board.Secretariat, &board.Reverse{Entry: r, Reason: "Recorded twice by mistake."})
		}
	}
}

// lastReceipt returns the identifier of the latest receipt made, if any.
func (g *mixer) lastReceipt() board.EntryID {
	for i := len(g.steps) - 1; i >= 0; i-- {
		for _, a := range slices.Backward(g.steps[i].Acts) {
			if r, ok := a.Body.(*board.Receive); ok {
				return r.ID
			}
		}
	}
	return ""
}

// membership makes the month's invitations and answers, renewals, removals and vetoes, and
// withdrawals.
func (g *mixer) membership(m int, day func(int, int) time.Time) {
	// Invitations of the months before are answered: mostly consents.
	g.step(day(26, 9))
	for _, c := range g.invited() {
		switch f := g.rng.Float64(); {
		case f < 0.8:
			g.try(board.StateActor(c), &board.Consent{Instrument: pick(g, []string{"signature", "notification"}), Place: "New York"})
		case f < 0.95:
			g.try(board.StateActor(c), &board.Decline{})
		default:
			g.try(board.Chairman, &board.WithdrawInvitation{State: c})
		}
	}
	g.step(day(26, 10))
	for range 1 + g.rng.IntN(3) {
		g.invite(false)
	}
	members := g.members()
	// Terms ending within two months are renewed.
	g.step(day(26, 11))
	soon := day(26, 11).AddDate(0, 2, 0)
	for _, c := range members {
		if ms := g.st.States[c]; !ms.TermEnd.IsZero() && ms.TermEnd.Before(soon) {
			g.try(board.Chairman, &board.RenewTerm{State: c})
		}
	}
	// Now and then the Chairman proposes a removal; the members veto it, enough of them or not.
	if m%5 == 2 && len(members) > 6 {
		g.step(day(27, 9))
		subject := pick(g, members)
		id := board.RemovalID(g.id("removal"))
		if g.try(board.Chairman, &board.ProposeRemoval{ID: id, State: subject, Reason: "Conduct contrary to the charter."}) {
			share := 0.2
			if g.chance(0.5) {
				share = 0.9
			}
			g.step(day(27, 12))
			for _, c := range members {
				if c != subject && g.chance(share) {
					g.try(board.StateActor(c), &board.VetoRemoval{Removal: id})
				}
			}
		}
	}
	if m%7 == 4 && len(members) > 6 {
		g.step(day(27, 15))
		g.try(board.StateActor(pick(g, members)), &board.Withdraw{})
	}
	if m%4 == 3 {
		g.step(day(27, 16))
		c := pick(g, members)
		g.try(board.StateActor(c), &board.Accredit{Person: fmt.Sprintf("Ambassador %d", g.seq), Role: pick(g, []string{"head", "alternate"})})
		g.seq++
	}
}

// offices makes the month's appointments, renewals and removals of the Executive Board, a
// subsidiary entity's changes, and a key registered and revoked.
func (g *mixer) offices(m int, day func(int, int) time.Time) {
	g.step(day(28, 9))
	soon := day(28, 9).AddDate(0, 2, 0)
	for _, x := range g.execs {
		if e := g.st.Executives[x]; e != nil && e.TermEnd.Before(soon) {
			g.try(board.Chairman, &board.RenewExecutive{ID: x})
		}
	}
	if m%12 == 10 && len(g.execs) > 3 {
		g.step(day(28, 10))
		old := g.execs[len(g.execs)-1]
		if g.try(board.Chairman, &board.RemoveExecutive{ID: old}) {
			g.execs = g.execs[:len(g.execs)-1]
		}
		g.step(day(28, 11))
		id := board.ExecutiveID(g.id("x"))
		if g.try(board.Chairman, &board.AppointExecutive{ID: id, Person: person(id)}) {
			g.execs = append([]board.ExecutiveID{id}, g.execs...)
		}
		// The new member sits on the office that runs the programmes, and reports on them.
		g.step(day(28, 12))
		g.try(board.Chairman, &board.ModifySubsidiary{ID: "programmes", Members: g.persons()})
	}
	if m%12 == 5 {
		g.step(day(28, 13))
		g.try(board.Chairman, &board.DesignateSuccessor{Person: fmt.Sprintf("Successor %d", m/12+1)})
	}
	if m%12 == 11 {
		g.step(day(28, 13))
		g.try(board.Chairman, &board.ModifySubsidiary{ID: "programmes", Mandate: fmt.Sprintf("Runs the Board's programmes (mandate of year %d).", m/12+1)})
		id := board.SubsidiaryID(g.id("task-force"))
		if g.try(board.Chairman, &board.CreateSubsidiary{ID: id, Name: "Task force", Mandate: "A task of a year."}) {
			g.step(day(28, 14))
			g.try(board.Chairman, &board.DissolveSubsidiary{ID: id})
		}
	}
	if m%12 == 1 {
		// The secretariat publishes the witnesses the member States run, and the quorum (without
		// their URLs: a server of the mix's record sends them nothing).
		g.step(day(28, 14))
		var ws []board.PolicyWitness
		for i := range 3 {
			pub, _, _ := ed25519.GenerateKey(rngReader{g.rng})
			ws = append(ws, board.PolicyWitness{Name: fmt.Sprintf("witness-%d.example/w%d", m/12+1, i+1), Key: hex.EncodeToString(pub)})
		}
		g.try(board.Secretariat, &board.SetWitnessPolicy{Witnesses: ws, Quorum: 2})
	}
	if m%12 == 9 {
		// A delegation's spare key, registered and later revoked.
		g.step(day(28, 15))
		members := g.members()
		if len(members) > 0 {
			by := board.StateActor(pick(g, members))
			pub, _, _ := ed25519.GenerateKey(rngReader{g.rng})
			key := base64.StdEncoding.EncodeToString(pub)
			if g.try(board.Secretariat, &board.RegisterKey{Actor: by, Key: key}) {
				g.step(day(28, 16))
				g.try(board.Secretariat, &board.RevokeKey{Actor: by, KeyID: board.KeyIDOf(pub)})
			}
		}
	}
}

// rngReader reads from the mix's random numbers, so that the spare keys, like every other
// part of the mix, come from the seed.
type rngReader struct{ r *rand.Rand }

func (r rngReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.r.Uint32())
	}
	return len(p), nil
}

// person is the name of the Executive Board member id.
func person(id board.ExecutiveID) string { return "Executive Member " + string(id) }

// persons returns the names of the Executive Board's members, in the mix's order.
func (g *mixer) persons() []string {
	var out []string
	for _, x := range g.execs {
		out = append(out, person(x))
	}
	return out
}

func execActor(id board.ExecutiveID) board.ActorID { return board.ActorID("executive:" + string(id)) }
