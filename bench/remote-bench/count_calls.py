#!/usr/bin/python3
"""Counts the dfs-remote calls one S3 request and one DataLoader sample cost in node mode.

Starts `estuary engine` on a fresh data directory and `estuary serve --backend unix:<socket>
--frontends s3,dataset` from the distribution (./estuary), makes N requests of each kind, and reads
the engine daemon's per-method call counters (estuary_engine_remote_calls_total{service,method} on
its /metrics) before and after each kind: the difference divided by N is the round trips per
request. Usage (bench/README.md, "Node mode"):

  /usr/bin/python3 bench/remote-bench/count_calls.py [--n 20] [--venv DIR_WITH_estuary_torch]

Without --venv (a virtualenv with estuary_torch and torch, e.g. the one bench/torch-bench/run
builds in bench/torch-bench/target/venv) the DataLoader row is left out.
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
from botocore.config import Config

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ACCESS, SECRET = "countcallsadmin0", "countcallssecret0123456789abcdefghij"
METRIC = re.compile(r'^estuary_engine_remote_calls_total\{(?P<labels>[^}]*)\} (?P<value>\S+)$')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what, proc, seconds=600):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return
        if proc.poll() is not None:
            raise SystemExit(f"count_calls: {what} exited with {proc.returncode} (see its log)")
        time.sleep(0.2)
    raise SystemExit(f"count_calls: {what} not ready within {seconds} s")


def port_open(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def scrape(admin_port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/metrics", timeout=30).read().decode()
    counts = {}
    for line in text.splitlines():
        m = METRIC.match(line)
        if m:
            labels = dict(kv.split("=", 1) for kv in m.group("labels").split(","))
            method = labels["method"].strip('"')
            counts[method] = counts.get(method, 0) + float(m.group("value"))
    return counts


def measure(admin_port, n, action):
    before = scrape(admin_port)
    for i in range(n):
        action(i)
    after = scrape(admin_port)
    diff = {k: (after.get(k, 0) - before.get(k, 0)) / n for k in after}
    # The lease renewals tick on their own clock, not per request.
    diff.pop("Renew", None)
    return {k: v for k, v in diff.items() if v > 0}


def show(label, diff):
    total = sum(diff.values())
    parts = ", ".join(f"{k} {v:g}" for k, v in sorted(diff.items(), key=lambda kv: (-kv[1], kv[0])))
    print(f"{label:<28} {total:6.2f}   {parts}")


DATASET = r'''
import sys, torch, estuary_torch
endpoint, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ds = estuary_torch.Dataset(endpoint, "bench", "small", token=token)
loader = torch.utils.data.DataLoader(ds, batch_size=32, num_workers=0,
    sampler=range(n), collate_fn=lambda items: items)
got = sum(len(b) for b in loader)
assert got == n, got
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--venv")
    ap.add_argument("--repo", default=REPO, help="the checkout whose ./estuary runs (default: this one)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="count-calls.")
    data, front = os.path.join(work, "data"), os.path.join(work, "front")
    sock = os.path.join(data, "run", "engine.sock")
    estuary = os.path.join(args.repo, "estuary")
    env = dict(os.environ, ESTUARY_ADMIN_ACCESS_KEY=ACCESS, ESTUARY_ADMIN_SECRET_KEY=SECRET)
    procs = []
    try:
        token = None
        if args.venv:
            cli = lambda *a: subprocess.run([estuary, *a, "--data", data], check=True, env=env,
                                            capture_output=True, text=True).stdout
            cli("user", "add", "bench")
            out = cli("user", "keys", "bench", "--new-token", "--description", "count-calls")
            token = next(l.split()[1] for l in out.splitlines()
                         if l.split()[:1] == ["token"] and l.split()[1:2] != ["id"])
        engine_admin, s3_port, front_admin = free_port(), free_port(), free_port()
        procs.append(subprocess.Popen([estuary, "engine", "--data", data, "--admin-port",
                                       str(engine_admin), "--log-level", "warn"], env=env,
                                      stdout=open(os.path.join(work, "engine.log"), "w"),
                                      stderr=subprocess.STDOUT))
        wait_for(lambda: os.path.exists(sock) and port_open(engine_admin), "engine", procs[-1])
        procs.append(subprocess.Popen([estuary, "serve", "--backend", "unix:" + sock, "--data", front,
                                       "--s3-port", str(s3_port), "--admin-port", str(front_admin),
                                       "--dataset-port", "0", "--frontends",
                                       "s3,dataset" if args.venv else "s3", "--log-level", "warn"],
                                      env=env, stdout=open(os.path.join(work, "serve.out"), "w"),
                                      stderr=open(os.path.join(work, "serve.log"), "w")))
        wait_for(lambda: port_open(s3_port), "serve", procs[-1])
        s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{s3_port}", aws_access_key_id=ACCESS,
                          aws_secret_access_key=SECRET, region_name="us-east-1",
                          config=Config(retries={"max_attempts": 1}))
        s3.create_bucket(Bucket="bench")
        body = os.urandom(4096)
        for i in range(2 * args.n + 64):
            s3.put_object(Bucket="bench", Key=f"small/f{i:05d}", Body=body)  # also warms up
        print(f"dfs-remote calls per request (engine daemon's /metrics, mean of {args.n}):")
        print(f"{'request':<28} {'calls':>6}   by method")
        show("S3 PUT 4 KiB (new key)", measure(engine_admin, args.n, lambda i: s3.put_object(
            Bucket="bench", Key=f"new/f{i:05d}", Body=body)))
        show("S3 PUT 4 KiB (overwrite)", measure(engine_admin, args.n, lambda i: s3.put_object(
            Bucket="bench", Key=f"small/f{i:05d}", Body=body)))
        show("S3 GET 4 KiB", measure(engine_admin, args.n, lambda i: s3.get_object(
            Bucket="bench", Key=f"small/f{i:05d}")["Body"].read()))
        show("S3 HEAD", measure(engine_admin, args.n, lambda i: s3.head_object(
            Bucket="bench", Key=f"small/f{i:05d}")))
        if args.venv:
            subprocess.run([estuary, "user", "grant", "bench", "bench", "read", "--data", data],
                           check=True, env=env, capture_output=True)
            endpoint = None
            for _ in range(300):
                for line in open(os.path.join(work, "serve.out")):
                    if line.split()[:1] == ["dataset"]:
                        endpoint = line.split()[1].split("://", 1)[-1]
                if endpoint:
                    break
                time.sleep(0.2)
            py = os.path.join(args.venv, "bin", "python")
            run = lambda n: subprocess.run([py, "-c", DATASET, endpoint, token, str(n)], check=True)
            run(64)  # warm-up
            n = 2 * args.n + 64
            per_run = measure(engine_admin, 1, lambda i: run(n))
            show("DataLoader 4 KiB sample", {k: v / n for k, v in per_run.items()})
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    main()
