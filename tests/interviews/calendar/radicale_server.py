"""A real CalDAV server for the tests: Radicale (pinned in requirements-dev.txt) in its own process on a free
port, with htpasswd sign-in and a throwaway storage folder."""

import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import caldav

USER, PASSWORD = "lena-cal", "app-password-1"
SOLO = "solo-cal"  # a second account, for the tests that give the account's address rather than a calendar's


@dataclass
class Radicale:
    base: str

    def client(self, password: str = PASSWORD) -> caldav.DAVClient:
        return caldav.DAVClient(
            url=f"{self.base}/{USER}/", username=USER, password=password, require_tls=False, enable_rfc6764=False
        )

    def new_calendar(self) -> caldav.Calendar:
        """A fresh, empty calendar collection for one test."""
        return self.client().principal().make_calendar(name="Work", cal_id=f"work-{uuid.uuid4().hex[:10]}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(folder: Path) -> tuple[subprocess.Popen, Radicale]:
    port = _free_port()
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n{SOLO}:{PASSWORD}\n")
    (folder / "config").write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\n"
        "type = htpasswd\n"
        f"htpasswd_filename = {folder / 'users'}\n"
        "htpasswd_encryption = plain\n"
        "delay = 0\n"
        "[storage]\n"
        f"filesystem_folder = {folder / 'collections'}\n"
        "[logging]\n"
        "level = warning\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(folder / "config")],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "log").open("w"),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, Radicale(base=f"http://127.0.0.1:{port}")
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"Radicale did not start: {(folder / 'log').read_text()[-2000:]}")
