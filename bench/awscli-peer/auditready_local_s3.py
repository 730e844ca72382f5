"""AWS CLI plugin for the benchmark: send the CLI's S3 calls to the local S3 server.

`aws cloudtrail validate-logs` makes its S3 clients per bucket region, without an endpoint, and the Debian
awscli (2.9) has no endpoint setting for them. botocore's `before-endpoint-resolution.s3` event lets a plugin
set the endpoint ruleset's builtins; nothing else of the CLI changes. The endpoint comes from
AUDITREADY_BENCH_S3_ENDPOINT.
"""
import os


def _local_endpoint(builtins, **kwargs):
    builtins['SDK::Endpoint'] = os.environ['AUDITREADY_BENCH_S3_ENDPOINT']
    builtins['AWS::S3::ForcePathStyle'] = True


def awscli_initialize(cli):
    cli.register('before-endpoint-resolution.s3', _local_endpoint)
