#!/usr/bin/env python3
"""Interleaved timing of shell commands: round r runs every command once, in turn, so that load
from elsewhere on a shared machine falls on all of them alike (hyperfine runs all runs of one
command before the next). Prints median/min/max wall time and the median ratio to the last command.

    python3 bench/interleave.py RUNS 'name=command' ['name=command' ...]
    (optional env PREPARE: a shell command run before every timed command, untimed)
"""
import os, statistics, subprocess, sys, time

runs = int(sys.argv[1])
cmds = [a.split("=", 1) for a in sys.argv[2:]]
prepare = os.environ.get("PREPARE")
times = {name: [] for name, _ in cmds}
for name, cmd in cmds:  # warm-up: one untimed run each
    subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for r in range(runs):
    for name, cmd in cmds:
        if prepare:
            subprocess.run(prepare, shell=True, check=True)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        t1 = time.perf_counter()
        if p.returncode != 0:
            sys.exit(f"{name} failed ({p.returncode}): {p.stderr.decode()[-500:]}")
        times[name].append(t1 - t0)
last = statistics.median(times[cmds[-1][0]])
print(f"| command | median | min | max | ratio to {cmds[-1][0]} |")
print("|---|---:|---:|---:|---:|")
for name, _ in cmds:
    t = times[name]
    m = statistics.median(t)
    print(f"| {name} | {m:.3f} s | {min(t):.3f} s | {max(t):.3f} s | {m / last:.2f} |")
