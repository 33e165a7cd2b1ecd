package record_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/record"
	"golang.org/x/mod/sumdb/tlog"
)

// The example request of C2SP tlog-witness.
const specAddCheckpoint = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
`

func TestAddCheckpoint(t *testing.T) {
	a, err := record.ParseAddCheckpoint([]byte(specAddCheckpoint))
	if err != nil {
		t.Fatal(err)
	}
	if a.OldSize != 20852014 || len(a.Proof) != 4 || !strings.HasPrefix(string(a.Checkpoint), "example.com/behind-the-sofa\n20852163\n") {
		t.Fatalf("parsed %d, %d proof lines, checkpoint %q", a.OldSize, len(a.Proof), a.Checkpoint)
	}
	if got := string(a.Marshal()); got != specAddCheckpoint {
		t.Errorf("marshal does not give back the request:\n%s", got)
	}
	empty := record.AddCheckpoint{Checkpoint: []byte("o\n1\nAAAA\n")}
	back, err := record.ParseAddCheckpoint(empty.Marshal())
	if err != nil || back.OldSize != 0 || back.Proof != nil || !reflect.DeepEqual(back.Checkpoint, empty.Checkpoint) {
		t.Errorf("round trip of an empty proof: %+v, %v", back, err)
	}
	long := record.AddCheckpoint{OldSize: 1, Proof: make(tlog.TreeProof, 64)}
	for _, bad := range []string{
		"", "old 1", "old 01\n\n", "old -1\n\n", "old 1\nnot base64\n\n", "old 1\nAAAA\n\n", "old 0\n" + strings.Repeat("A", 43) + "=\n\n",
		"old 1\n" + strings.Repeat("A", 43) + "=\n", string(long.Marshal()),
	} {
		if _, err := record.ParseAddCheckpoint([]byte(bad)); err == nil {
			t.Errorf("ParseAddCheckpoint(%q) accepted", bad)
		}
	}
}
