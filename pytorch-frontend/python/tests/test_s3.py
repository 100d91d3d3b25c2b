"""The files written through the dataset service are the objects of the S3 bucket of the same
name (DESIGN §2): listed and read with boto3, byte for byte."""

from __future__ import annotations


def test_dataset_files_are_s3_objects(server, dataset):
    assert server.s3_endpoint, "ESTUARY_TEST_S3_ENDPOINT is empty (expected: the S3 frontend's URL)"
    import boto3
    from botocore.config import Config

    s3 = boto3.client("s3", endpoint_url=server.s3_endpoint, region_name="us-east-1",
                      aws_access_key_id=server.s3_access_key,
                      aws_secret_access_key=server.s3_secret_key,
                      config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
    keys = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=server.volume,
                                                            Prefix=f"{dataset.root}/"):
        for obj in page.get("Contents", []):
            keys[obj["Key"]] = obj["Size"]
    expected = {f"{dataset.root}/{p}": len(b) for p, b in dataset.files.items()}
    assert keys == expected
    for path, data in dataset.files.items():
        body = s3.get_object(Bucket=server.volume, Key=f"{dataset.root}/{path}")["Body"].read()
        assert body == data, path
