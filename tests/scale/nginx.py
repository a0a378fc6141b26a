"""Debian's nginx in front of several Rasa servers: a generated config in a temporary directory, not a daemon.

Ordinary traffic is spread round robin over the servers (the production layout). A request that carries
`X-WegwijZ-Route: <n>` goes to server n, so a load test can make every sender's turns alternate between
the servers; the answering server's address comes back in `X-Upstream`.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import requests

NGINX = Path("/usr/sbin/nginx")
ROUTE_HEADER = "X-WegwijZ-Route"
UPSTREAM_HEADER = "X-Upstream"


def available() -> str | None:
    """Why nginx cannot run here, or None."""
    if not NGINX.exists() and shutil.which("nginx") is None:
        return "nginx is not installed (apt-get install -y nginx)"
    return None


def config(directory: Path, port: int, upstreams: list[str]) -> str:
    """The nginx configuration: one loopback port, round robin over `upstreams` (host:port)."""
    pools = "\n".join(f"    upstream rasa{i} {{ server {address}; keepalive 8; }}" for i, address in
                      enumerate(upstreams))
    servers = "\n".join(f"        server {address} max_fails=0;" for address in upstreams)
    routes = "\n".join(f'        "{i}" rasa{i};' for i in range(len(upstreams)))
    temp = directory / "temp"
    return f"""daemon off;
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
    upstream rasa {{
{servers}
        keepalive 16;
    }}
{pools}
    map $http_x_wegwijz_route $rasa_pool {{
        default rasa;
{routes}
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 64k;
        location / {{
            proxy_pass http://$rasa_pool;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 120s;
            # A turn is never sent to a second server: it could be answered twice.
            proxy_next_upstream off;
            add_header {UPSTREAM_HEADER} $upstream_addr always;
        }}
    }}
}}
"""


@contextlib.contextmanager
def running(directory: Path, port: int, upstreams: list[str]) -> Iterator[str]:
    """nginx on `127.0.0.1:port` until the block ends; yields its base URL."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "temp").mkdir(exist_ok=True)
    (directory / "temp").chmod(0o777)  # nginx's workers drop root
    path = directory / "nginx.conf"
    path.write_text(config(directory, port, upstreams), encoding="utf-8")
    binary = str(NGINX if NGINX.exists() else shutil.which("nginx"))
    check = subprocess.run([binary, "-t", "-c", str(path), "-p", str(directory)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([binary, "-c", str(path), "-p", str(directory)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (directory / "error.log").read_text(errors="replace")
            try:
                requests.get(f"{url}/", timeout=2)
                break
            except requests.RequestException:
                assert time.monotonic() < deadline, "nginx did not come up"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
