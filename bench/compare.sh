#!/usr/bin/env bash
# Builds the same generated corpus with docsite and with Hugo, in one run,
# and prints wall time, CPU time (user+sys), peak memory and the
# docsite/Hugo ratios: medians of RUNS runs each (default 3), the tools
# taking turns.
#
#   bench/compare.sh [PAGES...]        default: 1000 10000
#   RUNS=5 BENCH_DIR=/tmp/bc bench/compare.sh 1000
#
# Needs hugo and GNU time (Debian packages hugo, time). Cold builds: each
# tool's output folder is absent when it starts; the corpus is generated
# once per size and reused by both tools. Also times `docsite check` and a
# build with validation switched off when the corpus carries a config tree.
#
# Old output folders are moved aside, not deleted, until the end: on ext4
# without a journal, creating files shortly after deleting thousands makes
# the kernel scan past every recently deleted inode (recently_deleted in
# fs/ext4/ialloc.c, minutes while the inode table is dirty), which charged
# whichever tool ran next with seconds of system time.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-3}
work=${BENCH_DIR:-$(mktemp -d)}
command -v hugo >/dev/null || { echo "hugo not found (apt-get install hugo)"; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)"; exit 2; }

go build -o "$work/docsite" ./cmd/docsite
echo "docsite: $("$work/docsite" version)   hugo: $(hugo version | cut -d' ' -f2)   cores: $(nproc)   runs: $runs"
trash="$work/trash.$$"
mkdir -p "$trash"
trap 'rm -rf "$trash"' EXIT

aside() { # moves folders out of the way without deleting them
	local d
	for d in "$@"; do
		[ -e "$d" ] && mv "$d" "$trash/$RANDOM$RANDOM.$(basename "$d")"
	done
	return 0
}

measure() { # label dir cmd... → appends "wall cpu_s peak_kib" to $work/times.label
	local label=$1 dir=$2; shift 2
	local t="$work/time.$label"
	(cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >/dev/null 2>"$work/err.$label") || {
		echo "$label failed:"; tail -20 "$work/err.$label"; return 1; }
	read -r wall user sys kb <"$t"
	echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $kb" >>"$work/times.$label"
}

median() { # label column → median of that column over the runs
	sort -g -k"$2" "$work/times.$1" | awk -v c="$2" '{ v[NR] = $c } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for n in "${sizes[@]}"; do
	dir="$work/corpus-$n"
	[ -d "$dir" ] || go run ./bench/gencorpus -pages "$n" -nix 1000 -out "$dir"
	aside "$dir/public" "$dir/hugo-out"
	rm -f "$work"/times.*
	for _ in $(seq "$runs"); do
		measure hugo "$dir" hugo --quiet -d hugo-out
		aside "$dir/hugo-out"
		measure docsite "$dir" "$work/docsite" build
		aside "$dir/public"
		measure novalidate "$dir" env DOCSITE_VALIDATE=0 "$work/docsite" build --no-validate
		aside "$dir/public"
		measure check "$dir" "$work/docsite" check
	done
	for l in hugo docsite novalidate check; do
		read -r "w_$l" < <(median "$l" 1)
		read -r "c_$l" < <(median "$l" 2)
		read -r "m_$l" < <(median "$l" 3)
	done
	echo
	echo "== $n pages ($(du -sh "$dir/content" | cut -f1) of Markdown), 1000 .nix files; medians of $runs runs"
	printf '%-28s %8s %12s %10s\n' "" "wall s" "user+sys s" "peak MiB"
	row() { printf '%-28s %8s %12s %10d\n' "$1" "$2" "$3" $(($4 / 1024)); }
	row "hugo build" "$w_hugo" "$c_hugo" "$m_hugo"
	row "docsite build (validating)" "$w_docsite" "$c_docsite" "$m_docsite"
	row "docsite build --no-validate" "$w_novalidate" "$c_novalidate" "$m_novalidate"
	row "docsite check" "$w_check" "$c_check" "$m_check"
	awk -v dw="$w_docsite" -v hw="$w_hugo" -v dc="$c_docsite" -v hc="$c_hugo" -v dm="$m_docsite" -v hm="$m_hugo" \
		-v nw="$w_novalidate" -v nc="$c_novalidate" -v cw="$w_check" 'BEGIN {
		printf "time docsite/hugo: %.2f wall, %.2f cpu (target <= 0.50)   memory docsite/hugo: %.2f (target <= 0.50 at 10k)\n", dw/hw, dc/hc, dm/hm
		printf "validation overhead: %+.0f%% wall, %+.0f%% cpu (target <= +20%%)   check: %.2f s wall\n", (dw/nw-1)*100, (dc/nc-1)*100, cw }'
done
