#!/usr/bin/env bash
# Edit-to-reload latency of `docsite serve` on a generated site, compared
# with `hugo server` on the same corpus in the same run, and wrk load on a
# typical page.
#
#   bench/serve/run.sh            PAGES=1000 EDITS=50 by default
#
# For docsite: file write → SSE event on /__docsite/events, and → new text
# served, for a page edit; file write → event for a Nix edit that flips a
# claim's verdict. For Hugo (default fast render): file write → livereload
# WebSocket "reload". Edits are 1 s apart, plus one run 150 ms apart.
# After each docsite run, the server's CPU time (user+sys) per edit, which
# a busy machine does not inflate as it does the latencies.
# Needs hugo and wrk (Debian packages) for their parts; skips them if absent.
set -euo pipefail
cd "$(dirname "$0")/../.."
pages=${PAGES:-1000}
edits=${EDITS:-50}
work=${BENCH_DIR:-$(mktemp -d)}
go build -o "$work/docsite" ./cmd/docsite
go build -o "$work/latency" ./bench/serve/latency
dir="$work/corpus-$pages"
[ -d "$dir" ] || go run ./bench/gencorpus -pages "$pages" -nix 50 -out "$dir" >/dev/null
echo "corpus: $pages pages, $(find "$dir/infra" -name '*.nix' | wc -l) nix files; cores: $(nproc)"

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
waitfor() { # url
	for _ in $(seq 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
	echo "server at $1 did not come up"; return 1
}

page=content/section-00/page-00001.md
url_path=/section-00/page-00001/
nix=$(grep -l 'port = ' -r "$dir/infra/machines" | head -1)
from=$(grep -o 'port = [0-9]*;' "$nix" | head -1)
num=${from//[^0-9]/}
to="port = $((num + 1));"

# docsite
port=$(freeport)
"$work/docsite" serve -config "$dir/site.toml" -bind 127.0.0.1 -port "$port" >"$work/docsite.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
waitfor "http://127.0.0.1:$port$url_path"
grep -m1 'docsite serve:' "$work/docsite.log" || true
base="http://127.0.0.1:$port"
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)
measured() { # label, latency args…
	local label=$1 t0
	shift
	t0=$(ticks)
	"$work/latency" -label "$label" "$@"
	sleep 1 # the last edit's background check
	awk -v l="$label" -v t="$(($(ticks) - t0))" -v hz="$hz" -v n="$edits" \
		'BEGIN { printf "%-40s server CPU %.1f ms per edit (user+sys)\n", l, t * 1000 / hz / n }'
}
measured "docsite page edit" -n "$edits" -sse "$base/__docsite/events" -file "$dir/$page" -page "$base$url_path"
measured "docsite page edit, 150 ms apart" -gap 150ms -n "$edits" -sse "$base/__docsite/events" -file "$dir/$page"
measured "docsite config edit (${nix#$dir/})" -n "$edits" -sse "$base/__docsite/events" -file "$nix" -from "$from" -to "$to"
if command -v wrk >/dev/null; then
	echo "wrk -t4 -c64 -d10s $url_path"
	wrk -t4 -c64 -d10s "$base$url_path" | grep -E 'Requests/sec|Non-2xx|Socket errors|requests in|Latency'
fi
kill $pid; wait $pid 2>/dev/null || true

# Hugo, same corpus, same edit
if command -v hugo >/dev/null; then
	hport=$(freeport)
	(cd "$dir" && exec hugo server --bind 127.0.0.1 --port "$hport" -d "$work/hugo-out" >"$work/hugo.log" 2>&1) &
	hpid=$!
	trap 'kill $hpid 2>/dev/null || true' EXIT
	waitfor "http://127.0.0.1:$hport/"
	grep -m1 'Total in' "$work/hugo.log" || true
	"$work/latency" -label "hugo page edit ($(hugo version | cut -d' ' -f2))" -n "$edits" -livereload "ws://127.0.0.1:$hport/livereload" -file "$dir/$page"
	kill $hpid; wait $hpid 2>/dev/null || true
fi
