"""Server-side encryption with boto3, the way ceph's s3-tests drive it, run by Boto3SseTest.

Arguments: endpoint bucket access_key secret_key work_dir. SSE-C headers are added by a
before-call hook (as s3-tests do) and through boto3's own SSECustomer* parameters (transfer
manager multipart both ways); bucket default encryption; the status codes s3-tests expect.
Prints "OK <n>" when every step passed.
"""
import base64
import hashlib
import os
import sys

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, bucket, access_key, secret_key, work = sys.argv[1:6]


def client():
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                      retries={"max_attempts": 1}))


def status(call):
    try:
        call()
    except ClientError as e:
        return e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("expected an error")


KEY_A = {
    "x-amz-server-side-encryption-customer-algorithm": "AES256",
    "x-amz-server-side-encryption-customer-key": "pO3upElrwuEXSoFwCfnZPdSsmt/xWeFa0N9KgDijwVs=",
    "x-amz-server-side-encryption-customer-key-md5": "DWygnHRtgiJ77HCm+1rvHw==",
}
KEY_B = {
    "x-amz-server-side-encryption-customer-algorithm": "AES256",
    "x-amz-server-side-encryption-customer-key": "6b+WOZ1T3cqZMxgThRcXAQBrS5mXKdDUphvpxptl9/4=",
    "x-amz-server-side-encryption-customer-key-md5": "arxBvwY2V4SiOne6yppVPQ==",
}
steps = 0

# Headers added by a hook, as s3-tests do.
hooked = client()
hooked.meta.events.register("before-call.s3.PutObject",
                            lambda **kw: kw["params"]["headers"].update(KEY_A))
data = b"A" * 1000
hooked.put_object(Bucket=bucket, Key="hook", Body=data)
plain = client()
assert status(lambda: plain.get_object(Bucket=bucket, Key="hook")) == 400
assert status(lambda: plain.head_object(Bucket=bucket, Key="hook")) == 400
other = client()
other.meta.events.register("before-call.s3.GetObject",
                           lambda **kw: kw["params"]["headers"].update(KEY_B))
assert status(lambda: other.get_object(Bucket=bucket, Key="hook")) == 403
right = client()
right.meta.events.register("before-call.s3.GetObject",
                           lambda **kw: kw["params"]["headers"].update(KEY_A))
assert right.get_object(Bucket=bucket, Key="hook")["Body"].read() == data
bad_md5 = dict(KEY_A)
bad_md5["x-amz-server-side-encryption-customer-key-md5"] = "AAAAAAAAAAAAAAAAAAAAAA=="
bad = client()
bad.meta.events.register("before-call.s3.PutObject",
                         lambda **kw: kw["params"]["headers"].update(bad_md5))
assert status(lambda: bad.put_object(Bucket=bucket, Key="bad", Body=b"x")) == 400
steps += 1

# boto3's own parameters, transfer-manager multipart up and down.
s3 = client()
key = os.urandom(32)
sse = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": key}
path = os.path.join(work, "big.bin")
body = os.urandom(12 * 1024 * 1024 + 7)
with open(path, "wb") as f:
    f.write(body)
cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
s3.upload_file(path, bucket, "big.bin", ExtraArgs=sse, Config=cfg)
down = os.path.join(work, "big.down")
s3.download_file(bucket, "big.bin", down, ExtraArgs=sse, Config=cfg)
with open(down, "rb") as f:
    assert hashlib.sha256(f.read()).digest() == hashlib.sha256(body).digest()
head = s3.head_object(Bucket=bucket, Key="big.bin", **sse)
assert head["ContentLength"] == len(body), head
assert head["SSECustomerAlgorithm"] == "AES256"
r = s3.get_object(Bucket=bucket, Key="big.bin", Range="bytes=5242870-5242889", **sse)
assert r["Body"].read() == body[5242870:5242890]
steps += 1

# Bucket default encryption (SSE-S3).
assert status(lambda: s3.get_bucket_encryption(Bucket=bucket)) == 404
s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
conf = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]
assert conf["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256", conf
r = s3.put_object(Bucket=bucket, Key="default", Body=b"by default")
assert r["ServerSideEncryption"] == "AES256", r
assert s3.head_object(Bucket=bucket, Key="default")["ServerSideEncryption"] == "AES256"
assert s3.get_object(Bucket=bucket, Key="default")["Body"].read() == b"by default"
s3.delete_bucket_encryption(Bucket=bucket)
assert status(lambda: s3.get_bucket_encryption(Bucket=bucket)) == 404
steps += 1

print("OK %d" % steps)
