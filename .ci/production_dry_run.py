"""The README's *Production* set-up, followed on this machine (`.ci/run` step; by hand:
`.venv/bin/python .ci/production_dry_run.py`).

Each command of "Setting up a machine" runs as written, under a scratch directory standing for `/`
(so `/srv/loopwise` is `<scratch>/srv/loopwise`): the clone, a fresh virtualenv from requirements.txt,
the environment file made from `deploy/systemd/loopwise.env.example`, `migrate`, `collectstatic`,
`createsuperuser`. The systemd units are not handed to systemd (this is not a machine we may
reconfigure): their `ExecStart` lines are run with their `EnvironmentFile`, `Environment` and
`WorkingDirectory`, the specifiers (`%i`, `%%`) expanded as systemd would, for
`loopwise-web@8301 loopwise-web@8302 loopwise-worker@1 loopwise-worker@2 loopwise-beat`. Then the
README's `curl …/healthz/ready` (with the header the nginx config adds), and the units' health as staff
see it. `nginx -t` checks deploy/nginx/loopwise.conf when nginx is installed (with a throwaway
certificate at the paths it names). Skipped, and said so: `apt-get`, `useradd`, `chown`, `systemctl`.

Environment: DRY_RUN_DB (loopwise_dry_run), DRY_RUN_REDIS_DB (12).
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("DRY_RUN_DB", "loopwise_dry_run")
REDIS_DB = os.environ.get("DRY_RUN_REDIS_DB", "12")
SCRATCH = Path(tempfile.mkdtemp(prefix="loopwise-dry-run-"))
SRV = SCRATCH / "srv" / "loopwise"
ETC = SCRATCH / "etc" / "loopwise"
UNITS = ["loopwise-web@8301", "loopwise-web@8302", "loopwise-worker@1", "loopwise-worker@2", "loopwise-beat"]
PROXY = {"X-Forwarded-Proto": "https"}  # what deploy/nginx/loopwise.conf sets
BASE_ENV = {
    k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "LOOPWISE_"))
}


def say(message: str) -> None:
    print(f"[dry run {time.strftime('%H:%M:%S')}] {message}", flush=True)


def sh(command: str, *, env: dict | None = None, cwd: Path | None = None) -> None:
    say(f"$ {command}")
    subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=cwd or SRV, env=env or BASE_ENV, check=True)


def the_env_file() -> dict[str, str]:
    """`install … loopwise.env.example …/loopwise.env`, then the `editor` step: real values for this machine."""
    ETC.mkdir(parents=True)
    target = ETC / "loopwise.env"
    shutil.copy(SRV / "deploy" / "systemd" / "loopwise.env.example", target)
    target.chmod(0o600)
    values = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NOTIFICATIONS_SITE_URL": "https://loopwise.example.com",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "EMAIL_HOST": "127.0.0.1",
    }
    lines = []
    for line in target.read_text().splitlines():
        key = line.split("=", 1)[0]
        lines.append(f"{key}={values.pop(key)}" if key in values else line)
    lines += [f"{key}={value}" for key, value in values.items()]
    # No SMTP server here: mail goes to files (the one departure from the example, said here).
    lines += ["EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend", f"EMAIL_FILE_PATH={SCRATCH / 'mail'}"]
    lines += ["LOOPWISE_HEARTBEAT_SECONDS=1", "LOOPWISE_WEB_WORKERS=2"]
    target.write_text("\n".join(lines) + "\n")
    return read_env_file(target)


def read_env_file(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            found[key.strip()] = value
    return found


def unit_command(unit: str, env: dict[str, str]) -> tuple[list[str], dict[str, str], Path]:
    """The unit's ExecStart, environment and working directory, as systemd would start it."""
    name, _, instance = unit.partition("@")
    path = SRV / "deploy" / "systemd" / (f"{name}@.service" if instance else f"{name}.service")
    text = path.read_text()

    def expand(value: str) -> str:
        value = value.replace("%%", "\0").replace("%i", instance).replace("\0", "%")
        return (
            value.replace("/srv/loopwise", str(SRV))
            .replace("/etc/loopwise", str(ETC))
            .replace("/var/lib/loopwise", str(SCRATCH / "var" / "lib" / "loopwise"))
        )

    settings = [(k, expand(v.strip())) for k, v in re.findall(r"^(\w+)=(.*)$", text, flags=re.M)]
    unit_env = {**BASE_ENV}
    for key, value in settings:
        if key == "EnvironmentFile":
            unit_env.update(read_env_file(Path(value)))
        elif key == "Environment":
            name_, _, val = value.partition("=")
            unit_env[name_] = val
    exec_start = next(v for k, v in settings if k == "ExecStart")
    workdir = Path(next(v for k, v in settings if k == "WorkingDirectory"))
    (SCRATCH / "var" / "lib" / "loopwise").mkdir(parents=True, exist_ok=True)  # StateDirectory=
    return exec_start.split(), unit_env, workdir


