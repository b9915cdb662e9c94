#!/usr/bin/env python3
"""What a restarted ingester costs the group, from the logs of kept test folders.

Run the static membership test with its folders kept, then point this at them:
  MOBILECS_KEEP_TEST_DIRS=1 build/src/app/distributed_tests \
      --gtest_filter='*ARestartedIngester*' --gtest_repeat=3
  bench/restart_pause.py /tmp/mobilecs-test-*
For each: how long after its SIGTERM the restarted ingester had its partitions again, and how
often the other ingester had its partitions revoked meanwhile (each revocation abandons its
uncommitted step and restores state) and for how long it held none.
"""
import datetime
import pathlib
import sys


def lines(folder, name):
    return (pathlib.Path(folder) / name).read_text().splitlines()


def at(line):
    return datetime.datetime.fromisoformat(line[:23])


def main(folders):
    for folder in folders:
        stopped = next(at(l) for l in lines(folder, "ingester-2.err") if "SIGTERM: stopping" in l)
        back = next(at(l) for l in lines(folder, "ingester-2-again.err") if "assigned partitions" in l)
        revocations, without, since = 0, 0.0, None
        for line in lines(folder, "ingester-1.err"):
            if at(line) < stopped:
                continue
            if "revoked partitions" in line:
                revocations, since = revocations + 1, at(line)
            elif "assigned partitions" in line and since:
                without, since = without + (at(line) - since).total_seconds(), None
        print(f"{folder}: back after {(back - stopped).total_seconds():.2f} s; the other: "
              f"{revocations} revocation(s), {without:.2f} s without partitions")


if __name__ == "__main__":
    main(sys.argv[1:])
