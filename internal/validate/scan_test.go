package validate

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzScanFastPath: the scanner's fast path for words and its filter of
// host names find what the slow path finds, in and out of port context.
func FuzzScanFastPath(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join(labelledDir, "*.md"))
	for _, p := range pages {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(string(src))
		}
	}
	f.Add("Port 8096. LISTEN listen: bee. Bee, mini-vm_ http://bee:80/x notes: a://b ports: 80 and 443.")
	f.Add("Open ports: Jellyfin 8096, Synapse 8008 and bee 22; Ports: see the 3 services. Port: 8096 (HTTP)")
	inv := labelledInventory(f)
	var x extractor
	f.Fuzz(func(t *testing.T, text string) {
		for _, port := range []int{pcNone, pcPort, pcLabels, pcGap + 2} {
			fast := scanner{known: inv.knownHost, maxKnown: inv.maxHost, words: x.hostFilter(inv)}
			slow := fast
			slow.noFastPath = true
			fast.scan(text, port)
			slow.scan(text, port)
			if !slices.Equal(fast.out, slow.out) {
				t.Fatalf("scan(%q, %v):\nfast %+v\nslow %+v", text, port, fast.out, slow.out)
			}
		}
	})
}
