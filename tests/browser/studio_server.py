"""Start, kill and stop real studio processes (`streamlit run app.py`) for browser tests, and wait for Streamlit."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT


def _copy_output(process: subprocess.Popen, log: Path, listening: threading.Event) -> None:
    """Every line the studio prints, into LOG; LISTENING is set at its URL line, or when its output ends."""
    with open(log, "ab") as out:
        for line in process.stdout:
            out.write(line)
            out.flush()
            if b"URL: http" in line:
                listening.set()
    listening.set()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Studio:
    """One studio process on a loopback port, with ENV added and extra command-line OPTIONS.

    Output is copied to LOG as it comes (so a chatty server never blocks on a full pipe) and is shown
    if it dies while starting. `kill` is the abrupt end a crash or a power cut gives; `start` again
    brings it back on the same port, as a restarted server behind a proxy would be.
    """

    env: dict[str, str]
    options: tuple[str, ...] = ()
    log: Path | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Studio:
        if self.log is None:
            self.log = Path(tempfile.mkstemp(prefix="studio-", suffix=".log")[1])
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *self.options],
            cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        # Wait for a state, not a time: Streamlit prints its URL once the server is listening, and a
        # process that dies closes its output. A thread copies every line to the log, so the pipe never fills.
        listening = threading.Event()
        threading.Thread(target=_copy_output, args=(self.process, self.log, listening), daemon=True).start()
        assert listening.wait(timeout=60), "the studio did not start within 60 s"
        assert self.process.poll() is None, self.log.read_text(errors="replace")
        with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=10) as answer:
            assert answer.read() == b"ok"
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; only what the database committed survives."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def running_studio(env: dict[str, str], *options: str, log: Path, port: int | None = None) -> Iterator[str]:
    """A studio for the length of a `with` block; yields its URL."""
    studio = Studio(env, options, log, port or free_port())
    try:
        yield studio.start().url
    finally:
        studio.stop()


def settle(page) -> None:
    """Streamlit's own wait: connected, the script has finished running, and nothing drawn by an earlier run
    is still on screen waiting to be replaced (Streamlit marks such elements `data-stale="true"`)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=30_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)
