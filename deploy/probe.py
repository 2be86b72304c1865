"""Health probe for containers and systemd: exit 0 when the URL answers 200 within the deadline, else 1.

    python deploy/probe.py [--wait SECONDS] [--url http://127.0.0.1:8000] /gezondheid/gereed/

Standard library only (the slim image has no curl). It sends the first ALLOWED_HOSTS entry as the Host header,
because Django refuses any other host with a 400. It prints nothing on success and one line on failure.
"""

import argparse
import http.client
import os
import sys
import time
import urllib.parse


def probe_once(base: str, path: str, host: str, timeout: float) -> int | None:
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host})
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="/gezondheid/gereed/")
    parser.add_argument("--url", default=os.environ.get("PROBE_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--wait", type=float, default=0, help="keep trying this many seconds (start-up)")
    parser.add_argument("--timeout", type=float, default=5)
    args = parser.parse_args(argv)
    host = (os.environ.get("ALLOWED_HOSTS") or "localhost").split(",")[0].strip()
    deadline = time.monotonic() + args.wait
    while True:
        status = probe_once(args.url, args.path, host, args.timeout)
        if status == 200:
            return 0
        if time.monotonic() >= deadline:
            print(f"probe {args.path}: {status or 'no answer'}", file=sys.stderr)
            return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
