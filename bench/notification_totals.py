#!/usr/bin/env python3
"""Totals of a stream of notifications, to check a benchmark's result against a reference run.

  notification_totals.py jsonl < data-records-aggregates.jsonl   (an embedded run's file)
  notification_totals.py values EXPECTED_COUNT < values           (kcat -f '%s\\n', one a line)

Prints "COUNT SUM" (SUM: totalRecordedBytes over all notifications). With `values`, stops reading
at EXPECTED_COUNT notifications and prints the wall-clock time it got there as a third field:
the moment the last notification became readable.
"""
import json
import sys
import time


def main() -> None:
    mode = sys.argv[1]
    expected = int(sys.argv[2]) if mode == "values" else None
    count = total = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        value = json.loads(line)["value"] if mode == "jsonl" else json.loads(line)
        count += 1
        total += value["totalRecordedBytes"]
        if count == expected:
            print(count, total, f"{time.time():.3f}", flush=True)
            return
    if expected is not None:
        sys.exit(f"the stream ended after {count} of {expected} notifications")
    print(count, total)


main()
