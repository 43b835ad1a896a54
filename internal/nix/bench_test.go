package nix

import (
	"math/rand"
	"testing"

	"github.com/docsite/docsite/bench/nixmod"
)

func BenchmarkParse(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	var files [][]byte
	size := 0
	for i := 0; i < 1000; i++ {
		src := []byte(nixmod.Module(r, i))
		files = append(files, src)
		size += len(src)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for n := 0; n < b.N; n++ {
		for i, src := range files {
			if _, err := ParseFile("m.nix", src); err != nil {
				b.Fatalf("module %d: %v", i, err)
			}
		}
	}
	// CPU time (all threads, so the garbage collector's share counts)
	// next to the wall-clock MB/s, which a busy machine distorts.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(size)*float64(b.N)/(float64(cpu)/1e9)/1e6, "cpu-MB/s")
	}
}
