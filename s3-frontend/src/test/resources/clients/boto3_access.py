"""Access control as s3-tests drives it: boto3 clients for the owner, another user, and an
unsigned (anonymous) one. Prints "OK <n>" after n checks; any failure raises."""
import json
import sys

import boto3
from botocore import UNSIGNED
from botocore.client import Config
from botocore.exceptions import ClientError

endpoint, bucket, key_id, secret, alt_id, alt_secret, alt_uid = sys.argv[1:8]
cfg = dict(endpoint_url=endpoint, region_name="us-east-1")
main = boto3.client("s3", aws_access_key_id=key_id, aws_secret_access_key=secret,
                    config=Config(s3={"addressing_style": "path"}), **cfg)
alt = boto3.client("s3", aws_access_key_id=alt_id, aws_secret_access_key=alt_secret,
                   config=Config(s3={"addressing_style": "path"}), **cfg)
anon = boto3.client("s3", config=Config(signature_version=UNSIGNED,
                                        s3={"addressing_style": "path"}), **cfg)
checks = 0


def check(cond, what):
    global checks
    if not cond:
        raise AssertionError(what)
    checks += 1


def code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"]
    return 200, None


main.put_object(Bucket=bucket, Key="foo", Body=b"bar")
check(code(lambda: anon.get_object(Bucket=bucket, Key="foo")) == (403, "AccessDenied"),
      "private object refused to anonymous")
check(code(lambda: anon.list_objects(Bucket=bucket)) == (403, "AccessDenied"),
      "private bucket listing refused to anonymous")
check(len(anon.list_buckets()["Buckets"]) == 0, "anonymous ListBuckets is empty")

main.put_bucket_acl(Bucket=bucket, ACL="public-read")
check([o["Key"] for o in anon.list_objects(Bucket=bucket)["Contents"]] == ["foo"],
      "public-read bucket listed anonymously")
check(code(lambda: anon.get_object(Bucket=bucket, Key="foo")) == (403, "AccessDenied"),
      "bucket READ does not read objects")
main.put_object_acl(Bucket=bucket, Key="foo", ACL="public-read")
check(anon.get_object(Bucket=bucket, Key="foo")["Body"].read() == b"bar",
      "public-read object read anonymously")

acl = main.get_bucket_acl(Bucket=bucket)
check(any(g["Grantee"].get("URI") == "http://acs.amazonaws.com/groups/global/AllUsers"
          and g["Permission"] == "READ" for g in acl["Grants"]), "AllUsers READ listed")
owner = acl["Owner"]
main.put_bucket_acl(Bucket=bucket, AccessControlPolicy={"Owner": owner, "Grants": [
    {"Grantee": {"ID": owner["ID"], "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"},
    {"Grantee": {"ID": alt_uid, "Type": "CanonicalUser"}, "Permission": "WRITE"}]})
alt.put_object(Bucket=bucket, Key="from-alt", Body=b"x")
check(code(lambda: anon.list_objects(Bucket=bucket)) == (403, "AccessDenied"),
      "ACL replaced: no longer public")
check(code(lambda: alt.list_objects(Bucket=bucket)) == (403, "AccessDenied"),
      "WRITE is not READ")
check(code(lambda: main.put_bucket_acl(Bucket=bucket, GrantRead='id="_foo"'))
      == (400, "InvalidArgument"), "unknown grantee id")

policy = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:ListBucket",
    "Resource": ["arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"]}]}
main.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
check(len(anon.list_objects(Bucket=bucket)["Contents"]) == 2, "policy lets anonymous list")
check(json.loads(main.get_bucket_policy(Bucket=bucket)["Policy"]) == policy, "policy kept")
check(main.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"],
      "policy is public")
main.delete_bucket_policy(Bucket=bucket)
check(code(lambda: anon.list_objects(Bucket=bucket)) == (403, "AccessDenied"),
      "policy deleted")

main.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
    "BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
    "RestrictPublicBuckets": False})
pab = main.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
check(pab["BlockPublicAcls"] and pab["BlockPublicPolicy"] and not pab["IgnorePublicAcls"],
      "public access block kept")
check(code(lambda: main.put_bucket_acl(Bucket=bucket, ACL="public-read"))
      == (403, "AccessDenied"), "BlockPublicAcls")
check(code(lambda: main.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy)))
      == (403, "AccessDenied"), "BlockPublicPolicy")
main.delete_public_access_block(Bucket=bucket)

main.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={
    "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
check(main.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"][0]
      ["ObjectOwnership"] == "BucketOwnerEnforced", "ownership controls kept")
check(code(lambda: main.put_bucket_acl(Bucket=bucket, ACL="public-read"))
      == (400, "AccessControlListNotSupported"), "ACLs disabled")
main.delete_bucket_ownership_controls(Bucket=bucket)
check(code(lambda: main.get_bucket_ownership_controls(Bucket=bucket))
      == (404, "OwnershipControlsNotFoundError"), "ownership controls deleted")
print("OK", checks)
