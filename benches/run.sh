#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md, side by side in one run:
#   the pipeline (`assess run`), the floor (a bare calamine read, single-threaded)
#   and the pandas + openpyxl script an office would write, on the 21 sample
#   units and on 300 and 3,000 synthetic units.
# Usage: benches/run.sh [SIZES…]   (default: 21 300 3000); writes target/bench/results.tsv
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-21 300 3000}")
read -r -a sizes <<< "${sizes[*]}"
out=target/bench
mkdir -p "$out"

cargo build --release --quiet
cargo build --release --quiet --example floor
# a copy of the binary: the reader re-executes it, and a rebuild must not swap it mid-run
cp target/release/assess "$out/assess"
cp target/release/examples/floor "$out/floor"

if [ ! -x "$out/venv/bin/python" ]; then
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet pandas openpyxl
fi

measure() { # name size command… → a line of results.tsv
  local name=$1 size=$2; shift 2
  /usr/bin/time -f "%e\t%U\t%S\t%M" -o "$out/time.txt" "$@" > "$out/last.log" 2>&1 || true
  printf "%s\t%s\t%s\n" "$name" "$size" "$(cat "$out/time.txt" | tail -1)" >> "$out/results.tsv"
}

printf "what\tunits\twall_s\tuser_s\tsys_s\tmax_rss_kb\n" > "$out/results.tsv"
for n in "${sizes[@]}"; do
  if [ "$n" = 21 ]; then
    # the 2023 samples alone (no 2022 beside them: every contender reads one year)
    dir="$out/s21/2023"; indicators=indicators/county-core
    mkdir -p "$dir" && cp samples/2023/*.xlsx "$dir/"
  else
    dir="$out/syn$n/2023"; indicators="$out/syn$n/indicators"
    [ -d "$dir" ] || "$out/assess" make-samples --units "$n" --seed 2021 --out "$out/syn$n" > /dev/null
  fi
  # warm the page cache once, so that every contender reads from memory
  cat "$dir"/* > /dev/null
  measure floor "$n" "$out/floor" "$dir"
  measure pipeline "$n" "$out/assess" run "$dir" --indicators "$indicators" --allow-errors -o "$out/r$n.xlsx"
  measure pandas "$n" "$out/venv/bin/python" benches/pandas_openpyxl.py "$dir" "$indicators/units.toml" "$out/p$n.xlsx"
done
column -t "$out/results.tsv"
