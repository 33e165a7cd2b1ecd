// Package bench measures peaceboard's record against Tessera's POSIX driver, side by side in
// one run. It is a module of its own so that Tessera's dependencies stay out of the product.
//
//	cd bench && go test -run '^$' -bench . -benchtime 200000x -count 6 | tee /tmp/append.txt
package bench
