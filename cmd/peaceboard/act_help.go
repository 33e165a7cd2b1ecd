package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/peaceboard/peaceboard/board"
)

// The help of act, from board's description of the catalogue: "act -h" lists every kind of act
// with who does it and its fields, "act KIND -h" describes one kind's fields. Both follow the
// usage and flags the flag set prints, on standard error, and exit 0.

// actHelp prints the kinds of act, or with a kind, that kind's fields; it returns flag.ErrHelp,
// or the usage error of an unknown kind.
func (m *Main) actHelp(pos []string) error {
	if len(pos) == 0 {
		printKinds(m.Stderr, board.Catalogue())
		return flag.ErrHelp
	}
	d, err := describeKind(pos[0])
	if err != nil {
		return err
	}
	printKind(m.Stderr, d)
	return flag.ErrHelp
}

// describeKind returns the description of the act named s, or a usage error that suggests the
// nearest kinds.
func describeKind(s string) (board.KindDescription, error) {
	if d, ok := board.Describe(board.Kind(s)); ok {
		return d, nil
	}
	msg := fmt.Sprintf("unknown act %q", s)
	if near := nearestKinds(s); len(near) > 0 {
		msg += " (did you mean " + strings.Join(near, " or ") + "?)"
	}
	return board.KindDescription{}, usageError{msg + `; "peaceboard act -h" lists every kind of act`}
}

// nearestKinds returns the kinds of act closest to s by edit distance, if any is close enough
// to be a typing mistake: at most a third of s's letters away (and always 2); else the kinds s
// begins ("renew" for renew-term and renew-executive).
func nearestKinds(s string) []string {
	best, most := -1, max(2, len(s)/3)
	var near []string
	for _, k := range board.Kinds() {
		d := editDistance(s, string(k))
		switch {
		case d > most || best >= 0 && d > best:
		case d == best:
			near = append(near, string(k))
		default:
			best, near = d, []string{string(k)}
		}
	}
	if near == nil && len(s) >= 3 {
		for _, k := range board.Kinds() {
			if strings.HasPrefix(string(k), s) {
				near = append(near, string(k))
			}
		}
	}
	return near
}

// editDistance is the Levenshtein distance between a and b, in bytes (kinds are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// printKinds lists every kind: who does it, under which rule, and its fields as act takes them.
func printKinds(w io.Writer, kinds []board.KindDescription) {
	fmt.Fprintln(w, "\nKinds of act, by whom, and their fields ([optional]); \"peaceboard act KIND -h\" describes one:")
	for _, d := range kinds {
		line := "  " + string(d.Kind) + " (" + actors(d.By)
		if d.Rule != "" {
			line += ", " + d.Rule
		}
		line += "):"
		if len(d.Fields) == 0 {
			line += " no fields"
		}
		for _, f := range d.Fields {
			arg := f.Name + "=<" + f.TypeName() + ">"
			if f.Optional {
				arg = "[" + arg + "]"
			}
			if len(line)+1+len(arg) > 100 {
				fmt.Fprintln(w, line)
				line = "      "
			}
			line += " " + arg
		}
		fmt.Fprintln(w, line)
	}
}

