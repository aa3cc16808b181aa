#!/usr/bin/env bash
# Build benchmark (run by hand, not in CI): relbook against the pulldown-cmark floor,
# Zola and Hugo (when installed) on the same synthetic corpus, on tmpfs.
#
#   bench/run.sh N [N ...]        e.g. bench/run.sh 1000 10000 50000
#   RUNS=5 bench/run.sh 10000     best of 5 instead of 3
#
# For each N: generates the corpus once (examples/gen_site), then reports the best of RUNS
# builds (wall time, CPU time, peak RSS, pages/s), first of the full corpus, then of the
# release notes alone: the floor (every body through pulldown-cmark, written to a file)
# with 2 and 1 threads, relbook with a cold history cache, relbook with a warm one (2 and 1
# threads, with the stage breakdown of each), Hugo and Zola on the same bodies; last the
# one-note rebuilds of `relbook serve`.
# These machines are shared: single runs vary by a third; compare within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin relbook --example gen_site --example floor --example bench_rebuild
BIN=target/release/relbook
WORK=${BENCH_DIR:-/dev/shm/relbook-bench}
RUNS=${RUNS:-3}
mkdir -p "$WORK"
export XDG_CACHE_HOME="$WORK/cache"
# Zola: $ZOLA, else `zola` on PATH, else the binary in ../shared/tools unpacked into $WORK
# (never into the repository).
ZOLA=${ZOLA:-$(command -v zola || true)}
if [ -z "$ZOLA" ] && [ -f ../shared/tools/zola.xz ]; then
  [ -x "$WORK/zola" ] || { xz -dkc ../shared/tools/zola.xz > "$WORK/zola" && chmod +x "$WORK/zola"; }
  ZOLA="$WORK/zola"
fi

# label, command...: best wall of $RUNS runs (output folder $OUT emptied before each);
# prints wall, cpu and peak RSS of that run and leaves its wall in $WORK/last_wall.
measure() {
  local label=$1; shift
  local best=""
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT"
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err"; return 1; }
    read -r wall user sys rss < "$WORK/time"
    if [ -z "$best" ] || (( $(echo "$wall < ${best%% *}" | bc) )); then best="$wall $user $sys $rss"; fi
  done
  read -r wall user sys rss <<< "$best"
  printf "  %-30s wall %6.2f s  cpu %6.2f s  peak %5.0f MB\n" "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc)"
  echo "$wall" > "$WORK/last_wall"
}

# threads: the stage breakdown of the warm build (of $RUNS) whose render stage (pages
# and site files) was fastest.
stages() {
  local best=""
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT"
    RAYON_NUM_THREADS=$1 RELBOOK_TIMINGS=1 $BIN build --root "$dir/relbook" --output "$OUT" 2>&1 \
      | grep -E "^  " | sed "s/^/    /" > "$WORK/stages-run"
    local ms; ms=$(grep "pages and site files" "$WORK/stages-run" | awk '{print $(NF-1)}')
    if [ -z "$best" ] || (( $(echo "$ms < $best" | bc) )); then
      best=$ms; cp "$WORK/stages-run" "$WORK/stages-$1"
    fi
  done
  cat "$WORK/stages-$1"
}

# DIR/SITE-notes: the site at DIR/SITE without its retrospectives and checklists (hard links).
notes_only() {
  if [ ! -d "$1-notes" ]; then
    cp -al "$1" "$1-notes"
    rm -rf "$1-notes/content/retrospectives" "$1-notes/content/checklists"
  fi
}

# label, wall of relbook, wall of the other: "relbook is X x faster than label".
faster() {
  printf "  %-30s relbook is %.2f x faster than %s\n" "" "$(echo "$3 / $2" | bc -l)" "$1"
}

