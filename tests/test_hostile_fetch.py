"""Fetching from a site at a public address that redirects into private ones: each hop is checked,
so loopback, IPv6 loopback and IPv4-mapped, link-local (cloud metadata), private ranges and
non-http schemes are refused even behind a redirect; a page that drips its bytes is cut off in time.

Runs tests/public_address.py in its own network namespace (root and `unshare`; skipped elsewhere),
where a public address is local, so nothing leaves the machine and no guard is switched off.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "public_address.py"
REFUSED = "내부망·루프백·링크 로컬 주소는 가져오지 않습니다"


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict]:
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        pytest.skip("needs root, unshare and ip for a private network namespace")
    setup = "ip link set lo up && ip addr add 1.1.1.1/32 dev lo && exec \"$0\" \"$1\""
    run = subprocess.run(["unshare", "-n", "sh", "-c", setup, sys.executable, str(SCRIPT)],
                         capture_output=True, text=True, timeout=60)
    if run.returncode != 0 and "unshare" in run.stderr:
        pytest.skip(f"no network namespace here: {run.stderr.strip()}")
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    return {line["route"]: line for line in lines}


def test_a_page_at_a_public_address_is_fetched(outcomes):
    assert outcomes["/article"]["outcome"] == "ok"
    assert outcomes["/article"]["message"].startswith("기술오류가 막는 트럼프 지지?")


@pytest.mark.parametrize(
    "route, address",
    [
        ("/to-loopback", "(127.0.0.1)"),
        ("/to-localhost", "(127.0.0.1)"),
        ("/to-ipv6-loopback", "(::1)"),
        ("/to-ipv6-mapped", "(::ffff:7f00:1)"),
        ("/to-link-local", "(169.254.169.254)"),
        ("/to-private", "(10.0.0.1)"),
        ("/to-redirect-to-loopback", "(127.0.0.1)"),
    ],
)
def test_a_redirect_into_a_private_address_is_refused(outcomes, route, address):
    assert outcomes[route]["outcome"] == "RefusedUrl"
    assert REFUSED in outcomes[route]["message"] and outcomes[route]["message"].endswith(address)


def test_a_redirect_to_another_scheme_is_refused(outcomes):
    assert outcomes["/to-file"]["outcome"] == "RefusedUrl"
    assert "http 또는 https 주소만" in outcomes["/to-file"]["message"]


def test_a_page_that_drips_its_bytes_is_cut_off_at_the_time_limit(outcomes):
    drip = outcomes["/drip"]
    assert drip["outcome"] == "FetchFailed" and "너무 오래 걸립니다" in drip["message"]
    assert drip["took_s"] < 2.0  # the limit is 1 s; the page would take 3 s
