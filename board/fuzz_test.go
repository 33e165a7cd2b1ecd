package board_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/money"
)

// FuzzParseCanonical: decoding act bytes never panics, and whatever decodes is exactly the
// canonical encoding, in its format, of the act it decodes to, so two different byte strings
// never carry the same signed act. Act format v2 bytes are also exactly RFC 8785 (CheckJCS and
// an independent encoder, jcsOf, agree).
func FuzzParseCanonical(f *testing.F) {
	for _, body := range sampleBodies {
		b, err := board.Act{At: ts("2026-01-22T10:00:00Z"), By: sampleActor(body.Kind()), Body: body}.Canonical()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		if b, err = (board.Act{At: ts("2026-01-22T10:00:00Z"), By: sampleActor(body.Kind()), Body: body}).CanonicalV1(); err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"at":"2026-01-22T10:00:00Z","by":"chairman","act":"resign","fields":{}}`))
	f.Add([]byte(`{"act":"comment","at":"2026-01-22T10:00:00.5Z","by":"state:KAZ","fields":{"proposal":"p","text":"<a> & \u2028 中文 😀\n"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := board.ParseCanonical(data)
		if err != nil {
			return
		}
		encode := a.Canonical
		if board.FormatOf(data) == board.ActFormatV1 {
			encode = a.CanonicalV1
		} else if err := board.CheckJCS(data); err != nil {
			t.Fatalf("ParseCanonical accepted %q, which CheckJCS refuses: %v", data, err)
		} else if want, ok := jcsOf(data); !ok || !bytes.Equal(want, data) {
			t.Fatalf("ParseCanonical accepted %q, which RFC 8785 writes %q", data, want)
		}
		again, err := encode()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("ParseCanonical accepted %q, which re-encodes as %q", data, again)
		}
	})
}

func TestCanonicalTextIsNormalized(t *testing.T) {
	at := ts("2026-01-22T10:00:00Z")
	tests := []struct {
		name string
		text string
		ok   bool
	}{
		{"NFC accents", "Conseil de la paix, État fondateur", true},
		{"line feed and tab", "First paragraph.\n\tSecond.", true},
		{"decomposed accent (NFD)", "E\u0301tat fondateur", false},
		{"carriage return", "line\r\nbreak", false},
		{"NUL", "a\x00b", false},
		{"invalid UTF-8", "a\xffb", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := board.Act{At: at, By: "chairman", Body: &board.DesignateSuccessor{Person: tt.text}}.Canonical()
			if (err == nil) != tt.ok {
				t.Errorf("Canonical(%q): err = %v, want ok = %v", tt.text, err, tt.ok)
			}
			if err != nil && board.ErrorKindOf(err) != board.Invalid {
				t.Errorf("kind = %v, want invalid", board.ErrorKindOf(err))
			}
		})
	}
	// Lists of text are checked too.
	if _, err := (board.Act{At: at, By: "chairman", Body: &board.CreateSubsidiary{ID: "s", Name: "S", Members: []string{"ok", "E\u0301"}}}).Canonical(); err == nil {
		t.Error("a decomposed name in a list was accepted")
	}
}

// TestParseCanonicalSaysWhatIsWrong: bytes that are not an act's canonical bytes are refused with
// the reason, not only "not in canonical form".
func TestParseCanonicalSaysWhatIsWrong(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"act":"resign","at":"2026-01-22T10:00:00Z","by":"chairman","fields":{"why":1}}`, `unknown field "why"`},
		{`{"act":"resign","at":"2026-01-22T10:00:00Z","by":"chairman","fields":{},"x":1}`, `unknown field "x"`},
		{`{"act":"annex","at":"2026-01-22T10:00:00Z","by":"chairman","fields":{}}`, `unknown kind "annex"`},
		{`{"act":"resign","at":"2026-01-22T10:00:00Z","by":"chairman","fields":{}} `, `not in RFC 8785 form: at byte 72: data after the JSON value`},
		{`{"by":"chairman","at":"2026-01-22T10:00:00Z","act":"resign","fields":{}}`, `not an act`},
		{`{"at":"2026-01-22T10:00:00Z","by":"chairman","act":"resign","fields":{"why":1}}`, `unknown field "why"`},
		{`{"at":"2026-01-22T10:00:00Z","by":"chairman","act":"resign","fields":{}} `, `not in canonical form (act format v1)`},
	} {
		_, err := board.ParseCanonical([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCanonical(%s) = %v; want an error saying %s", tt.in, err, tt.want)
		}
	}
	b, err := board.Act{At: ts("2026-01-22T10:00:00Z"), By: board.Chairman, Body: &board.Resign{}}.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := board.ParseCanonical(b); err != nil {
		t.Fatalf("ParseCanonical(%s): %v", b, err)
	}
}

// BenchmarkParseCanonical parses a receipt's canonical bytes, as verify does for every entry.
func BenchmarkParseCanonical(b *testing.B) {
	act := board.Act{At: ts("2026-03-11T01:00:00Z"), By: board.Secretariat, Body: &board.Receive{ID: "bench-receipt-3",
		Contributor: "state:QAT", Amount: money.Amount{Currency: "USD", Minor: 100000}, ValueDate: board.Day(ts("2026-03-11")), Form: "cash", Fund: "general"}}
	data, err := act.Canonical()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := board.ParseCanonical(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCanonical encodes acts as the write path does for every act it takes: a receipt (the
// most common act with money and a date) and a comment whose text is not ASCII.
func BenchmarkCanonical(b *testing.B) {
	for _, act := range []board.Act{
		{At: ts("2026-03-11T01:00:00Z"), By: board.Secretariat, Body: &board.Receive{ID: "bench-receipt-3",
			Contributor: "state:QAT", Amount: money.Amount{Currency: "USD", Minor: 100000}, ValueDate: board.Day(ts("2026-03-11")), Form: "cash", Fund: "general"}},
		{At: ts("2026-03-11T01:00:00.5Z"), By: "state:HUN", Body: &board.Comment{Proposal: "gaza-budget",
			Text: "Nous soutenons la proposition <sous réserve> d'un rapport trimestriel & d'un audit.\nZweite Zeile: Übersicht, 中文."}},
	} {
		b.Run(string(act.Body.Kind()), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := act.Canonical(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
