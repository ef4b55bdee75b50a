#!/usr/bin/env python3
"""Builds a ~1 GB image for the SBOM memory benchmark: the testbed's Debian base layer plus one gzip
layer holding real content from this machine (the JDK under /usr/lib/jvm and the Maven repository
with its ~1000 jars), written as an OCI layout.

    python3 bench/big-image.py OUT_DIR [PATH...]   (default paths: /usr/lib/jvm ~/.m2/repository)

The image is oci:OUT_DIR:big. Needs the testbed images (bash .ci/testbed.sh start).
"""
import gzip, hashlib, json, os, shutil, subprocess, sys

out = sys.argv[1]
paths = sys.argv[2:] or ["/usr/lib/jvm", os.path.expanduser("~/.m2/repository")]
env = {}
for line in open(os.environ.get("TESTBED_DIR", "/tmp/drydock-testbed") + "/images/images.env"):
    k, _, v = line.strip().partition("=")
    env[k] = v
base_dir = env["TESTBED_DEBIAN_BOOKWORM_V1_OCI_DIR"]
os.makedirs(out + "/blobs/sha256", exist_ok=True)

def blob(digest):
    return base_dir + "/blobs/sha256/" + digest.split(":", 1)[1]

index = json.load(open(base_dir + "/index.json"))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))
for l in manifest["layers"]:
    shutil.copyfile(blob(l["digest"]), out + "/blobs/sha256/" + l["digest"].split(":", 1)[1])

# The extra layer: GNU tar of the paths (relative, under opt/big/...), gzip -1.
tar_path = out + "/layer.tar"
args = ["tar", "--create", "--file", tar_path, "--sort=name", "--owner=0", "--group=0", "--numeric-owner"]
for p in paths:
    p = os.path.abspath(p)
    args += ["--transform", "s|^" + p.lstrip("/") + "|opt/big/" + os.path.basename(p) + "|", p]
subprocess.run(args, check=True, stderr=subprocess.DEVNULL)
raw_size = os.path.getsize(tar_path)
diff = hashlib.sha256()
with open(tar_path, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        diff.update(chunk)
gz_path = out + "/layer.tar.gz"
subprocess.run(["gzip", "-1", "-f", tar_path], check=True)
dig = hashlib.sha256()
with open(gz_path, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        dig.update(chunk)
size = os.path.getsize(gz_path)
os.replace(gz_path, out + "/blobs/sha256/" + dig.hexdigest())

def put(obj):
    data = json.dumps(obj, separators=(",", ":")).encode()
    d = hashlib.sha256(data).hexdigest()
    open(out + "/blobs/sha256/" + d, "wb").write(data)
    return "sha256:" + d, len(data)

config["rootfs"]["diff_ids"].append("sha256:" + diff.hexdigest())
config.setdefault("history", []).append({"created_by": "bench/big-image.py " + " ".join(paths)})
cd, cs = put(config)
manifest["config"] = {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs}
manifest["layers"].append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                           "digest": "sha256:" + dig.hexdigest(), "size": size})
manifest.pop("annotations", None)
md, ms = put(manifest)
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
           "digest": md, "size": ms, "annotations": {"org.opencontainers.image.ref.name": "big"}}]},
          open(out + "/index.json", "w"))
open(out + "/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
print(f"oci:{out}:big  extra layer {raw_size/1e6:.0f} MB ({size/1e6:.0f} MB gzip) over the testbed base")
