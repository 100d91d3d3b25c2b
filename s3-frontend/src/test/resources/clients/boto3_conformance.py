"""Conformance checks modelled on what ceph/s3-tests expects (facts, not its code), run by Debian's
/usr/bin/python3 from Boto3ConformanceTest.

Arguments: endpoint bucket access_key secret_key. Each check prints "ok <name>"; the last line is
"OK <n>". A failed assertion or an unexpected client error exits non-zero with a traceback.
"""
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, bucket, access_key, secret_key = sys.argv[1:5]
s3 = boto3.client(
    "s3", endpoint_url=endpoint, region_name="us-east-1",
    aws_access_key_id=access_key, aws_secret_access_key=secret_key,
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                  retries={"max_attempts": 1}))
done = 0


def ok(name):
    global done
    done += 1
    print("ok", name)


def with_headers(event, headers):
    """Adds raw headers to the next calls of one operation (as the suite does)."""
    def add(**kwargs):
        kwargs["params"]["headers"].update(headers)
    s3.meta.events.register("before-call.s3." + event, add)
    return add


def error_of(fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"]
    raise AssertionError("expected an error from %s" % fn)


# Unicode user metadata: the header goes out as latin-1 bytes, is signed as UTF-8, and comes back
# as it was sent.
h = with_headers("PutObject", {"x-amz-meta-meta1": u"Hello World\xe9"})
s3.put_object(Bucket=bucket, Key="unicode-meta", Body=b"bar")
s3.meta.events.unregister("before-call.s3.PutObject", h)
got = s3.get_object(Bucket=bucket, Key="unicode-meta")["Metadata"]["meta1"]
assert got == u"Hello World\xe9", repr(got)
ok("unicode metadata")

# Tags in the x-amz-tagging header are stored exactly: a key without "=" has an empty value, "+"
# is a space, %2B a plus; the tag set comes back in key order.
h = with_headers("PutObject", {"x-amz-tagging": "foo=bar&bar&c=one+two&d=%2B&e="})
s3.put_object(Bucket=bucket, Key="tagged", Body=b"A" * 100)
s3.meta.events.unregister("before-call.s3.PutObject", h)
assert s3.get_object(Bucket=bucket, Key="tagged")["Body"].read() == b"A" * 100
tags = s3.get_object_tagging(Bucket=bucket, Key="tagged")["TagSet"]
assert tags == [{"Key": "bar", "Value": ""}, {"Key": "c", "Value": "one two"},
                {"Key": "d", "Value": "+"}, {"Key": "e", "Value": ""},
                {"Key": "foo", "Value": "bar"}], tags
ok("tagging header")

# Content-Encoding: aws-chunked describes the request only.
h = with_headers("PutObject", {"Content-Encoding": "gzip, aws-chunked"})
s3.put_object(Bucket=bucket, Key="enc-gzip", Body=b"x")
s3.meta.events.unregister("before-call.s3.PutObject", h)
assert s3.head_object(Bucket=bucket, Key="enc-gzip")["ContentEncoding"] == "gzip"
h = with_headers("PutObject", {"Content-Encoding": "aws-chunked"})
s3.put_object(Bucket=bucket, Key="enc-none", Body=b"x")
s3.meta.events.unregister("before-call.s3.PutObject", h)
assert "ContentEncoding" not in s3.head_object(Bucket=bucket, Key="enc-none")
ok("content-encoding")

# A checksum that does not match, or cannot match, is BadDigest and stores nothing.
good = "arcu6553sHVAiX4MjW0j7I7vD4w6R+Gz9Ok0Q9lTa+0="  # SHA-256 of 1024 "A"s
r = s3.put_object(Bucket=bucket, Key="sum", Body=b"A" * 1024, ChecksumAlgorithm="SHA256",
                  ChecksumSHA256=good)
assert r["ChecksumSHA256"] == good, r
for bad in ("bad", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="):
    status, code = error_of(s3.put_object, Bucket=bucket, Key="sum-bad", Body=b"A" * 1024,
                            ChecksumAlgorithm="SHA256", ChecksumSHA256=bad)
    assert (status, code) == (400, "BadDigest"), (bad, status, code)
assert error_of(s3.head_object, Bucket=bucket, Key="sum-bad")[0] == 404
ok("checksum BadDigest")

# An empty continuation token lists from the start and is echoed back empty.
for k in ("bar", "baz", "foo", "quxx"):
    s3.put_object(Bucket=bucket, Key="ct/" + k, Body=b"")
r = s3.list_objects_v2(Bucket=bucket, Prefix="ct/", ContinuationToken="")
assert r["ContinuationToken"] == "", r
assert r["IsTruncated"] is False
assert [o["Key"] for o in r["Contents"]] == ["ct/bar", "ct/baz", "ct/foo", "ct/quxx"], r
ok("empty continuation token")

print("OK", done)
