#!/usr/bin/env bash
# Build benchmark (run by hand, not in CI): relbook against the pulldown-cmark floor and
# Hugo (and Zola when installed) on the same synthetic corpus, on tmpfs.
#
#   bench/run.sh N [N ...]        e.g. bench/run.sh 1000 10000 50000
#
# For each N: generates the corpus once (examples/gen_site), then reports wall time, CPU
# time, peak RSS and pages/s of one build each, relbook's per-stage breakdown, relbook
# with 1 and 2 threads, the floor with 1 and 2 threads, and the one-note rebuild of serve.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example gen_site --example floor --example bench_rebuild
BIN=target/release/relbook
WORK=${BENCH_DIR:-/dev/shm/relbook-bench}
mkdir -p "$WORK"

measure() { # label, command...: prints wall, cpu, rss
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err"; return 1; }
  read -r wall user sys rss < "$WORK/time"
  printf "  %-28s wall %6.2f s  cpu %6.2f s  peak %6.0f MB\n" "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc)"
  echo "$wall"  > "$WORK/last_wall"
}

for N in "$@"; do
  dir="$WORK/n$N"
  [ -d "$dir/relbook" ] || target/release/examples/gen_site "$N" "$dir" >/dev/null
  pages=$(( N * 3 / 2 + 40 ))
  echo "== N = $N releases (about $pages pages with retrospectives; bodies 2-4 KB)"
  rm -rf "$dir/out-floor"; measure "floor, 2 threads" target/release/examples/floor "$dir/bodies" "$dir/out-floor"; floor=$(cat "$WORK/last_wall")
  rm -rf "$dir/out-floor"; RAYON_NUM_THREADS=1 measure "floor, 1 thread" target/release/examples/floor "$dir/bodies" "$dir/out-floor"
  rm -rf "$dir/out-relbook"; measure "relbook, 2 threads" $BIN build --root "$dir/relbook" --output "$dir/out-relbook"; rb=$(cat "$WORK/last_wall")
  printf "  %-28s %.0f pages/s, %.1f x the floor\n" "" "$(echo "$pages / $rb" | bc -l)" "$(echo "$rb / $floor" | bc -l)"
  rm -rf "$dir/out-relbook"; RAYON_NUM_THREADS=1 measure "relbook, 1 thread" $BIN build --root "$dir/relbook" --output "$dir/out-relbook"
  rm -rf "$dir/out-relbook"; RELBOOK_TIMINGS=1 $BIN build --root "$dir/relbook" --output "$dir/out-relbook" 2>&1 | grep -E "^  " | sed 's/^/  stage/'
  if command -v hugo >/dev/null; then
    rm -rf "$dir/out-hugo"; measure "hugo" hugo --quiet -s "$dir/hugo" -d "$dir/out-hugo"; hugo_wall=$(cat "$WORK/last_wall")
    printf "  %-28s relbook is %.1f x faster than hugo\n" "" "$(echo "$hugo_wall / $rb" | bc -l)"
  fi
  if command -v zola >/dev/null; then
    echo "  (zola: not configured by this script's corpus yet)"
  fi
  target/release/examples/bench_rebuild "$dir/relbook" | sed 's/^/  /'
done
