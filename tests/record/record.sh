#!/usr/bin/env bash
# Records what `assess` prints and writes for every command of the README's
# tour, in Chinese and in English, into one text file (tests/record/outputs.txt
# by default): per command its exit code, stdout, stderr and the SHA-256 of
# every file it wrote. See tests/record/README.md.
#
#   tests/record/record.sh [OUTPUT]   record (default: tests/record/outputs.txt)
#   tests/record/record.sh --check    record into a temporary file and diff it
#                                     against the committed record (exit 0 same,
#                                     1 different)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

COMMITTED="tests/record/outputs.txt"

if [[ "${1:-}" == "--check" ]]; then
    tmp="$(mktemp "${TMPDIR:-/tmp}/assess-record.XXXXXX")"
    trap 'rm -f "$tmp"' EXIT
    "$ROOT/tests/record/record.sh" "$tmp"
    if diff -u "$COMMITTED" "$tmp"; then
        echo "record.sh --check: identical to $COMMITTED" >&2
        exit 0
    else
        echo "record.sh --check: differs from $COMMITTED (lines with + are now)" >&2
        exit 1
    fi
fi

RECORD="${1:-$COMMITTED}"
case "$RECORD" in
    /*) ;;
    *) RECORD="$PWD/$RECORD" ;;
esac

# ---- fixed environment ------------------------------------------------------
export SOURCE_DATE_EPOCH=1705276800 # 2024-01-15 00:00:00 UTC
export TZ=UTC
export NO_COLOR=1
unset ASSESS_READ_MEMORY_MB || true
TIMESTAMP="2024-01-15"

echo "record.sh: cargo build --release --locked" >&2
cargo build --release --locked >&2
BIN="target/release/assess"

OUT="target/record/out"
rm -rf "$OUT"
mkdir -p "$OUT"
STAMP="target/record/.started"
: >"$STAMP"
touch -d '1 second ago' "$STAMP" 2>/dev/null || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/assess-record-work.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
: >"$WORK/record"

n_commands=0
n_files=0

# Prints a captured stream: its text as written; a missing final newline is
# marked the way diff marks it.
stream() {
    local file="$1"
    if [[ -s "$file" ]]; then
        cat "$file"
        if [[ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" != '\n' ]]; then
            printf '\n\\ no newline at end\n'
        fi
    fi
}

# rec LANG NAME ARGS...: runs the binary with ARGS (and --lang en for en) in
# the repo root; NAME is the command's own output folder under $OUT/LANG, which
# ARGS refer to as @ (replaced here by the folder's relative path).
rec() {
    local lang="$1" name="$2"
    shift 2
    local dir="$OUT/$lang/$name"
    mkdir -p "$dir"
    local args=() a
    if [[ "$lang" == "en" ]]; then
        args+=(--lang en)
    fi
    for a in "$@"; do
        args+=("${a//@/$dir}")
    done
    local code=0
    "$BIN" "${args[@]}" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null || code=$?
    n_commands=$((n_commands + 1))
    {
        printf '== %s %s\n' "$lang" "$BIN ${args[*]}"
        printf 'exit %s\n' "$code"
        printf -- '-- stdout\n'
        stream "$WORK/stdout"
        printf -- '-- stderr\n'
        stream "$WORK/stderr"
        printf -- '-- files\n'
        find "$dir" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
        printf '\n'
    } >>"$WORK/record"
    n_files=$((n_files + $(find "$dir" -type f | wc -l)))
    printf 'record.sh: %-2s exit %-3s %s\n' "$lang" "$code" "${args[*]}" >&2
}

ts=(--timestamp "$TIMESTAMP")

for L in zh en; do
    o="$OUT/$L"
    # --- help texts (the commands and flags as offered)
    rec "$L" 00-help --help
    for c in indicators init template validate run review diff trend explain; do
        rec "$L" "00-help-$c" "$c" --help
    done

    # --- the framework
    rec "$L" 01-indicators indicators
    rec "$L" 02-indicators-check indicators --check
    rec "$L" 03-indicators-xlsx indicators --xlsx @/评分细则.xlsx
    rec "$L" 04-indicators-from-xlsx indicators --from-xlsx "$o/03-indicators-xlsx/评分细则.xlsx" --out @/framework
    rec "$L" 05-init init @/framework-copy
    rec "$L" 06-indicators-check-copy indicators --check --indicators "$o/05-init/framework-copy"
    rec "$L" 07-indicators-asem-a indicators --indicators indicators/examples/asem-chain-a.toml
    rec "$L" 08-indicators-check-asem-a indicators --check --indicators indicators/examples/asem-chain-a.toml

    # --- templates and the city's review workbook
    rec "$L" 10-template template --year 2024 --out @/templates
    rec "$L" 11-template-previous template --year 2024 --unit 正定县 --previous samples/2023 --out @/templates-prev
    rec "$L" 12-review review --year 2023 samples/2023 -o @/2023-市级复核表.xlsx

    # --- checking submissions
    rec "$L" 20-validate-2023 validate samples/2023
    rec "$L" 21-validate-problems validate samples/problems --report @/审核意见.xlsx

    # --- the yearly job
    rec "$L" 30-run-2023 run samples/2023 --export @/assessment-2023.csv -o @/assessment-2023.xlsx "${ts[@]}"
    rec "$L" 31-run-2023-all run samples/2023 -o @/assessment-2023.xlsx --export @/assessment-2023.csv \
        --attachment @/附件.xlsx --public @/公开.xlsx --bulletin @/通报.docx --per-unit @/反馈单 \
        --uncertainty=200 "${ts[@]}"
    rec "$L" 32-run-2023-初评 run samples/2023 --stage 初评 -o @/assessment-2023-初评.xlsx --export @/初评.csv "${ts[@]}"
    rec "$L" 33-run-2023-终评 run samples/2023 --stage 终评 -o @/assessment-2023-终评.xlsx --export @/终评.csv "${ts[@]}"
    rec "$L" 34-run-2022 run samples/2022 --export @/assessment-2022.csv -o @/assessment-2022.xlsx "${ts[@]}"
    rec "$L" 35-run-2023-previous-result run samples/2023 --previous-result "$o/34-run-2022/assessment-2022.csv" \
        -o @/assessment-2023.xlsx --export @/assessment-2023.csv "${ts[@]}"
    rec "$L" 36-run-2023-city run samples/2023 --city samples/2023/2023-市级复核表.xlsx \
        -o @/assessment-2023.xlsx --export @/assessment-2023.csv "${ts[@]}"
    rec "$L" 37-run-problems run samples/problems -o @/assessment-2023.xlsx --export @/assessment-2023.csv "${ts[@]}"
    rec "$L" 38-run-problems-allow-errors run samples/problems --allow-errors \
        -o @/assessment-2023.xlsx --export @/assessment-2023.csv "${ts[@]}"
    rec "$L" 39-run-table-asem-a run --table tests/data/coinr-asem/ASEM_iData.csv \
        --indicators indicators/examples/asem-chain-a.toml -o @/asem-a.xlsx --export @/asem-a.csv "${ts[@]}"
    rec "$L" 40-run-table-asem-d run --table tests/data/coinr-asem/ASEM_iData.csv \
        --indicators indicators/examples/asem-chain-d.toml -o @/asem-d.xlsx --export @/asem-d.csv "${ts[@]}"

    # --- comparing runs
    rec "$L" 50-diff-初评-终评 diff "$o/32-run-2023-初评/初评.csv" "$o/33-run-2023-终评/终评.csv"
    rec "$L" 51-diff-2022-2023 diff "$o/34-run-2022/assessment-2022.csv" "$o/30-run-2023/assessment-2023.csv"

    # --- several years, one unit
    rec "$L" 60-trend trend samples -o @/trend.xlsx --export @/all.csv
    rec "$L" 61-trend-as-published trend samples --as-published -o @/trend-as-published.xlsx
    rec "$L" 62-explain explain 正定县 samples/2023
done

# ---- anything written outside target/record/out ---------------------------
{
    printf '== files written outside %s\n' "$OUT"
    find . \( -path ./target -o -path ./.git \) -prune -o -type f -newer "$STAMP" -print \
        | sed 's|^\./||' | LC_ALL=C sort
    printf '== %s commands, %s files\n' "$n_commands" "$n_files"
} >>"$WORK/record"

mkdir -p "$(dirname "$RECORD")"
cp "$WORK/record" "$RECORD"
echo "record.sh: $n_commands commands, $n_files files recorded in $RECORD" >&2
