package apiv1

// Treasury is the treasury as of an instant ("treasury --json", GET /api/v1/treasury).
type Treasury struct {
	AsOf          string         `json:"as_of"`
	Funds         []Fund         `json:"funds"`
	Accounts      []Account      `json:"accounts"`
	Contributors  []Contributor  `json:"contributors"`
	Totals        Totals         `json:"totals"`
	Programmes    []Programme    `json:"programmes"`
	Disbursements []Disbursement `json:"disbursements"`
	// Exchange is the exchange account's balance by currency (debits positive): the running
	// result of conversions between currencies.
	Exchange map[string]string `json:"exchange"`
	Controls []ControlTier     `json:"controls"`
}

// Fund is a fund with its cash, its unpaid pledges and its in-kind value ("funds --json", GET
// /api/v1/funds).
type Fund struct {
	Fund      string            `json:"fund"`
	Name      string            `json:"name"`
	Purpose   string            `json:"purpose,omitempty"`
	Balance   map[string]string `json:"balance"` // cash, by currency
	Pledged   map[string]string `json:"pledged"` // pledged and not yet received, by currency
	InKindUSD string            `json:"in_kind_usd"`
	Opened    *string           `json:"opened"` // null for a fund of the rules file
}

// Account is a bank account with its balance.
type Account struct {
	Account     string  `json:"account"`
	Institution string  `json:"institution"`
	Currency    string  `json:"currency"`
	Balance     string  `json:"balance"`
	Opened      *string `json:"opened"`
}

// Contributor is what one contributor pledged and gave, in US dollars.
type Contributor struct {
	Contributor string `json:"contributor"` // in actor form: state:QAT, org:fifa
	// Name is the contributor's name in English: a State's short name (Qatar), or the name the
	// rules file gives an organization (FIFA); empty where neither names it.
	Name              string `json:"name"`
	PledgedUSD        string `json:"pledged_usd"`
	ReceivedCashUSD   string `json:"received_cash_usd"`
	ReceivedInKindUSD string `json:"received_in_kind_usd"`
	OutstandingUSD    string `json:"outstanding_usd"`
}

// Totals adds up every contributor.
type Totals struct {
	PledgedUSD        string `json:"pledged_usd"`
	ReceivedCashUSD   string `json:"received_cash_usd"`
	ReceivedInKindUSD string `json:"received_in_kind_usd"`
	OutstandingUSD    string `json:"outstanding_usd"`
}

// Programme is a programme with its budget, allocations and disbursements.
type Programme struct {
	Programme  string            `json:"programme"`
	Name       string            `json:"name"`
	Area       string            `json:"area,omitempty"`
	Subsidiary string            `json:"subsidiary"`
	Budget     string            `json:"budget"`
	Allocated  string            `json:"allocated"`
	Available  map[string]string `json:"available"`
	Disbursed  string            `json:"disbursed"`
	Reports    []ProgressReport  `json:"reports"`
	// Sectors are OECD DAC 5-digit purpose codes, Countries ISO 3166-1 alpha-2 codes, each with
	// its share of the programme in whole percent; empty when create-programme gave none.
	Sectors   []Share `json:"sectors"`
	Countries []Share `json:"countries"`
	Start     *string `json:"start"` // the planned start, a day; null when not given
	End       *string `json:"end"`   // the planned end, a day; null when not given
}

// Share is a code (a sector, a country) with its share of a programme, in whole percent.
type Share struct {
	Code       string `json:"code"`
	Percentage int    `json:"percentage"`
}

// ProgressReport is a report on a programme's progress.
type ProgressReport struct {
	By   string `json:"by"`
	At   string `json:"at"`
	Text string `json:"text"`
}

// Disbursement is a disbursement with its approvals and status ("disbursements --json", GET
// /api/v1/disbursements).
type Disbursement struct {
	ID         string                 `json:"id"`
	Programme  string                 `json:"programme"`
	Payee      string                 `json:"payee"`
	Amount     string                 `json:"amount"`
	Purpose    string                 `json:"purpose"`
	Account    string                 `json:"account"`
	Pay        string                 `json:"pay"`
	USD        string                 `json:"usd"`
	Required   int                    `json:"approvals_required"`
	Approvals  []DisbursementApproval `json:"approvals"`
	Status     string                 `json:"status"` // pending, paid, cancelled or payment-reversed
	Requested  string                 `json:"requested"`
	Paid       *string                `json:"paid"`
	Commitment string                 `json:"commitment_entry"`
	Payment    *string                `json:"payment_entry"`
}

// DisbursementApproval is one person's approval of a disbursement.
type DisbursementApproval struct {
	By     string `json:"by"`
	Person string `json:"person"`
	At     string `json:"at"`
}

// ControlTier is one tier of the disbursement controls (R18).
type ControlTier struct {
	Above     string `json:"above"`
	Approvals int    `json:"approvals"`
}

// ContributorStatement is one contributor's pledges and receipts with every entry
// ("statement CONTRIBUTOR --json", GET /api/v1/contributors/{contributor}).
type ContributorStatement struct {
	Contributor
	AsOf    string        `json:"as_of"`
	Entries []LedgerEntry `json:"entries"`
}

// LedgerEntry is one contribution entry, in statements and exports (GET
// /api/v1/contributions).
type LedgerEntry struct {
	Entry       string       `json:"entry"`
	Type        string       `json:"type"`
	Recorded    string       `json:"recorded"`
	Contributor string       `json:"contributor"`
	Form        string       `json:"form,omitempty"`
	Fund        string       `json:"fund"`
	Account     string       `json:"account,omitempty"`
	Amount      string       `json:"amount"`
	USD         string       `json:"usd"`
	USDRate     string       `json:"usd_rate,omitempty"`
	RateDate    *string      `json:"rate_date"`
	ValueDate   *string      `json:"value_date"`
	Due         *string      `json:"due"`
	Open        *string      `json:"open"` // a pledge's unpaid rest
	Settles     []Settlement `json:"settles"`
	Reverses    *string      `json:"reverses"`
	ReversedBy  *string      `json:"reversed_by"`
	Note        string       `json:"note,omitempty"`
}

// Settlement is the part of a pledge a receipt settles.
type Settlement struct {
	Pledge string `json:"pledge"`
	Amount string `json:"amount"`
}
