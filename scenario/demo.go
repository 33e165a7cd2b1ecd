package scenario

import _ "embed"

//go:embed demo/board-of-peace-2026.yaml
var demo []byte

// DemoName is the file name of the built-in demo scenario.
const DemoName = "board-of-peace-2026.yaml"

// Demo returns the built-in demo scenario: the Board of Peace's real 2026 timeline.
func Demo() *Scenario {
	sc, err := Parse(DemoName, demo)
	if err != nil {
		panic("scenario: the embedded demo is invalid: " + err.Error())
	}
	return sc
}
