// Package theme is docsite's default theme, embedded in the binary.
package theme

import "embed"

// FS holds layouts/ and assets/.
//
//go:embed layouts assets
var FS embed.FS
