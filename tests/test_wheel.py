"""a11y installs as a wheel: built from a copy of the repository, installed into a fresh virtual
environment, and `a11y serve` started in an empty folder serves the sample's page with its stylesheet.

Offline: the wheel is built with the setuptools this environment has (no build isolation) and
installed with --no-index --no-deps; the dependencies come from this environment's site-packages,
which the fresh one reads through a .pth line (not as a site folder, so the editable a11y installed
there stays out of sight)."""

import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from harness import PROJECT, TOKEN
from loopback import free_port

SAMPLE_TEXT = PROJECT / "demo" / "etoday-x-townhall.txt"
START_WAIT_S = 60


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(PROJECT / name, source / name)
    for folder in ("a11y", "templates"):
        shutil.copytree(PROJECT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", out, source],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = out.glob("a11y-*.whl")
    return wheel


def test_the_wheel_carries_templates_static_files_and_speech_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (PROJECT / "templates").glob("*.html"):
        assert f"a11y/templates/{template.name}" in names
    for static in (PROJECT / "a11y" / "static").iterdir():
        assert f"a11y/static/{static.name}" in names
    assert "a11y/speech/lexicon.txt" in names


def test_installed_wheel_serves_the_sample_page_and_its_stylesheet_from_an_empty_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=120)
    fresh_python = venv / "bin" / "python"
    site = subprocess.run(
        [fresh_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", fresh_python, "install", "--no-deps", "--no-index", wheel],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    empty = tmp_path / "empty"
    empty.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "A11Y_ENGINES": "espeak",
           "A11Y_PREGENERATE": "false", "A11Y_PUBLISHER_TOKEN": TOKEN}  # fmt: skip
    where = subprocess.run(
        [venv / "bin" / "python", "-c", "import a11y; print(a11y.__file__)"], cwd=empty, env=env,
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert where.startswith(site), f"a11y imported from {where}, not from the installed wheel"
    port = free_port()
    ingested = subprocess.run(
        [venv / "bin" / "a11y", "ingest", SAMPLE_TEXT], cwd=empty, env={**env, "A11Y_PORT": str(port)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ingested.returncode == 0, ingested.stderr
    page_url = ingested.stdout.splitlines()[1]
    server = subprocess.Popen(
        [venv / "bin" / "a11y", "serve", "--port", str(port)], cwd=empty, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        page = _when_up(page_url, server)
        assert page.status_code == 200 and "<h1>" in page.text
        assert "기술오류가 막는 트럼프 지지?" in page.text
        stylesheet = next(part.split('"')[0] for part in page.text.split('href="')[1:] if ".css" in part.split('"')[0])
        css = httpx.get(httpx.URL(page_url).join(stylesheet))
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        assert css.content == (PROJECT / "a11y" / "static" / Path(stylesheet.split("?")[0]).name).read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Its files are kept in the folder it runs in (A11Y_DATA_DIR and A11Y_AUDIO_CACHE_DIR say where else).
    assert {path.name for path in empty.iterdir()} <= {"data", "audio_cache"}


def _when_up(url: str, server: subprocess.Popen) -> httpx.Response:
    deadline = time.monotonic() + START_WAIT_S
    while True:
        try:
            return httpx.get(url, timeout=30)
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the installed server did not start: {server.stderr.read()[-3000:]}") from None
            time.sleep(0.2)
