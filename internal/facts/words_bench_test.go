package facts

import "testing"

func BenchmarkWords(b *testing.B) {
	in := []string{"services.matrix-synapse.settings.listeners.*.port", "miniIp", "machines/mini-vm/jellyfin.nix", "Jellyfin listens on port 8096 behind Caddy on the Mac mini"}
	for b.Loop() {
		for _, s := range in {
			Words(s)
		}
	}
}
