"""Prints two boto3 generate_presigned_post answers as JSON lines: one from a client with
boto3's defaults (a SigV2 policy signature in this version) and one with
Config(signature_version='s3v4') (the SigV4 form).

Usage: boto3_presigned_post.py ENDPOINT BUCKET ACCESS_KEY SECRET_KEY
"""
import json
import sys

import boto3
from botocore.config import Config

endpoint, bucket, ak, sk = sys.argv[1:5]
session = boto3.session.Session(aws_access_key_id=ak, aws_secret_access_key=sk,
                                region_name='us-east-1')
for name, config in (('default', None), ('v4', Config(signature_version='s3v4'))):
    client = session.client('s3', endpoint_url=endpoint, config=config)
    post = client.generate_presigned_post(
        bucket, name + '/${filename}',
        Fields={'Content-Type': 'text/plain', 'x-amz-meta-origin': 'browser'},
        Conditions=[['starts-with', '$Content-Type', 'text/'],
                    {'x-amz-meta-origin': 'browser'},
                    ['content-length-range', 1, 1024]],
        ExpiresIn=120)
    print(json.dumps(post))
