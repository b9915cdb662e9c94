#!/usr/bin/env bash
# One importer run on the local broker (scripts/stack up), for timing from outside and A/B runs
# of two builds: copies the record files of DIR, imports them into topics of their own (a fresh
# --topic-prefix) with `importer --until-idle`, and deletes the topics and the copy afterwards.
#   bench/e2e_import.sh DIR [BINARY]
# DIR from: mobilecs generate incoming-data-records --subscribers 20000 --months 3 --dir DIR
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$1
binary=${2:-build/src/app/mobilecs}
work=$(mktemp -d /tmp/mobilecs-import-bench.XXXXXX)
export MOBILECS_TOPIC_PREFIX="import-bench-$$-$(date +%s%N)."
cleanup() {
  "$binary" topics delete >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -r "$source_dir" "$work/in"
"$binary" importer --until-idle --dir "$work/in" 2>"$work/importer.log" ||
  { tail -20 "$work/importer.log" >&2; exit 1; }
