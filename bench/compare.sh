#!/usr/bin/env bash
# Builds the same generated corpus with docsite and with Hugo, in one run,
# and prints wall time, peak memory and the docsite/Hugo ratios.
#
#   bench/compare.sh [PAGES...]        default: 1000 10000
#
# Needs hugo and GNU time (Debian packages hugo, time). Cold builds: each
# tool's output folder is removed before its run; the corpus is generated
# once per size and reused by both tools. Also times `docsite check` and a
# build with validation switched off when the corpus carries a config tree.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=${BENCH_DIR:-$(mktemp -d)}
command -v hugo >/dev/null || { echo "hugo not found (apt-get install hugo)"; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)"; exit 2; }

go build -o "$work/docsite" ./cmd/docsite
echo "docsite: $("$work/docsite" version)   hugo: $(hugo version | cut -d' ' -f2)   cores: $(nproc)"

measure() { # label dir cmd... → prints "label wall_s peak_mib"
	local label=$1 dir=$2; shift 2
	local t="$work/time.$label"
	(cd "$dir" && /usr/bin/time -f '%e %M' -o "$t" "$@" >/dev/null 2>"$work/err.$label") || {
		echo "$label failed:"; tail -20 "$work/err.$label"; return 1; }
	read -r wall kb <"$t"
	printf '%s %s %d\n' "$label" "$wall" $((kb / 1024))
}

for n in "${sizes[@]}"; do
	dir="$work/corpus-$n"
	[ -d "$dir" ] || go run ./bench/gencorpus -pages "$n" -nix 1000 -out "$dir"
	rm -rf "$dir/public" "$dir/hugo-out"
	read -r _ hw hm < <(measure hugo "$dir" hugo --quiet -d hugo-out)
	rm -rf "$dir/public"
	read -r _ dw dm < <(measure docsite "$dir" "$work/docsite" build)
	rm -rf "$dir/public"
	read -r _ nw nm < <(measure novalidate "$dir" env DOCSITE_VALIDATE=0 "$work/docsite" build --no-validate)
	read -r _ cw cm < <(measure check "$dir" "$work/docsite" check)
	echo
	echo "== $n pages ($(du -sh "$dir/content" | cut -f1) of Markdown), 1000 .nix files"
	printf '%-28s %8s s %8s MiB\n' "hugo build" "$hw" "$hm"
	printf '%-28s %8s s %8s MiB\n' "docsite build (validating)" "$dw" "$dm"
	printf '%-28s %8s s %8s MiB\n' "docsite build --no-validate" "$nw" "$nm"
	printf '%-28s %8s s %8s MiB\n' "docsite check" "$cw" "$cm"
	awk -v dw="$dw" -v hw="$hw" -v dm="$dm" -v hm="$hm" -v nw="$nw" 'BEGIN {
		printf "time docsite/hugo: %.2f (target <= 0.50)   memory docsite/hugo: %.2f (target <= 0.50 at 10k)\n", dw/hw, dm/hm
		printf "validation overhead: %+.0f%% (target <= +20%%)\n", (dw/nw-1)*100 }'
done
