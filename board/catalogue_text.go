package board

// kindText is what a person reads of a kind of act: what it does, and what each field holds.
type kindText struct {
	summary string
	// fields holds one sentence per field, by JSON name; a field of a list's objects by its
	// path ("thresholds.above").
	fields map[string]string
}

// kindTexts are the catalogue's sentences, in English: the reference for writers of clients and
// scenarios (docs/acts.md, the OpenAPI document, peaceboard act -h). TestEveryFieldIsDescribed
// fails while a kind or a field has none.
var kindTexts = map[Kind]kindText{
	// Membership.
	"invite": {"The Chairman invites a State to join the organization.", map[string]string{
		"state":    "The State invited.",
		"head":     "Its Head of State or Government, as the invitation names them.",
		"founding": "Whether the invitation offers founding-State status.",
	}},
	"withdraw-invitation": {"The Chairman withdraws an invitation the State has not answered.", map[string]string{
		"state": "The State whose invitation is withdrawn.",
	}},
	"decline":  {"The invited State declines its invitation.", nil},
	"consent":  {"The invited State consents to be bound by the charter and so joins (or becomes a signatory before entry into force).", map[string]string{"instrument": "How the State consents: by signature, or by a notification to the depositary.", "place": "Where the instrument was signed or deposited."}},
	"withdraw": {"A member State withdraws from the organization.", nil},
	"renew-term": {"The Chairman renews a member State's term, from the end of its current term.", map[string]string{
		"state": "The member State whose term is renewed.",
	}},
	"propose-removal": {"The Chairman proposes to remove a member State, which opens the window in which member States may veto it.", map[string]string{
		"id":     "The removal's identifier, chosen by the Chairman; veto-removal names it.",
		"state":  "The member State proposed for removal.",
		"reason": "Why the Chairman proposes the removal.",
	}},
	"veto-removal": {"A member State vetoes a proposed removal while its window is open (the State concerned cannot).", map[string]string{
		"removal": "The removal vetoed, as propose-removal named it.",
	}},
	"accredit": {"A member State accredits its representative; the Chairman approves an alternate by accrediting the same person, naming the State.", map[string]string{
		"person": "The representative's name.",
		"role":   "Whether the person is the State's head (of State or Government) or an alternate.",
		"state":  "The State represented; given only by the Chairman, when approving an alternate.",
	}},
	"dissolve": {"The Chairman dissolves the organization, under the procedure the rules name.", map[string]string{
		"reason": "Why the organization is dissolved.",
	}},

	// Offices.
	"designate-successor": {"The Chairman designates his successor.", map[string]string{
		"person": "The successor's name.",
	}},
	"resign":          {"The Chairman resigns; his designated successor takes office.", nil},
	"find-incapacity": {"An Executive Board member finds the Chairman incapacitated; the successor takes office once every serving member has.", nil},
	"appoint-executive": {"The Chairman appoints a member of the Executive Board, who then acts as executive:ID.", map[string]string{
		"id":     "The member's identifier, chosen by the Chairman: the member acts as executive:ID.",
		"person": "The member's name.",
	}},
	"renew-executive": {"The Chairman renews an Executive Board member's term.", map[string]string{
		"id": "The member whose term is renewed.",
	}},
	"remove-executive": {"The Chairman removes a member of the Executive Board.", map[string]string{
		"id": "The member removed.",
	}},
	"create-subsidiary": {"The Chairman creates a subsidiary entity.", map[string]string{
		"id":      "The entity's identifier, chosen by the Chairman.",
		"name":    "The entity's name.",
		"mandate": "What the entity is charged with.",
		"members": "The names of its members.",
	}},
	"modify-subsidiary": {"The Chairman changes a subsidiary entity; a field left out is unchanged.", map[string]string{
		"id":      "The entity changed.",
		"name":    "Its new name.",
		"mandate": "Its new mandate.",
		"members": "The names of its members, all of them.",
	}},
	"dissolve-subsidiary": {"The Chairman dissolves a subsidiary entity.", map[string]string{
		"id": "The entity dissolved.",
	}},

	// Decisions.
	"convene": {"The Chairman convenes a voting meeting, or the chief executive a reporting meeting, for a day and a place.", map[string]string{
		"id":    "The meeting's identifier, chosen by who convenes it.",
		"kind":  "A voting meeting (convened by the Chairman) or a reporting meeting (by the chief executive).",
		"date":  "When the meeting takes place; the rules compare its day.",
		"place": "Where the meeting takes place.",
	}},
	"propose": {"An Executive Board member or the Chairman puts a proposal to the member States.", map[string]string{
		"id":    "The proposal's identifier, chosen by the proposer; unique among proposals and directives.",
		"kind":  "What the proposal is about.",
		"title": "The proposal's title.",
		"text":  "The proposal's full text.",
	}},
	"comment": {"A member State comments on a proposal.", map[string]string{
		"proposal": "The proposal commented on.",
		"text":     "The comment.",
	}},
	"set-agenda": {"The Executive Board sets a voting meeting's agenda, once each proposal's comment period has run.", map[string]string{
		"meeting":   "The voting meeting.",
		"proposals": "The proposals on the agenda, in order.",
	}},
	"approve-agenda": {"The Chairman approves a meeting's agenda.", map[string]string{
		"meeting": "The meeting whose agenda is approved.",
	}},
	"open-vote": {"The secretariat opens the vote on a proposal of an approved agenda, on or after the meeting's day; the electorate is fixed then.", map[string]string{
		"proposal": "The proposal put to the vote.",
	}},
	"vote": {"A member State of the electorate votes on a proposal while its vote is open: one vote, which cannot be changed.", map[string]string{
		"proposal":    "The proposal voted on.",
		"choice":      "The State's vote.",
		"explanation": "The State's explanation of its vote, published with it.",
	}},
	"close-vote": {"The secretariat closes a vote and tallies it.", map[string]string{
		"proposal": "The proposal whose vote closes.",
	}},
	"casting-vote": {"The Chairman breaks a tie with his casting vote.", map[string]string{
		"proposal": "The tied proposal.",
		"choice":   "The Chairman's casting vote: it cannot abstain.",
	}},
	"approve": {"The Chairman approves a proposal that passed.", map[string]string{
		"proposal": "The proposal approved.",
		"reason":   "Why, if the Chairman says.",
	}},
	"withhold-approval": {"The Chairman withholds his approval of a proposal that passed.", map[string]string{
		"proposal": "The proposal not approved.",
		"reason":   "Why the Chairman withholds approval.",
	}},
	"directive": {"The Chairman issues a directive: a decision of his own, without a vote.", map[string]string{
		"id":    "The directive's identifier; unique among proposals and directives.",
		"title": "The directive's title.",
		"text":  "The directive's full text.",
	}},
	"recommend": {"A member State makes a recommendation to a reporting meeting.", map[string]string{
		"meeting": "The reporting meeting.",
		"text":    "The recommendation.",
	}},
	"report": {"The Executive Board reports to a reporting meeting.", map[string]string{
		"meeting": "The reporting meeting.",
		"text":    "The report.",
	}},
	"report-mandate": {"The secretariat records a report sent under a mandate the rules name, while the mandate runs.", map[string]string{
		"mandate": "The mandate's identifier in the rules, like unsc-2803.",
		"text":    "The report.",
	}},

	// Treasury.
	"pledge": {"A contributor promises money to a fund, or the secretariat records such a promise naming the contributor; a pledge is not cash.", map[string]string{
		"id":          "The ledger entry's identifier; by default the ledger numbers it (e1, e2, …).",
		"contributor": "Who pledges (state:ISO3 or org:ID); given when the secretariat records the pledge, else the actor.",
		"amount":      "The amount pledged.",
		"fund":        "The fund pledged to; by default general.",
		"due":         "When the money is due.",
		"note":        "A note for the record.",
	}},
	"receive": {"The secretariat records money or goods received from a contributor: cash into a bank account and a fund, or in kind at its declared value.", map[string]string{
		"id":          "The ledger entry's identifier; by default the ledger numbers it (e1, e2, …).",
		"contributor": "Who gave (state:ISO3 or org:ID).",
		"amount":      "The amount received, or the declared value of goods in kind.",
		"value_date":  "The day the money or goods arrived; not after the act.",
		"form":        "Cash, or in kind (goods or services).",
		"account":     "The bank account cash enters; by default main. Left out for a receipt in kind.",
		"fund":        "The fund credited; by default general.",
		"usd_rate":    "US dollars per unit of the amount's currency; by default the latest set-rate on or before the value date.",
		"note":        "A note for the record.",
	}},
	"set-rate": {"The secretariat records a reference rate: US dollars per unit of a currency on a day.", map[string]string{
		"date":     "The day the rate is for; not after the act.",
		"currency": "The currency, other than USD.",
		"usd_rate": "US dollars per unit of the currency.",
		"source":   "Where the rate comes from, like ECB.",
	}},
	"open-fund": {"The Executive Board opens a fund.", map[string]string{
		"id":      "The fund's identifier.",
		"name":    "The fund's name.",
		"purpose": "What the fund is for.",
	}},
	"open-account": {"The Executive Board opens a bank account in one currency.", map[string]string{
		"id":          "The account's identifier.",
		"institution": "The bank that holds the account.",
		"currency":    "The account's currency.",
	}},
	"set-controls": {"The Executive Board sets how many distinct approvals a disbursement needs, by its US dollar value.", map[string]string{
		"thresholds":           "The tiers of approval: a disbursement above a tier's amount needs its approvals.",
		"thresholds.above":     "The amount above which the tier applies, in US dollars.",
		"thresholds.approvals": "The distinct approvals a disbursement above the amount needs, from 1 to 100.",
	}},
	"allocate": {"The Executive Board allocates a fund's cash to a programme, within the programme's budget.", map[string]string{
		"fund":      "The fund the money comes from.",
		"programme": "The programme allocated to.",
		"amount":    "The amount, in the currency of the programme's budget.",
	}},
	"disburse": {"The secretariat requests a payment from a programme's money to a payee; it is paid once enough approvals are given.", map[string]string{
		"id":        "The disbursement's identifier; approve-disbursement names it.",
		"programme": "The programme paying.",
		"payee":     "Who is paid.",
		"amount":    "The amount, in the currency of the programme's budget.",
		"purpose":   "What the payment is for.",
		"account":   "The bank account that pays; by default main.",
	}},
	"approve-disbursement": {"A serving Executive Board member or the chief executive approves a disbursement.", map[string]string{
		"disbursement": "The disbursement approved.",
	}},
	"reverse": {"The secretariat corrects a ledger entry with a new entry on the other side; entries are never changed.", map[string]string{
		"entry":  "The entry reversed.",
		"reason": "Why the entry is reversed.",
	}},

	// Programmes.
	"create-programme": {"The Chairman creates a programme of a subsidiary entity, with a budget.", map[string]string{
		"id":                   "The programme's identifier.",
		"name":                 "The programme's name.",
		"area":                 "Where the programme works.",
		"subsidiary":           "The subsidiary entity that runs it.",
		"budget":               "Its budget; allocations and disbursements are in its currency.",
		"sectors":              "What it works on: OECD DAC purpose codes, each with its share of the programme; the percentages add up to 100.",
		"sectors.code":         "A 5-digit OECD DAC purpose code (IATI's Sector vocabulary 1), like 73010, reconstruction relief and rehabilitation.",
		"sectors.percentage":   "The sector's share of the programme, in whole percent, from 1 to 100.",
		"countries":            "The countries it works in, each with its share of the programme; the percentages add up to 100.",
		"countries.code":       "An ISO 3166-1 alpha-2 country code, as IATI's recipient-country takes it: PS (XK for Kosovo).",
		"countries.percentage": "The country's share of the programme, in whole percent, from 1 to 100.",
		"start":                "The day it is planned to start.",
		"end":                  "The day it is planned to end, not before its start.",
	}},
	"report-progress": {"The Executive Board or the chief executive reports on a programme's progress.", map[string]string{
		"programme": "The programme reported on.",
		"text":      "The report.",
	}},

	// Keys and the record.
	"establish": {"The record's first act: the secretariat establishes the record under a rules file, with its first key.", map[string]string{
		"rules":       "The rules file, in full (TOML).",
		"key":         "The secretariat's first public key.",
		"development": "Whether the record is for development: its keys are derived, not secret.",
	}},
	"register-key": {"The secretariat registers an actor's key, or an actor rotates its own key.", map[string]string{
		"actor":       "The actor the key acts for.",
		"key":         "The public key registered.",
		"development": "Whether the key is a development key, derived and not secret.",
		"replaces":    "The id of a key of the same actor that the new key replaces, revoked by the same act.",
	}},
	"revoke-key": {"The secretariat or the actor itself revokes a key.", map[string]string{
		"actor":  "The actor whose key is revoked.",
		"key_id": "The id of the key revoked.",
	}},
	"set-witness-policy": {"The secretariat publishes the witness policy: the witnesses that cosign the log's checkpoints (C2SP tlog-witness), and how many of them a checkpoint needs; it replaces the policy before it.", map[string]string{
		"witnesses":      "The witnesses, 1 to 64, each name and each key once.",
		"witnesses.name": "The witness's key name, as its signed notes name it (C2SP signed-note): at most 256 bytes, without spaces or \"+\".",
		"witnesses.key":  "The witness's Ed25519 public key, whose cosignatures (C2SP tlog-cosignature) the policy counts.",
		"witnesses.url":  "Where the witness answers add-checkpoint requests (C2SP tlog-witness), if the policy says.",
		"quorum":         "How many of the witnesses must cosign a checkpoint, from 1 to their number.",
	}},
}
