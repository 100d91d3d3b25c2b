"""boto3 with Signature Version 2 (botocore's HmacV1 'AWS AKID:sig' header and query signers).

Usage: boto3_sigv2.py ENDPOINT BUCKET ACCESS_KEY SECRET_KEY
Header form: put (with metadata and Content-MD5), get, head, list (v1 and v2), multipart
uploads listing, tagging, multi-delete and delete with
Config(signature_version='s3'). Then prints three presigned URLs, one per line:
a GET made by a client with no Config at all (the default), a GET and a PUT made with
Config(signature_version='s3'). Ends with 'OK'.
"""
import base64
import hashlib
import sys

import boto3
from botocore.config import Config

endpoint, bucket, ak, sk = sys.argv[1:5]
session = boto3.session.Session(aws_access_key_id=ak, aws_secret_access_key=sk,
                                region_name='us-east-1')
v2 = session.client('s3', endpoint_url=endpoint,
                    config=Config(signature_version='s3', s3={'addressing_style': 'path'},
                                  retries={'max_attempts': 1}))
body = 'sigv2 body \u00fc'.encode('utf-8')
md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
v2.put_object(Bucket=bucket, Key='v2/a b.txt', Body=body, ContentMD5=md5,
              ContentType='text/plain', Metadata={'colour': 'blue'})
got = v2.get_object(Bucket=bucket, Key='v2/a b.txt')
assert got['Body'].read() == body, 'GET body'
assert got['Metadata'] == {'colour': 'blue'}, got['Metadata']
assert got['ContentType'] == 'text/plain', got['ContentType']
head = v2.head_object(Bucket=bucket, Key='v2/a b.txt')
assert head['ContentLength'] == len(body), head
keys = [o['Key'] for o in v2.list_objects_v2(Bucket=bucket, Prefix='v2/')['Contents']]
assert keys == ['v2/a b.txt'], keys
assert v2.list_objects(Bucket=bucket, Prefix='v2/')['Contents'][0]['Key'] == 'v2/a b.txt'
# botocore signs sub-resource operations as '/bucket?uploads?uploads' (its URI template).
assert 'Uploads' not in v2.list_multipart_uploads(Bucket=bucket)
v2.put_object_tagging(Bucket=bucket, Key='v2/a b.txt',
                      Tagging={'TagSet': [{'Key': 't', 'Value': 'v'}]})
assert v2.get_object_tagging(Bucket=bucket, Key='v2/a b.txt')['TagSet'] == [{'Key': 't', 'Value': 'v'}]
v2.put_object(Bucket=bucket, Key='v2/other', Body=b'x')
deleted = v2.delete_objects(Bucket=bucket, Delete={'Objects': [{'Key': 'v2/other'}]})
assert [d['Key'] for d in deleted['Deleted']] == ['v2/other'], deleted
v2.delete_object(Bucket=bucket, Key='v2/a b.txt')
assert v2.list_objects_v2(Bucket=bucket, Prefix='v2/')['KeyCount'] == 0

default = session.client('s3', endpoint_url=endpoint)
print(default.generate_presigned_url('get_object', Params={'Bucket': bucket, 'Key': 'pre/get.txt'},
                                     ExpiresIn=60))
print(v2.generate_presigned_url('get_object', Params={'Bucket': bucket, 'Key': 'pre/get.txt'},
                                ExpiresIn=60))
print(v2.generate_presigned_url('put_object', Params={'Bucket': bucket, 'Key': 'pre/put.txt'},
                                ExpiresIn=60))
print('OK')
