// Package layers holds no code: its test checks that the module's packages
// import each other only in the directions the design allows.
package layers
