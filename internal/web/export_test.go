package web

// Concerned is concerned, for the tests.
var Concerned = concerned
