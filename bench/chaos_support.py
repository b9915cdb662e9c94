#!/usr/bin/env python3
"""Helpers of the chaos runs, bench/chaos.sh and bench/cluster_chaos.sh, and of
bench/topology_pairs.sh.

port-pair
    A port P such that P and P + 1 are both free on 127.0.0.1, 127.0.0.2 and 127.0.0.3 (a
    server's port and its controller's or storage port, on every node of a three-node stack).

watch BROKERS TOPIC API_PORT
    Every 0.5 s, a line "wall-time<TAB>notifications readable so far<TAB>consumer lag": the
    notifications counted as they become readable (kcat, read_committed), the lag as the backend's
    /metrics gives it (sum of mobilecs_consumer_lag; -1 when it does not answer).
expected NOTIFICATIONS_JSONL
    The embedded run's notifications as kcat prints them (key<TAB>timestamp<TAB>value), sorted.
rows EMBEDDED_AGREEMENTS_FOLDER DISTRIBUTED_PORT EMBEDDED_PORT MONTHS
    "same missing extra": the stored rows of every billing period of every agreement, the
    distributed backend's against the embedded run's.
report FAULTS PROGRESS
    Per fault: seconds to the next notification, seconds to lag 0, the notification rate in the
    30 s after against the 30 s before.
"""
import bisect
import glob
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request


def get(port, path, attempts=100):
    for _ in range(attempts):
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={
                "Authorization": "Bearer " + os.environ["MOBILECS_API_TOKEN"]})
            return urllib.request.urlopen(request, timeout=10).read()
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"no answer from :{port}{path}")


def watch(brokers, topic, api_port):
    seen = set()  # (partition, offset): kcat is started again when it gives up, from the beginning

    def read():
        while True:
            kcat = subprocess.Popen(["kcat", "-C", "-b", brokers, "-t", topic, "-o", "beginning",
                                     "-u", "-q", "-X", "isolation.level=read_committed",
                                     "-f", "%p %o\n"], stdout=subprocess.PIPE, text=True)
            for line in kcat.stdout:
                seen.add(line)
            kcat.wait()
            print("kcat exited; starting it again", file=sys.stderr, flush=True)
            time.sleep(1)
    threading.Thread(target=read, daemon=True).start()
    lag_line = re.compile(r"^mobilecs_consumer_lag\{[^}]*\} (\d+)$", re.M)
    while True:
        try:
            text = get(api_port, "/metrics", attempts=1).decode()
            lag = sum(int(v) for v in lag_line.findall(text)) if lag_line.search(text) else -1
        except SystemExit:
            lag = -1
        print(f"{time.time():.3f}\t{len(seen)}\t{lag}", flush=True)
        time.sleep(0.5)


def expected(jsonl):
    lines = []
    for line in open(jsonl):
        m = json.loads(line)
        lines.append(f"{m['key']}\t{m['timestamp']}\t"
                     f"{json.dumps(m['value'], separators=(',', ':'))}")
    for line in sorted(lines):
        print(line)


def rows(folder, distributed, embedded, months):
    ids = [json.loads(l)["id"] for f in glob.glob(folder + "/*.jsonl") for l in open(f)]
    same = missing = extra = 0
    for agreement in ids:
        for m in range(int(months) + 1):
            path = f"/api/data-records/{agreement}/{2020 + m // 12}/{m % 12 + 1}"
            want = json.loads(get(embedded, path))
            have = json.loads(get(distributed, path))
            w = {json.dumps(r, sort_keys=True) for r in want}
            h = {json.dumps(r, sort_keys=True) for r in have}
            same += len(w & h)
            missing += len(w - h)
            extra += len(h - w) + (len(have) - len(h))
    print(same, missing, extra)


def report(faults_file, progress_file):
    progress = [tuple(float(x) for x in line.split("\t")) for line in open(progress_file)]
    times = [p[0] for p in progress]

    def count_at(t):
        i = bisect.bisect_right(times, t) - 1
        return progress[max(i, 0)][1]

    print("fault\tto next notification (s)\tto lag 0 (s)\trate after / before (30 s)")
    for line in open(faults_file):
        at, name = line.rstrip("\n").split("\t")
        t0 = float(at)
        start = bisect.bisect_right(times, t0)
        base = count_at(t0)
        next_at = caught_at = None
        for t, count, lag in progress[start:]:
            if next_at is None and count > base:
                next_at = t
            if next_at is not None and lag == 0:
                caught_at = t
                break
        before = (base - count_at(t0 - 30)) / 30
        after = (count_at(t0 + 30) - base) / 30
        fmt = lambda v: "-" if v is None else f"{v - t0:.1f}"
        ratio = f"{after / before:.2f}" if before > 0 else "-"
        print(f"{name}\t{fmt(next_at)}\t{fmt(caught_at)}\t{ratio}")


def port_pair():
    while True:
        port = random.randint(20000, 32000)
        try:
            for p in (port, port + 1):
                for host in ("127.0.0.1", "127.0.0.2", "127.0.0.3"):
                    with socket.socket() as s:
                        s.bind((host, p))
            print(port)
            return
        except OSError:
            pass


if __name__ == "__main__":
    {"port-pair": port_pair, "watch": watch, "expected": expected, "rows": rows,
     "report": report}[sys.argv[1]](*sys.argv[2:])
