#!/usr/bin/env bash
# End-to-end benchmark of the embedded pipeline: `mobilecs run --until-idle` over the reference
# data set for SUBSCRIBERS subscribers and MONTHS months (default 100,000 x 4 = 12.1 million
# records), from files to stored records and delivered notifications. Prints records/s and the
# peak memory of the process. The generated input is kept in WORK and reused. USAGE_POLICY=FILE
# runs with that usage policy (alerts), to measure their cost.
#   bench/e2e_embedded.sh [SUBSCRIBERS] [MONTHS] [WORK]
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-100000}
months=${2:-4}
work=${3:-/tmp/mobilecs-bench}
binary=${MOBILECS_BINARY:-build/src/app/mobilecs}
input=$work/input-$subscribers-$months

if [[ ! -d $input ]]; then
  $binary generate agreements --count "$subscribers" --dir "$input.tmp/agreements"
  $binary generate incoming-data-records --subscribers "$subscribers" --months "$months" \
    --dir "$input.tmp/incoming-data-records"
  mv "$input.tmp" "$input"
fi
run=$work/run
rm -rf "$run"
# Hard links: instant, and the files keep their modification times, which fix their order.
cp -al "$input" "$run"
policy=()
if [[ -n ${USAGE_POLICY:-} ]]; then policy=(--usage-policy "$USAGE_POLICY"); fi
/usr/bin/time -v "$binary" run --until-idle --data-dir "$run" "${policy[@]}" 2>"$work/run.log"
records=$(grep -oE '[0-9]+ records \(' "$work/run.log" | tail -1 | grep -oE '^[0-9]+')
wall=$(grep 'Elapsed (wall clock)' "$work/run.log" | awk '{print $NF}')
seconds=$(awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }' <<<"$wall")
peak_kb=$(grep 'Maximum resident set size' "$work/run.log" | awk '{print $NF}')
awk -v r="$records" -v s="$seconds" -v p="$peak_kb" 'BEGIN {
  printf "records %d\nwall %.2f s\nthroughput %.0f records/s\npeak memory %.0f MiB\n", r, s, r / s, p / 1024 }'
