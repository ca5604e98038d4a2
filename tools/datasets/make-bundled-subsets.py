#!/usr/bin/env python3
"""Build the MNIST and Fashion-MNIST subsets that ResLab bundles.

The app must train on real images with no network access and without the full
sets (a user's clone has no ../shared). This script takes the first 10,000
training and the first 2,000 test images (and their labels) of each dataset
from verified copies of the published IDX files and writes them back as IDX
files, gzip-compressed:

    resources/src/main/resources/reslab/datasets/<name>/
        train-images-idx3-ubyte.gz   10,000 x 28 x 28   (magic 2051)
        train-labels-idx1-ubyte.gz   10,000             (magic 2049)
        t10k-images-idx3-ubyte.gz     2,000 x 28 x 28
        t10k-labels-idx1-ubyte.gz     2,000

"First N" keeps the published order, so example i of the subset is example i
of the original set. Only the count in each header changes; the other header
fields and every byte of pixels and labels are copied unchanged. Each source
file is checked against the sha256 published with the copies before use.

The gzip output is reproducible: no file name, timestamp 0, level 9.

Usage (from the repository root):
    python3 tools/datasets/make-bundled-subsets.py [--src DIR] [--out DIR]
"""

import argparse
import gzip
import hashlib
import os
import struct
import sys

SOURCE_SHA256 = {
    "mnist/t10k-images-idx3-ubyte.gz": "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
    "mnist/t10k-labels-idx1-ubyte.gz": "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b",
    "mnist/train-images-idx3-ubyte.gz": "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
    "mnist/train-labels-idx1-ubyte.gz": "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
    "fashion-mnist/t10k-images-idx3-ubyte.gz": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    "fashion-mnist/t10k-labels-idx1-ubyte.gz": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
    "fashion-mnist/train-images-idx3-ubyte.gz": "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
    "fashion-mnist/train-labels-idx1-ubyte.gz": "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
}

COUNTS = {"train": 10_000, "t10k": 2_000}
IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049


def read_verified(path, expected_sha256):
    with open(path, "rb") as f:
        packed = f.read()
    actual = hashlib.sha256(packed).hexdigest()
    if actual != expected_sha256:
        sys.exit(f"{path}: sha256 {actual} is not the published {expected_sha256}")
    return gzip.decompress(packed)


def first_records(raw, path, magic, count):
    """The IDX bytes of the first `count` records of `raw`, header count adjusted."""
    found = struct.unpack(">I", raw[:4])[0]
    if found != magic:
        sys.exit(f"{path}: magic number {found}, expected {magic}")
    header_ints = 3 if magic == IMAGES_MAGIC else 1
    header = list(struct.unpack(">" + "I" * (1 + header_ints), raw[: 4 * (1 + header_ints)]))
    total = header[1]
    if count > total:
        sys.exit(f"{path}: has {total} records, {count} wanted")
    record = header[2] * header[3] if magic == IMAGES_MAGIC else 1
    start = 4 * (1 + header_ints)
    if len(raw) != start + total * record:
        sys.exit(f"{path}: {len(raw)} bytes, header promises {start + total * record}")
    header[1] = count
    return struct.pack(">" + "I" * len(header), *header) + raw[start : start + count * record]


def write_gzip(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz:
            gz.write(data)


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", default=os.path.join(root, "..", "shared", "datasets"))
    parser.add_argument("--out", default=os.path.join(root, "resources", "src", "main", "resources", "reslab", "datasets"))
    args = parser.parse_args()

    for rel, sha in sorted(SOURCE_SHA256.items()):
        dataset, name = rel.split("/")
        split = name.split("-")[0]
        magic = IMAGES_MAGIC if "-images-" in name else LABELS_MAGIC
        raw = read_verified(os.path.join(args.src, rel), sha)
        subset = first_records(raw, rel, magic, COUNTS[split])
        target = os.path.join(args.out, dataset, name)
        write_gzip(target, subset)
        print(f"{hashlib.sha256(open(target, 'rb').read()).hexdigest()}  {dataset}/{name}"
              f"  ({COUNTS[split]} records, {os.path.getsize(target)} bytes)")


if __name__ == "__main__":
    main()
