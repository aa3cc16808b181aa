#!/usr/bin/env bash
# A/B of two relbook binaries on one site (run by hand, not in CI): full builds taken in
# turn, so that both see the same moments of a shared machine, with the median and the
# least of wall time and CPU time (user + system) and the median peak RSS of each.
#
#   bench/ab.sh ROUNDS SITE BIN_A BIN_B        e.g. bench/ab.sh 8 /dev/shm/relbook-bench/n10000/relbook old/relbook target/release/relbook
#   THREADS=1 bench/ab.sh ...                  one thread (RAYON_NUM_THREADS): steadier
#
# On these 2-core machines two threads' wall time moves by a tenth from run to run, which
# hides a change of a few percent; one thread's CPU time moves far less. Outputs go to a
# scratch folder next to the site (on the same file system), removed at the end; the
# history cache is XDG_CACHE_HOME's as set (`$BENCH_DIR/cache` is `bench/run.sh`'s), else
# a fresh one in the scratch folder. One build with each binary comes first, unmeasured.
set -euo pipefail
[ $# -eq 4 ] || { sed -n '2,8p' "$0"; exit 2; }
rounds=$1 site=$2 a=$3 b=$4
for bin in "$a" "$b"; do
  [ -x "$bin" ] || { echo "not an executable: $bin"; exit 2; }
done
scratch=$(mktemp -d "$(dirname "$site")/ab.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-$scratch/cache}
if [ -n "${THREADS:-}" ]; then export RAYON_NUM_THREADS=$THREADS; fi
# One build of each first, to warm the history cache and the page cache.
for bin in "$a" "$b"; do
  "$bin" build --root "$site" --output "$scratch/out" >/dev/null 2>&1 || {
    echo "$bin failed to build $site:"; "$bin" build --root "$site" --output "$scratch/out"; exit 1; }
done
for _ in $(seq "$rounds"); do
  for bin in "$a" "$b"; do
    rm -rf "$scratch/out"
    /usr/bin/time -f "%e %U %S %M" -o "$scratch/time" "$bin" build --root "$site" --output "$scratch/out" >/dev/null 2>&1
    echo "$bin $(cat "$scratch/time")" >> "$scratch/runs"
  done
done
echo "$rounds rounds, ${THREADS:-all} thread(s); wall and CPU in s (median / least), peak RSS in MB (median)"
for bin in "$a" "$b"; do
  grep -F "$bin " "$scratch/runs" | awk -v bin="$bin" '
    { n++; w[n] = $(NF-3); c[n] = $(NF-2) + $(NF-1); m[n] = $NF / 1024 }
    function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }
    function med(a, n) { return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
    END { sort(w, n); sort(c, n); sort(m, n)
          printf "  %-40s wall %5.2f / %5.2f   cpu %5.2f / %5.2f   peak %4.0f MB\n", bin, med(w, n), w[1], med(c, n), c[1], med(m, n) }'
done
