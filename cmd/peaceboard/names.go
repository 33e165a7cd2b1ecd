package main

import (
	"strconv"
	"strings"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
)

// The CLI's tables and sentences name what the record holds by its identifier: a reader reads
// "Qatar (state:QAT)" where the record says state:QAT, and amounts grouped by thousands
// (14,275,000,000.00). --json keeps the identifiers and the plain decimal strings: it is the
// contract scripts read (SPEC §6.1).

// stateName returns a State's English name, "Kazakhstan", as the portal writes it; a code the
// region data does not know, as it is.
func stateName(code board.StateCode) string { return code.Name("en") }

// stateLabel is a State in a table: "Kazakhstan (KAZ)".
func stateLabel(code string) string {
	name := stateName(board.StateCode(code))
	if name == code {
		return code
	}
	return name + " (" + code + ")"
}

// actorLabel is an actor in a table or a sentence: "Qatar (state:QAT)"; other actors (chairman,
// org:fifa) as the record names them, having no other name the record gives.
func actorLabel(actor string) string {
	code, ok := board.ActorID(actor).State()
	if !ok {
		return actor
	}
	name := stateName(code)
	if name == string(code) {
		return actor
	}
	return name + " (" + actor + ")"
}

// contributorLabel is a contributor in a table or a sentence: "Qatar (state:QAT)", "FIFA
// (org:fifa)", by the name the record's rules give it; as actorLabel where they give none.
func contributorLabel(c apiv1.Contributor) string {
	if c.Name == "" || c.Name == c.Contributor {
		return actorLabel(c.Contributor)
	}
	return c.Name + " (" + c.Contributor + ")"
}

// grouped groups a decimal amount's whole part by thousands: "14275000000.00" is
// "14,275,000,000.00", and "USD 1000.00" (an amount in its currency) "USD 1,000.00". Anything
// else is returned as it is.
func grouped(amount string) string {
	if cur, value, ok := strings.Cut(amount, " "); ok && len(cur) == 3 && strings.Trim(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		if g := grouped(value); g != value {
			return cur + " " + g
		}
		return amount
	}
	sign, digits := "", amount
	if rest, ok := strings.CutPrefix(digits, "-"); ok {
		sign, digits = "-", rest
	}
	whole, frac, hasFrac := strings.Cut(digits, ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" {
		return amount
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// count writes a count with its noun in the right number: "1 member State", "3 member States".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
