// Package examples holds rules files and scenarios for organizations other than the Board of
// Peace, and the tests that replay them. coalition.toml is the rules file of a made-up Coastal
// Security Coalition; coalition.yaml is a scenario run under it (peaceboard replay
// examples/coalition.yaml).
package examples