// printKind describes one kind of act and each of its fields.
func printKind(w io.Writer, d board.KindDescription) {
	fmt.Fprintf(w, "\n%s: %s\nBy: %s.", d.Kind, d.Summary, actors(d.By))
	if d.Rule != "" {
		fmt.Fprintf(w, " Rule: %s.", d.Rule)
	}
	fmt.Fprintln(w)
	if len(d.Fields) == 0 {
		fmt.Fprintf(w, "\n%s takes no fields.\n", d.Kind)
		return
	}
	fmt.Fprintln(w, "\nFields (field=value):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var formats []board.Format
	var row func(name string, f board.FieldDescription)
	row = func(name string, f board.FieldDescription) {
		need := "required"
		if f.Optional {
			need = "optional"
		}
		typ := f.TypeName()
		if f.MaxLength > 0 {
			typ += fmt.Sprintf(", at most %d bytes", f.MaxLength)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", name, typ, need, f.Description)
		for _, g := range []*board.FieldDescription{&f, f.Items} {
			if g != nil && g.Format != "" && !slices.Contains(formats, g.Format) {
				formats = append(formats, g.Format)
			}
		}
		if f.Items != nil {
			for _, sub := range f.Items.Fields {
				row(name+"."+sub.Name, sub)
			}
		}
	}
	for _, f := range d.Fields {
		row(f.Name, f)
	}
	tw.Flush()
	for _, f := range d.Fields {
		if f.Items != nil && f.Items.Type == board.TypeObject {
			fmt.Fprintf(w, "\nGive %s as a JSON list of objects, quoted for the shell: %s\n", f.Name, objectsExample(f))
		}
	}
	if len(formats) > 0 {
		fmt.Fprintln(w, "\nFormats:")
		for _, f := range formats {
			fmt.Fprintf(w, "  %-11s %s\n", f, formatHints[f])
		}
	}
	var lists []string
	for _, f := range d.Fields {
		if f.Items != nil && f.Items.Type == board.TypeObject {
			lists = append(lists, "  "+f.Name+"='"+jsonShape(f.Items)+"'")
		}
	}
	if len(lists) > 0 {
		fmt.Fprintln(w, "\nLists of objects are given in JSON, one object per item, like:")
		fmt.Fprintln(w, strings.Join(lists, "\n"))
	}
}

// jsonShape writes an object's fields as JSON with placeholders, for "act KIND -h":
// [{"code":"…","percentage":N}, …].
func jsonShape(f *board.FieldDescription) string {
	var members []string
	for _, sub := range f.Fields {
		v := `"…"`
		switch sub.Type {
		case board.TypeInteger:
			v = "N"
		case board.TypeBoolean:
			v = "true"
		}
		members = append(members, fmt.Sprintf("%q:%s", sub.Name, v))
	}
	return "[{" + strings.Join(members, ",") + "}, …]"
}

// objectsExample writes how a list of objects is given on the command line, with its objects'
// fields: witnesses='[{"name": …, "key": …, "url": …}, …]'.
func objectsExample(f board.FieldDescription) string {
	fields := make([]string, len(f.Items.Fields))
	for i, sub := range f.Items.Fields {
		fields[i] = fmt.Sprintf("%q: …", sub.Name)
	}
	return f.Name + "='[{" + strings.Join(fields, ", ") + "}, …]'"
}

// formatHints say how to write a value of each format on the command line.
var formatHints = map[board.Format]string{
	board.FormatDateTime:  "a date (2026-01-22, its midnight UTC) or an RFC 3339 time",
	board.FormatMoney:     `"CUR 123.45": an ISO 4217 currency, a space, the amount ("USD 1000.00", "JPY 5000")`,
	board.FormatCurrency:  "an ISO 4217 code: USD, EUR",
	board.FormatState:     "an ISO 3166-1 alpha-3 code: KAZ (XKX for Kosovo)",
	board.FormatActor:     "chairman, state:KAZ, org:ID, executive:ID, chief-executive or secretariat",
	board.FormatID:        "an identifier: lower-case letters, digits and dashes (gaza-2026)",
	board.FormatPublicKey: "an Ed25519 public key in base64, as keys new prints it",
	board.FormatKeyID:     "a key id: 16 lowercase hexadecimal digits",
	board.FormatRate:      "US dollars per unit, a plain decimal: 1.0813",
	board.FormatHexKey:    "an Ed25519 public key: its 32 bytes in 64 lowercase hexadecimal digits",
	board.FormatURL:       "an absolute URL: https://witness.example.org/",
	board.FormatSector:    "a 5-digit OECD DAC purpose code: 73010",
	board.FormatCountry:   "an ISO 3166-1 alpha-2 code: PS (XK for Kosovo)",
}

// actors names kinds of actor for a person: "chairman, chief-executive".
func actors(kinds []board.ActorKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
