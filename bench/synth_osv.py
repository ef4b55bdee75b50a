#!/usr/bin/env python3
"""Writes a synthetic OSV all.zip of N records: the real records in ../shared/advisories
(ghsa, pypa, alpine/osv) copied round-robin with a new id and a new package name per copy,
so record sizes and shapes are the real ones. Usage: synth_osv.py ADVISORIES_DIR N OUT.zip"""
import glob, json, os, sys, zipfile

root, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
files = sorted(f for f in glob.glob(os.path.join(root, "**", "*.json"), recursive=True)
               if "/alpine/source/" not in f)
templates = [json.load(open(f)) for f in files]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(n):
        r = json.loads(json.dumps(templates[i % len(templates)]))
        r["id"] = f"SYN-{i}"
        for a in r.get("affected", []):
            if "package" in a:
                a["package"]["name"] = f'{a["package"]["name"]}-{i % 20000}'
        z.writestr(f"SYN-{i}.json", json.dumps(r, indent=2))
