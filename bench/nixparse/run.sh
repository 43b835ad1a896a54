#!/usr/bin/env bash
# Times docsite's Nix parser against nix-instantiate --parse on the same
# generated module trees (1,000 and 10,000 files of about 0.6 KB), each
# tool parsing all files in one process. Prints MB/s and files/s.
#
#   bench/nixparse/run.sh            # both sizes
#   bench/nixparse/run.sh 1000       # one size
set -euo pipefail
cd "$(dirname "$0")/../.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/nixparse" ./bench/nixparse

# nix-instantiate as any user, without a daemon or a writable /nix/var.
mkdir -p "$tmp/home" "$tmp/state" "$tmp/conf"
export HOME="$tmp/home" NIX_STATE_DIR="$tmp/state" NIX_CONF_DIR="$tmp/conf" NIX_PATH=

have_nix=1
command -v nix-instantiate >/dev/null || { have_nix=0; echo "nix-instantiate not found: printing docsite only"; }

# CPU seconds (user+system) are the fair measure on a shared machine;
# wall seconds are shown too. The single-threaded docsite rows run with
# GOMAXPROCS=1 (collector included), as nix-instantiate is one thread;
# files are read with open/read/close into a reused buffer. MB/s and files/s are computed from CPU time,
# except for the -j row (several goroutines), where wall time is what the
# parallelism buys: its MB/s and files/s use wall time.
row() { printf '%-24s %6s %6s %8s %8s %9s %9s\n' "$@"; }
row tool files MB wall-s cpu-s MB/s files/s
line() { # name files MB wall cpu [wall]
	awk -v t="$1" -v n="$2" -v mb="$3" -v w="$4" -v c="$5" -v by="${6:-cpu}" 'BEGIN {
		d = (by == "wall") ? w : c
		printf "%-24s %6d %6.2f %8.3f %8.3f %9.2f %9.0f\n", t, n, mb, w, c, mb/d, n/d }'
}

for n in "${sizes[@]}"; do
	dir="$tmp/m$n"
	"$tmp/nixparse" -gen "$dir" -n "$n"
	cat "$dir"/*.nix >/dev/null # warm the page cache for both

	read -r files mb wall cpu < <("$tmp/nixparse" -time "$dir")
	line "docsite parse+check" "$files" "$mb" "$wall" "$cpu"
	read -r files mb wall cpu < <("$tmp/nixparse" -time "$dir" -print)
	line "docsite parse+print" "$files" "$mb" "$wall" "$cpu"
	j=$(nproc)
	read -r files mb wall cpu < <("$tmp/nixparse" -time "$dir" -j "$j")
	line "docsite parse+check -j$j" "$files" "$mb" "$wall" "$cpu" wall

	if [ "$have_nix" = 1 ]; then
		TIMEFORMAT='%R %U %S'
		t=$( { time nix-instantiate --parse "$dir"/*.nix >/dev/null; } 2>&1 )
		read -r wall user sys <<<"$t"
		cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
		line "nix-instantiate --parse" "$n" "$mb" "$wall" "$cpu"
	fi
done