for N in "$@"; do
  dir="$WORK/n$N"
  if [ -d "$dir/relbook" ] && [ ! -d "$dir/bodies/others" ]; then
    echo "$dir predates the full-corpus comparison; delete it to regenerate"; exit 1
  fi
  [ -d "$dir/relbook" ] || target/release/examples/gen_site "$N" "$dir" >/dev/null
  pages=$(( N * 3 / 2 + 40 ))
  echo "== N = $N releases: notes, N/2 retrospectives, 3N checklists (bodies 2-4 KB, 0.5 KB, 0.2 KB); best of $RUNS"
  echo "-- full corpus (about $pages pages: checklists show on their release's page)"
  OUT="$dir/out-floor"
  measure "floor, 2 threads" target/release/examples/floor "$dir/bodies" "$OUT"; floor=$(cat "$WORK/last_wall")
  RAYON_NUM_THREADS=1 measure "floor, 1 thread" target/release/examples/floor "$dir/bodies" "$OUT"
  OUT="$dir/out-relbook"
  rm -rf "$XDG_CACHE_HOME"
  RUNS=1 measure "relbook, cold history cache" $BIN build --root "$dir/relbook" --output "$OUT"
  measure "relbook, 2 threads" $BIN build --root "$dir/relbook" --output "$OUT"; rb=$(cat "$WORK/last_wall")
  printf "  %-30s %.0f pages/s, %.1f x the floor\n" "" "$(echo "$pages / $rb" | bc -l)" "$(echo "$rb / $floor" | bc -l)"
  RAYON_NUM_THREADS=1 measure "relbook, 1 thread" $BIN build --root "$dir/relbook" --output "$OUT"
  if command -v hugo >/dev/null; then
    OUT="$dir/out-hugo"
    measure "hugo $(hugo version | grep -oE 'v[0-9.]+' | head -1)" hugo --quiet -s "$dir/hugo" -d "$OUT"; hugo_full=$(cat "$WORK/last_wall")
    faster hugo "$rb" "$hugo_full"
  fi
  if [ -n "$ZOLA" ]; then
    OUT="$dir/out-zola"
    measure "zola $($ZOLA --version | awk '{print $2}')" "$ZOLA" --root "$dir/zola" build --output-dir "$OUT"; zola_full=$(cat "$WORK/last_wall")
    faster zola "$rb" "$zola_full"
  fi
  echo "  stages, 2 threads (the run of $RUNS with the fastest render stage):"; stages 2
  echo "  stages, 1 thread (likewise):"; stages 1
  two=$(grep "pages and site files" "$WORK/stages-2" | awk '{print $(NF-1)}')
  one=$(grep "pages and site files" "$WORK/stages-1" | awk '{print $(NF-1)}')
  printf "  %-30s %.2f x faster with 2 threads\n" "render stage (pages, site files)" "$(echo "$one / $two" | bc -l)"

  echo "-- release notes alone ($N pages)"
  OUT="$dir/out-floor"
  measure "floor, 2 threads" target/release/examples/floor "$dir/bodies/notes" "$OUT"; floor=$(cat "$WORK/last_wall")
  notes_only "$dir/relbook"
  OUT="$dir/out-relbook"
  $BIN build --root "$dir/relbook-notes" --output "$OUT" >/dev/null 2>&1 # warms its history cache
  measure "relbook, 2 threads" $BIN build --root "$dir/relbook-notes" --output "$OUT"; notes=$(cat "$WORK/last_wall")
  printf "  %-30s %.1f x the floor\n" "" "$(echo "$notes / $floor" | bc -l)"
  if command -v hugo >/dev/null; then
    notes_only "$dir/hugo"
    OUT="$dir/out-hugo"
    measure "hugo" hugo --quiet -s "$dir/hugo-notes" -d "$OUT"; hugo_wall=$(cat "$WORK/last_wall")
    # Hugo skips what it is not told to build (future dates, drafts) without a word.
    hugo_pages=$(find "$OUT" -name index.html | wc -l)
    printf "  %-30s %d pages written (of %d release notes)\n" "" "$hugo_pages" "$N"
    [ "$hugo_pages" -ge "$N" ] || echo "  WARNING: hugo skipped pages; its time is not comparable"
    faster hugo "$notes" "$hugo_wall"
  fi
  if [ -n "$ZOLA" ]; then
    notes_only "$dir/zola"
    OUT="$dir/out-zola"
    measure "zola" "$ZOLA" --root "$dir/zola-notes" build --output-dir "$OUT"; zola_wall=$(cat "$WORK/last_wall")
    zola_pages=$(find "$OUT" -name index.html | wc -l)
    printf "  %-30s %d pages written (of %d release notes)\n" "" "$zola_pages" "$N"
    faster zola "$notes" "$zola_wall"
  fi
  target/release/examples/bench_rebuild "$dir/relbook" 2>/dev/null | sed 's/^/  /'
done
