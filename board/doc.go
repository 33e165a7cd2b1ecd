// Package board is the domain: the acts of a charter-governed organization, the events they
// produce, the State those events build, Decide and Apply, and the views of the state as of any
// instant. It is pure: no I/O, no clock.
//
// The package is organized one way. Each sub-concept of the charter has a file of its own,
// named after it, that holds its acts (their bodies and registration), the events they produce,
// the deciding and the applying: invitations.go, terms.go, removals.go, dissolution.go,
// accreditation.go, succession.go, executive_board.go, subsidiaries.go, keys.go,
// witness_policy.go; meetings.go, proposals.go, agendas.go, votes.go, approvals.go,
// directives.go, mandates.go; pledges.go, receipts.go, rates.go, funds.go, accounts.go,
// controls.go, programmes.go (with programme_places.go: sectors, recipient countries, planned
// dates), allocations.go, disbursements.go, reversals.go. The record several sub-concepts share
// is in their area's file (membership.go, decisions.go, treasury.go, ledger.go). The read-only
// views, which answer as of
// an instant, are beside them in *_view.go (membership_view.go, decisions_view.go,
// funds_view.go, …); a lookup that deciding itself relies on (the rate on a day, the controls in
// force, who sits on the Executive Board, a valid key) stays beside the rule it serves. The
// generic machinery has small files of its own: act.go (the Act envelope, the catalogue and the
// canonical bytes), catalogue.go and catalogue_text.go (the catalogue described for clients:
// fields, formats, closed sets, sentences), decide.go (Decide), event.go (the Event envelope and its encoding), state.go
// (the State and Apply), ids.go (identifiers), days.go, error.go, subjects.go (which States and
// decisions an act concerns, for their pages and the store's index of them). The engine's storage formats
// (ledger_pack.go, snapshot.go, reshape.go) say at their top why they live here.
package board
