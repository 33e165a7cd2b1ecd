package export

// The data dictionary: every field of every data set, its meaning and its unit, in French and
// English. The portal's /data page shows it; TestDictionaryCoversEveryField fails when an
// export writes a CSV column or a JSON member it does not describe.

// A Field is one column of a CSV file, or one member of a JSON file (at any depth), of a data set.
type Field struct {
	Name string
	Unit Unit
	// Meaning says what it holds, by language (fr, en).
	Meaning map[string]string
}

// A Unit says how a field's values are written.
type Unit string

// The units.
const (
	UnitText     Unit = "text"
	UnitID       Unit = "id"
	UnitISO3     Unit = "iso3"
	UnitActor    Unit = "actor"
	UnitDate     Unit = "date"
	UnitInstant  Unit = "instant"
	UnitDecimal  Unit = "decimal"
	UnitUSD      Unit = "usd"
	UnitCurrency Unit = "currency"
	UnitAmount   Unit = "amount"
	UnitBool     Unit = "bool"
	UnitCount    Unit = "count"
	UnitCode     Unit = "code"
	UnitObject   Unit = "object"
	UnitList     Unit = "list"
	UnitMap      Unit = "map" // an object whose member names are values (State codes, currencies): not fields
	UnitBase64   Unit = "base64"
	UnitXML      Unit = "xml"
)

// UnitTexts says what each unit means, by language.
var UnitTexts = map[Unit]map[string]string{
	UnitText:     {"en": "text", "fr": "texte"},
	UnitID:       {"en": "identifier in the record (stable)", "fr": "identifiant dans le registre (stable)"},
	UnitISO3:     {"en": "ISO 3166-1 alpha-3 country code, like KAZ", "fr": "code pays ISO 3166-1 alpha-3, comme KAZ"},
	UnitActor:    {"en": "actor identifier: chairman, state:QAT, org:fifa, executive:ID, secretariat", "fr": "identifiant d'acteur : chairman, state:QAT, org:fifa, executive:ID, secretariat"},
	UnitDate:     {"en": "date, ISO 8601 YYYY-MM-DD (UTC); empty or null when none", "fr": "date ISO 8601 AAAA-MM-JJ (UTC) ; vide ou null si aucune"},
	UnitInstant:  {"en": "instant, RFC 3339 in UTC (2026-01-22T10:00:00Z); empty or null when none", "fr": "instant RFC 3339 en UTC (2026-01-22T10:00:00Z) ; vide ou null si aucun"},
	UnitDecimal:  {"en": "decimal string in the currency's major units (1234.50), exact to its minor unit", "fr": "nombre décimal en unités principales de la devise (1234.50), exact à l'unité mineure"},
	UnitUSD:      {"en": "US dollars, decimal string (1234.50)", "fr": "dollars des États-Unis, nombre décimal (1234.50)"},
	UnitCurrency: {"en": "ISO 4217 currency code, like USD", "fr": "code de devise ISO 4217, comme USD"},
	UnitAmount:   {"en": "amount: ISO 4217 code, a space, a decimal (USD 1000.00)", "fr": "montant : code ISO 4217, une espace, un nombre décimal (USD 1000.00)"},
	UnitBool:     {"en": "true or false", "fr": "true (vrai) ou false (faux)"},
	UnitCount:    {"en": "whole number", "fr": "nombre entier"},
	UnitCode:     {"en": "one of a closed list of codes, given in the meaning", "fr": "un code d'une liste fermée, donnée dans la description"},
	UnitObject:   {"en": "JSON object, whose members are described here", "fr": "objet JSON, dont les membres sont décrits ici"},
	UnitList:     {"en": "JSON array (CSV: a count or a list separated by \"; \")", "fr": "tableau JSON (CSV : un nombre, ou une liste séparée par « ; »)"},
	UnitMap:      {"en": "JSON object keyed by code (State code or currency)", "fr": "objet JSON indexé par code (code d'État ou devise)"},
	UnitBase64:   {"en": "base64 (RFC 4648) of a SHA-256 hash", "fr": "base64 (RFC 4648) d'une empreinte SHA-256"},
	UnitXML:      {"en": "XML element of the IATI 2.03 schema", "fr": "élément XML du schéma IATI 2.03"},
}

func fd(name string, u Unit, en, fr string) Field {
	return Field{Name: name, Unit: u, Meaning: map[string]string{"en": en, "fr": fr}}
}

