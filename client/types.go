package client

import "github.com/peaceboard/peaceboard/internal/api"

// The API's wire types, as the server defines them (internal/api): the same shapes as the
// CLI's --json output. See the OpenAPI document (/api/v1/openapi.json) for each.
type (
	Status               = api.Status
	Executive            = api.Executive
	Member               = api.Member
	Invitation           = api.Invitation
	Decision             = api.Decision
	DecisionDetail       = api.DecisionDetail
	Obligation           = api.Obligation
	Treasury             = api.Treasury
	Fund                 = api.Fund
	Contributor          = api.Contributor
	ContributorStatement = api.ContributorStatement
	LedgerEntry          = api.LedgerEntry
	Disbursement         = api.Disbursement
	Entry                = api.Entry
	SignedAct            = api.SignedAct
	ActObject            = api.ActObject
	Problem              = api.Problem
)

// Page is one page of a list, and the cursor of the next (nil on the last).
type Page[T any] = api.Page[T]