def nginx_check() -> None:
    if not shutil.which("nginx"):
        say("nginx is not installed here: deploy/nginx/loopwise.conf not checked (skipped)")
        return
    conf = (SRV / "deploy" / "nginx" / "loopwise.conf").read_text()
    certs = SCRATCH / "certs"
    certs.mkdir()
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=loopwise.example.com",
            "-keyout",
            str(certs / "privkey.pem"),
            "-out",
            str(certs / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )
    conf = conf.replace("/etc/letsencrypt/live/loopwise.example.com", str(certs))
    (SCRATCH / "loopwise.conf").write_text(conf)
    main = (
        f"pid {SCRATCH}/nginx.pid; error_log stderr; events {{}}\n"
        f"http {{ access_log off; include {SCRATCH}/loopwise.conf; }}\n"
    )
    (SCRATCH / "nginx.conf").write_text(main)
    subprocess.run(["nginx", "-t", "-q", "-c", str(SCRATCH / "nginx.conf"), "-p", str(SCRATCH)], check=True)
    say("nginx -t: deploy/nginx/loopwise.conf is valid")


def main() -> int:
    say(f"scratch root {SCRATCH}")
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
    subprocess.run(["redis-cli", "-n", REDIS_DB, "flushdb"], check=True, capture_output=True)
    say("skipped (needs root on a real machine): apt-get install, useradd")
    SRV.parent.mkdir(parents=True)
    sh(f"git clone -q {ROOT} {SRV}", cwd=SCRATCH)
    sh("python3 -m venv .venv && .venv/bin/pip install -q -r requirements.txt")
    env = {**BASE_ENV, **the_env_file()}
    sh(".venv/bin/python manage.py migrate -v0", env=env)
    sh(".venv/bin/python manage.py collectstatic --noinput -v0", env=env)
    admin = {
        "DJANGO_SUPERUSER_USERNAME": "ops",
        "DJANGO_SUPERUSER_EMAIL": "ops@example.com",
        "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
    }
    sh(".venv/bin/python manage.py createsuperuser --noinput", env={**env, **admin})
    say("skipped: chown, cp *.service /etc/systemd/system, systemctl daemon-reload (no systemd to reconfigure here)")
    processes = []
    try:
        for unit in UNITS:
            args, unit_env, workdir = unit_command(unit, env)
            say(f"{unit}: {' '.join(args)}")
            log = (SCRATCH / f"{unit}.log").open("w")
            processes.append(
                (
                    unit,
                    subprocess.Popen(
                        args, cwd=workdir, env=unit_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                    ),
                )
            )
        nginx_check()
        deadline = time.monotonic() + 90
        ready = set()
        while time.monotonic() < deadline and len(ready) < 2:
            for port in (8301, 8302):
                try:
                    # 8301 as nginx forwards it; 8302 as a load balancer probes an instance directly (plain HTTP).
                    headers = PROXY if port == 8301 else {}
                    if requests.get(f"http://127.0.0.1:{port}/healthz/ready", headers=headers, timeout=5).ok:
                        ready.add(port)
                except requests.RequestException:
                    pass
            time.sleep(0.5)
        if len(ready) < 2:
            raise SystemExit(f"dry run: only {sorted(ready)} answered /healthz/ready")
        say("curl -fsS https://loopwise.example.com/healthz/ready: 200 from both web instances")
        # What staff read on /healthz/ (the same selector; a new admin must first set up two-factor sign-in).
        probe = (
            "import json; from core.selectors import system_health; h = system_health(); "
            "print(json.dumps({'workers': sorted(w['hostname'].split('@')[0] for w in h.workers if w['alive']), "
            "'beat': [b['hostname'] for b in h.beat if b['alive']]}))"
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            out = subprocess.run(
                [str(SRV / ".venv/bin/python"), "manage.py", "shell", "-c", probe],
                cwd=SRV,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            health = json.loads(out.strip().splitlines()[-1])
            if health["workers"] == ["worker1", "worker2"] and len(health["beat"]) == 1:
                break
            time.sleep(1)
        else:
            raise SystemExit(f"dry run: the health staff see did not show worker1, worker2 and one beat: {health}")
        say(f"the health staff see: workers {health['workers']}, beat {health['beat']}")
        token = requests.post(
            "http://127.0.0.1:8302/api/v1/auth/token/",
            headers=PROXY,
            timeout=30,
            json={"username": "ops", "password": admin["DJANGO_SUPERUSER_PASSWORD"]},
        )
        if token.status_code != 400 or "otp" not in token.json():
            raise SystemExit(f"dry run: the new admin got a token without two-factor: {token.status_code}")
        say("the new admin is asked to set up two-factor sign-in before getting a token (as production requires)")
    finally:
        for _unit, process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=40)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
    say("dry run passed")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