// SourceDictionary describes what every export holds beside its data: the list of a JSON
// file, and the provenance every export states (JSON: the "source" member;
// CSV: the "# name: value" lines before the header; XML: the comment after the declaration).
var SourceDictionary = []Field{
	fd("items", UnitList, "The data set's rows (JSON files of a list; Popolo's document has its own members).", "Les lignes du jeu de données (fichiers JSON d'une liste ; le document Popolo a ses propres membres)."),
	fd("source", UnitObject, "What the file was built from; CSV: the lines starting with #, XML: the comment at the top.", "Ce à partir de quoi le fichier a été construit ; CSV : les lignes commençant par #, XML : le commentaire en tête."),
	fd("export", UnitID, "The data set's name.", "Le nom du jeu de données."),
	fd("format", UnitCode, "csv, json or xml.", "csv, json ou xml."),
	fd("origin", UnitText, "The log's origin: the first line of its signed checkpoints (C2SP tlog-checkpoint).", "L'origine du journal : la première ligne de ses points de contrôle signés (C2SP tlog-checkpoint)."),
	fd("size", UnitCount, "The number of entries of the log recorded no later than as_of: the file is built from these, and only these.", "Le nombre d'entrées du journal enregistrées au plus tard à as_of : le fichier est construit à partir d'elles, et d'elles seules."),
	fd("root", UnitBase64, "The Merkle root (RFC 6962) of the tree of those entries, as a checkpoint of that size states it.", "La racine de Merkle (RFC 6962) de l'arbre de ces entrées, telle que l'indique un point de contrôle de cette taille."),
	fd("as_of", UnitInstant, "The instant the data is as of; by default the instant of the latest entry. peaceboard verify --export rebuilds the file as of it.", "L'instant auquel les données se rapportent ; par défaut celui de la dernière entrée. peaceboard verify --export reconstruit le fichier à cet instant."),
}

// Dictionary returns the fields of data set name, in the order its files write them.
func Dictionary(name string) []Field { return dictionary[name] }

var voteEventFields = []Field{
	fd("vote_event", UnitObject, "The vote (Popolo vote event).", "Le vote (événement de vote Popolo)."),
	fd("id", UnitID, "The decision's identifier.", "L'identifiant de la décision."),
	fd("organization_id", UnitID, "The organization voting: the rules file's identifier of the Board.", "L'organisation qui vote : l'identifiant du Conseil dans son fichier de règles."),
	fd("legislative_session_id", UnitID, "The meeting the vote was held at, if any.", "La réunion où le vote a eu lieu, le cas échéant."),
	fd("motion", UnitObject, "The proposal put to the vote.", "La proposition mise aux voix."),
	fd("text", UnitText, "The proposal's title.", "Le titre de la proposition."),
	fd("classification", UnitCode, "The decision's kind: budget, subsidiary, appointment, agreement, initiative or other.", "La nature de la décision : budget, subsidiary, appointment, agreement, initiative ou other."),
	fd("date", UnitInstant, "Of the motion: when it was proposed; of a vote: when it was cast.", "De la motion : quand elle a été proposée ; d'un vote : quand il a été exprimé."),
	fd("creator_id", UnitActor, "Who proposed it.", "Qui l'a proposée."),
	fd("requirement", UnitText, "The majority the rules require.", "La majorité que les règles exigent."),
	fd("start_date", UnitInstant, "When the vote opened.", "L'ouverture du vote."),
	fd("end_date", UnitInstant, "When the vote closed; null while open.", "La clôture du vote ; null tant qu'il est ouvert."),
	fd("result", UnitCode, "pass, fail, tie (awaiting the Chairman's casting vote), or null while open.", "pass (adoptée), fail (rejetée), tie (égalité, en attente de la voix prépondérante du Président), ou null tant que le vote est ouvert."),
	fd("status", UnitCode, "The decision's status now: draft, on-agenda, voting, majority, tie, rejected, adopted, not-approved or directive.", "Le statut de la décision : draft, on-agenda, voting, majority, tie, rejected, adopted, not-approved ou directive."),
	fd("counts", UnitList, "The number of votes for each option.", "Le nombre de voix pour chaque option."),
	fd("option", UnitCode, "yes, no, abstain, or absent (a State of the electorate that did not vote, once the vote closed).", "yes (pour), no (contre), abstain (abstention), ou absent (État de l'électorat qui n'a pas voté, une fois le vote clos)."),
	fd("value", UnitCount, "The number of votes for the option.", "Le nombre de voix pour cette option."),
	fd("votes", UnitList, "Each vote: the member States', then the Chairman's casting vote if any.", "Chaque vote : ceux des États membres, puis la voix prépondérante du Président s'il y a lieu."),
	fd("voter_id", UnitISO3, "Who voted: a State's code (votes), its organization (popolo: state:ISO3), or the Chairman.", "Qui a voté : le code d'un État (votes), son organisation (popolo : state:ISO3), ou le Président."),
	fd("role", UnitText, "\"casting vote\" for the Chairman's; in popolo's memberships, the role held.", "« casting vote » pour la voix du Président ; dans les memberships de popolo, le rôle tenu."),
}

