"""A boto3 workflow against an S3 endpoint, run by Debian's /usr/bin/python3 from Boto3Test.

Arguments: endpoint bucket access_key secret_key work_dir. Prints one line "OK <n>" when every
step passed; any failed assertion or client error exits non-zero with a traceback.
"""
import hashlib
import os
import sys

import boto3
import botocore
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

endpoint, bucket, access_key, secret_key, work = sys.argv[1:6]

s3 = boto3.client(
    "s3",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id=access_key,
    aws_secret_access_key=secret_key,
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                  retries={"max_attempts": 1}),
)
steps = 0

# PutObject / GetObject / HeadObject with metadata.
body = os.urandom(100_000)
r = s3.put_object(Bucket=bucket, Key="boto/one.bin", Body=body, Metadata={"origin": "boto3"},
                  ContentType="application/x-boto")
assert r["ETag"] == '"%s"' % hashlib.md5(body).hexdigest(), r["ETag"]
got = s3.get_object(Bucket=bucket, Key="boto/one.bin")
assert got["Body"].read() == body
head = s3.head_object(Bucket=bucket, Key="boto/one.bin")
assert head["ContentLength"] == len(body), head
assert head["Metadata"] == {"origin": "boto3"}, head["Metadata"]
assert head["ContentType"] == "application/x-boto", head["ContentType"]
steps += 1

# Ranged GET.
part = s3.get_object(Bucket=bucket, Key="boto/one.bin", Range="bytes=10-19")["Body"].read()
assert part == body[10:20]
steps += 1

# Paginated listing with a delimiter.
for i in range(7):
    s3.put_object(Bucket=bucket, Key="boto/list/%d/x" % (i % 3) if i < 3 else "boto/list/f%d" % i,
                  Body=b"x")
keys, prefixes = [], []
for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix="boto/list/", Delimiter="/", PaginationConfig={"PageSize": 2}):
    keys += [o["Key"] for o in page.get("Contents", [])]
    prefixes += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
assert keys == ["boto/list/f3", "boto/list/f4", "boto/list/f5", "boto/list/f6"], keys
assert prefixes == ["boto/list/0/", "boto/list/1/", "boto/list/2/"], prefixes
steps += 1

# Multipart through the transfer manager (5 MiB parts), then a download.
src = os.path.join(work, "boto-big.bin")
with open(src, "wb") as f:
    f.write(os.urandom(12 * 1024 * 1024 + 3))
cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024,
                     max_concurrency=2)
s3.upload_file(src, bucket, "boto/big.bin", Config=cfg)
etag = s3.head_object(Bucket=bucket, Key="boto/big.bin")["ETag"]
assert etag.endswith('-3"'), etag
dst = os.path.join(work, "boto-big.down")
s3.download_file(bucket, "boto/big.bin", dst, Config=cfg)
with open(src, "rb") as a, open(dst, "rb") as b:
    assert hashlib.sha256(a.read()).digest() == hashlib.sha256(b.read()).digest()
steps += 1

# Copy, multi-delete, and a missing key.
s3.copy_object(Bucket=bucket, Key="boto/copy.bin", CopySource={"Bucket": bucket,
                                                               "Key": "boto/one.bin"})
assert s3.get_object(Bucket=bucket, Key="boto/copy.bin")["Body"].read() == body
d = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "boto/copy.bin"},
                                                         {"Key": "boto/one.bin"}]})
assert sorted(x["Key"] for x in d["Deleted"]) == ["boto/copy.bin", "boto/one.bin"], d
try:
    s3.head_object(Bucket=bucket, Key="boto/one.bin")
    raise AssertionError("boto/one.bin still exists")
except botocore.exceptions.ClientError as e:
    assert e.response["Error"]["Code"] in ("404", "NoSuchKey"), e.response
steps += 1

# A presigned GET through boto3's own presigner, fetched with urllib.
import urllib.request
s3.put_object(Bucket=bucket, Key="boto/pre", Body=b"presigned")
url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "boto/pre"},
                                ExpiresIn=120)
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
assert opener.open(url).read() == b"presigned"
steps += 1

print("OK %d" % steps)
