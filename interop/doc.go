// Package interop checks peaceboard's public log with software we did not write: Tessera's
// client reads our C2SP tlog-tiles over HTTP. It is a module of its own so that Tessera's
// dependencies stay out of the product.
package interop