var dictionary = map[string][]Field{
	"members": {
		fd("state", UnitISO3, "The State.", "L'État."),
		fd("name", UnitText, "The State's English name (CSV only).", "Le nom anglais de l'État (CSV seulement)."),
		fd("status", UnitCode, "invited, declined, invitation-withdrawn, signatory, member, removal-pending or former.", "invited (invité), declined (a décliné), invitation-withdrawn (invitation retirée), signatory (signataire), member (membre), removal-pending (exclusion en cours) ou former (ancien membre)."),
		fd("founding", UnitBool, "Whether it is a founding member.", "S'il est membre fondateur."),
		fd("joined", UnitDate, "When its membership began.", "Le début de son adhésion."),
		fd("term_end", UnitDate, "When its term ends; empty when its seat is permanent.", "La fin de son mandat ; vide si son siège est permanent."),
		fd("permanent", UnitBool, "Whether its seat is permanent.", "Si son siège est permanent."),
		fd("ended", UnitDate, "When its membership ended.", "La fin de son adhésion."),
		fd("end_reason", UnitCode, "expired, withdrawn, removed or dissolved.", "expired (expirée), withdrawn (retrait), removed (exclusion) ou dissolved (dissolution)."),
		fd("cash_usd_first_year", UnitUSD, "Cash it contributed in the first year after entry into force.", "Contributions en numéraire versées la première année après l'entrée en vigueur."),
		fd("head", UnitText, "The head of its delegation its invitation named.", "Le chef de délégation nommé par son invitation."),
		fd("invited", UnitDate, "When it was invited.", "La date de son invitation."),
	},
	"invitations": {
		fd("state", UnitISO3, "The State invited.", "L'État invité."),
		fd("head", UnitText, "The head of delegation the invitation named.", "Le chef de délégation nommé par l'invitation."),
		fd("founding", UnitBool, "Whether founding-member status was offered.", "Si le statut de membre fondateur était offert."),
		fd("invited", UnitDate, "When it was invited (its latest invitation).", "La date de l'invitation (la plus récente)."),
		fd("status", UnitCode, "open, declined, withdrawn or accepted.", "open (ouverte), declined (déclinée), withdrawn (retirée) ou accepted (acceptée)."),
		fd("answered", UnitDate, "When it was declined, withdrawn or accepted.", "La date à laquelle elle a été déclinée, retirée ou acceptée."),
		fd("member_status", UnitCode, "The State's membership status, as in members.", "Le statut d'adhésion de l'État, comme dans members."),
	},
	"decisions": {
		fd("id", UnitID, "The decision.", "La décision."),
		fd("title", UnitText, "Its title.", "Son titre."),
		fd("kind", UnitCode, "budget, subsidiary, appointment, agreement, initiative, other or directive.", "budget, subsidiary (organe subsidiaire), appointment (nomination), agreement (accord), initiative, other (autre) ou directive."),
		fd("status", UnitCode, "draft, on-agenda, voting, majority, tie, rejected, adopted, not-approved or directive.", "draft (projet), on-agenda (inscrite), voting (vote en cours), majority (majorité), tie (égalité), rejected (rejetée), adopted (adoptée), not-approved (non approuvée) ou directive."),
		fd("yes", UnitCount, "Member States' votes for.", "Voix des États membres pour."),
		fd("no", UnitCount, "Member States' votes against.", "Voix des États membres contre."),
		fd("abstain", UnitCount, "Member States' abstentions.", "Abstentions des États membres."),
		fd("casting_vote", UnitCode, "The Chairman's casting vote on a tie: yes or no.", "La voix prépondérante du Président en cas d'égalité : yes ou no."),
		fd("votes", UnitMap, "Each State's choice (yes, no, abstain), by State code (JSON only; the votes data set has one row per vote).", "Le choix de chaque État (yes, no, abstain), par code d'État (JSON seulement ; le jeu votes a une ligne par vote)."),
		fd("explanations", UnitMap, "Explanations of vote, by State code (JSON only).", "Explications de vote, par code d'État (JSON seulement)."),
		fd("proposed_by", UnitActor, "Who proposed it.", "Qui l'a proposée."),
		fd("proposed", UnitInstant, "When it was proposed; for a directive, when adopted.", "Quand elle a été proposée ; pour une directive, quand elle a été adoptée."),
		fd("meeting", UnitID, "The meeting whose agenda it is on.", "La réunion à l'ordre du jour de laquelle elle figure."),
		fd("opened", UnitInstant, "When its vote opened.", "L'ouverture du vote."),
		fd("closed", UnitInstant, "When its vote closed.", "La clôture du vote."),
		fd("result", UnitCode, "The tally once closed: majority, tie or rejected.", "Le décompte une fois clos : majority, tie ou rejected."),
		fd("approval_deadline", UnitDate, "The last day of the Chairman's approval window.", "Le dernier jour du délai d'approbation du Président."),
		fd("approval", UnitCode, "The Chairman's action: approved, withheld, approved-by-default or not-approved-by-default (JSON: an object).", "L'action du Président : approved, withheld, approved-by-default ou not-approved-by-default (JSON : un objet)."),
		fd("action", UnitCode, "The Chairman's action (as approval in CSV).", "L'action du Président (comme approval en CSV)."),
		fd("at", UnitInstant, "When the Chairman acted (JSON).", "Quand le Président a agi (JSON)."),
		fd("approval_at", UnitInstant, "When the Chairman acted (CSV).", "Quand le Président a agi (CSV)."),
		fd("reason", UnitText, "The reason the Chairman gave, if any.", "Le motif donné par le Président, le cas échéant."),
	},
	"votes": append([]Field{
		fd("decision_id", UnitID, "The decision voted on.", "La décision mise aux voix."),
		fd("title", UnitText, "Its title.", "Son titre."),
		fd("kind", UnitCode, "Its kind, as in decisions.", "Sa nature, comme dans decisions."),
		fd("meeting", UnitID, "The meeting the vote was held at.", "La réunion où le vote a eu lieu."),
		fd("meeting_date", UnitDate, "The meeting's date.", "La date de la réunion."),
		fd("opened", UnitInstant, "When the vote opened.", "L'ouverture du vote."),
		fd("closed", UnitInstant, "When the vote closed.", "La clôture du vote."),
		fd("casting_vote", UnitCode, "The Chairman's casting vote: yes or no.", "La voix prépondérante du Président : yes ou no."),
		fd("state", UnitISO3, "The State voting.", "L'État votant."),
		fd("choice", UnitCode, "yes, no, abstain, or absent once the vote closed.", "yes, no, abstain, ou absent une fois le vote clos."),
		fd("voted_at", UnitInstant, "When the State voted.", "Quand l'État a voté."),
	}, voteEventFields...),
	"popolo": append([]Field{
		fd("persons", UnitList, "The people the record names (Popolo persons).", "Les personnes que nomme le registre (persons Popolo)."),
		fd("name", UnitText, "A person's or an organization's name.", "Le nom d'une personne ou d'une organisation."),
		fd("organizations", UnitList, "The Board, the member States and the subsidiary bodies.", "Le Conseil, les États membres et les organes subsidiaires."),
		fd("parent_id", UnitID, "The organization a subsidiary body belongs to.", "L'organisation dont relève un organe subsidiaire."),
		fd("identifiers", UnitList, "Other identifiers of an organization.", "Autres identifiants d'une organisation."),
		fd("identifier", UnitISO3, "An identifier: a State's code.", "Un identifiant : le code d'un État."),
		fd("scheme", UnitText, "The identifier's scheme: ISO 3166-1 alpha-3.", "Le système de l'identifiant : ISO 3166-1 alpha-3."),
		fd("founding_date", UnitDate, "When the organization was founded (the charter's entry into force).", "La date de création de l'organisation (entrée en vigueur de la charte)."),
		fd("dissolution_date", UnitDate, "When it was dissolved.", "La date de sa dissolution."),
		fd("description", UnitText, "A subsidiary body's mandate.", "Le mandat d'un organe subsidiaire."),
		fd("memberships", UnitList, "Who holds which office or seat, from when to when.", "Qui occupe quelle fonction ou quel siège, de quand à quand."),
		fd("label", UnitText, "A membership's or a post's label.", "L'intitulé d'une adhésion ou d'un poste."),
		fd("person_id", UnitID, "The person holding it: person: and a slug of the name.", "La personne qui l'occupe : person: et le nom simplifié."),
		fd("member", UnitObject, "The member, when it is an organization (a State).", "Le membre, lorsque c'est une organisation (un État)."),
		fd("@type", UnitCode, "Organization.", "Organization."),
		fd("post_id", UnitID, "The post held.", "Le poste occupé."),
		fd("on_behalf_of_id", UnitID, "The State a head of delegation represents.", "L'État que représente un chef de délégation."),
		fd("end_reason", UnitCode, "Why a State's membership ended: expired, withdrawn, removed or dissolved.", "Pourquoi l'adhésion d'un État a pris fin : expired, withdrawn, removed ou dissolved."),
		fd("posts", UnitList, "The Board's posts.", "Les postes du Conseil."),
		fd("vote_events", UnitList, "Every vote, as in the votes data set.", "Chaque vote, comme dans le jeu votes."),
	}, voteEventFields...),
	"funds": {
		fd("fund", UnitID, "The fund.", "Le fonds."),
		fd("name", UnitText, "Its name.", "Son nom."),
		fd("purpose", UnitText, "Its purpose.", "Son objet."),
		fd("currency", UnitCurrency, "The currency of the row's balance and pledged (CSV).", "La devise du solde et des promesses de la ligne (CSV)."),
		fd("balance", UnitMap, "Cash held: CSV, a decimal in the row's currency; JSON, decimals by currency code.", "Trésorerie détenue : CSV, un nombre décimal dans la devise de la ligne ; JSON, des nombres décimaux par code de devise."),
		fd("pledged", UnitMap, "Pledged and not yet received: CSV, a decimal in the row's currency; JSON, decimals by currency code.", "Promis et pas encore reçu : CSV, un nombre décimal dans la devise de la ligne ; JSON, des nombres décimaux par code de devise."),
		fd("in_kind_usd", UnitUSD, "Value of contributions in kind.", "Valeur des contributions en nature."),
		fd("opened", UnitInstant, "When the fund was opened; empty for a fund of the rules file.", "L'ouverture du fonds ; vide pour un fonds du fichier de règles."),
	},
	"contributions": {
		fd("entry", UnitID, "The ledger entry.", "L'écriture."),
		fd("type", UnitCode, "pledge, receipt, in-kind or reversal.", "pledge (promesse), receipt (encaissement), in-kind (en nature) ou reversal (contre-passation)."),
		fd("recorded", UnitInstant, "When it was recorded.", "Quand elle a été enregistrée."),
		fd("contributor", UnitActor, "Who contributed: state:ISO3 or org:ID.", "Le contributeur : state:ISO3 ou org:ID."),
		fd("form", UnitCode, "cash or in-kind, on receipts.", "cash (numéraire) ou in-kind (nature), pour les encaissements."),
		fd("fund", UnitID, "The fund credited.", "Le fonds crédité."),
		fd("account", UnitID, "The bank account cash went to.", "Le compte bancaire crédité."),
		fd("currency", UnitCurrency, "The currency of amount (CSV).", "La devise du montant (CSV)."),
		fd("amount", UnitDecimal, "The amount in its currency (CSV: decimal with the currency column; JSON: \"CUR decimal\"; in settles, the part of the pledge paid).", "Le montant dans sa devise (CSV : nombre décimal, avec la colonne currency ; JSON : « DEV décimal » ; dans settles, la part de la promesse payée)."),
		fd("usd", UnitUSD, "The amount in US dollars at the rate of its date.", "Le montant en dollars au taux de sa date."),
		fd("usd_rate", UnitDecimal, "US dollars per unit of the currency used.", "Dollars par unité de la devise, appliqués."),
		fd("rate_date", UnitDate, "The date of that rate.", "La date de ce taux."),
		fd("value_date", UnitDate, "The bank's value date of a receipt.", "La date de valeur bancaire d'un encaissement."),
		fd("due", UnitDate, "When a pledge is due.", "L'échéance d'une promesse."),
		fd("open", UnitDecimal, "A pledge's unpaid rest, in its currency.", "Le reste impayé d'une promesse, dans sa devise."),
		fd("settles", UnitList, "The pledges a receipt paid (JSON).", "Les promesses qu'un encaissement a réglées (JSON)."),
		fd("pledge", UnitID, "A pledge a receipt paid.", "Une promesse réglée par l'encaissement."),
		fd("reverses", UnitID, "The entry a reversal corrects.", "L'écriture que corrige une contre-passation."),
		fd("reversed_by", UnitID, "The reversal that corrected this entry.", "La contre-passation qui a corrigé cette écriture."),
		fd("note", UnitText, "A note recorded with it.", "Une note enregistrée avec elle."),
	},
	"disbursements": {
		fd("id", UnitID, "The disbursement.", "Le décaissement."),
		fd("programme", UnitID, "The programme it pays for.", "Le programme qu'il finance."),
		fd("payee", UnitText, "Who is paid.", "Le bénéficiaire."),
		fd("purpose", UnitText, "What for.", "Son objet."),
		fd("currency", UnitCurrency, "The currency of amount (CSV).", "La devise du montant (CSV)."),
		fd("amount", UnitDecimal, "The amount requested (CSV: decimal with currency; JSON: \"CUR decimal\").", "Le montant demandé (CSV : nombre décimal, avec currency ; JSON : « DEV décimal »)."),
		fd("account", UnitID, "The bank account it is paid from.", "Le compte bancaire débité."),
		fd("pay_currency", UnitCurrency, "The currency paid in (CSV).", "La devise du paiement (CSV)."),
		fd("pay", UnitDecimal, "The amount paid, in the account's currency (JSON: \"CUR decimal\").", "Le montant payé, dans la devise du compte (JSON : « DEV décimal »)."),
		fd("usd", UnitUSD, "The amount in US dollars.", "Le montant en dollars."),
		fd("approvals_required", UnitCount, "Approvals the treasury controls require.", "Approbations exigées par les contrôles de trésorerie."),
		fd("approvals", UnitList, "The approvals given (CSV: their number).", "Les approbations données (CSV : leur nombre)."),
		fd("approvers", UnitText, "Who approved: actor (person), separated by \"; \" (CSV).", "Qui a approuvé : acteur (personne), séparés par « ; » (CSV)."),
		fd("by", UnitActor, "The approver (JSON).", "L'approbateur (JSON)."),
		fd("person", UnitText, "The person who approved (JSON).", "La personne qui a approuvé (JSON)."),
		fd("at", UnitInstant, "When it was approved (JSON).", "La date d'approbation (JSON)."),
		fd("status", UnitCode, "pending, paid, cancelled or payment-reversed.", "pending (en attente), paid (payé), cancelled (annulé) ou payment-reversed (paiement contre-passé)."),
		fd("requested", UnitInstant, "When it was requested.", "Quand il a été demandé."),
		fd("paid", UnitInstant, "When it was paid.", "Quand il a été payé."),
		fd("commitment_entry", UnitID, "The ledger entry of the commitment.", "L'écriture de l'engagement."),
		fd("payment_entry", UnitID, "The ledger entry of the payment.", "L'écriture du paiement."),
	},
	"iati": {
		fd("iati-activity", UnitXML, "One activity: a fund (hierarchy 1) or a programme (hierarchy 2).", "Une activité : un fonds (hiérarchie 1) ou un programme (hiérarchie 2)."),
		fd("iati-identifier", UnitID, "The organization's IATI reference, FUND- or PROG-, and the record's identifier.", "La référence IATI de l'organisation, FUND- ou PROG-, et l'identifiant du registre."),
		fd("participating-org", UnitXML, "Funders (the contributors), the Board, and implementers.", "Bailleurs (les contributeurs), le Conseil et les exécutants."),
		fd("transaction", UnitXML, "A pledge (13), a commitment received (11), funds received (1) or a disbursement (3), in its original currency.", "Une promesse (13), un engagement reçu (11), des fonds reçus (1) ou un décaissement (3), dans sa devise d'origine."),
		fd("value", UnitDecimal, "A transaction's amount, with its ISO 4217 currency and value date.", "Le montant d'une transaction, avec sa devise ISO 4217 et sa date de valeur."),
		fd("related-activity", UnitXML, "The fund of a programme, the programmes of a fund.", "Le fonds d'un programme, les programmes d'un fonds."),
	},
	"iati-organisation": {
		fd("organisation-identifier", UnitID, "The organization's IATI reference.", "La référence IATI de l'organisation."),
		fd("total-expenditure", UnitXML, "What was paid in one calendar year (the current year up to the as-of date).", "Ce qui a été payé pendant une année civile (l'année en cours jusqu'à la date de référence)."),
		fd("value", UnitUSD, "The year's disbursements paid, in US dollars at the rates they were paid at.", "Les décaissements payés de l'année, en dollars aux taux de leur paiement."),
	},
}
