"""Serve Loopwise with gunicorn against the database in DATABASE_URL, load each read with wrk, and print
p50/p95/p99 latency, requests per second, the ratio to a bare JsonResponse view served by the same
gunicorn in the same run, queries per request and the workers' memory. Run by hand (README
"Benchmarks"), not in CI:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loopwise_load .venv/bin/python benchmarks/run.py

Options: --duration seconds per read (10), --connections (4), --workers gunicorn workers (2), --port.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from accounts.tokens import token_issue  # noqa: E402
from hiring.codes import RoleFamily  # noqa: E402
from interviews.models import InterviewAssignment, Loop  # noqa: E402


def _viewers() -> dict[str, User]:
    admin = User.objects.filter(username="bench-admin").first()
    if admin is None:
        admin = User.objects.create_superuser("bench-admin", "bench-admin@example.org", None)
    recruiter = (
        User.objects.filter(groups__name=roles.RECRUITER)
        .annotate(n=Count("recruited_requisitions"))
        .order_by("-n", "pk")
        .first()
    )
    loads = list(
        InterviewAssignment.objects.values("interviewer")
        .annotate(n=Count("id"))
        .order_by("n")
        .values_list("interviewer", flat=True)
    )
    interviewer = User.objects.get(pk=loads[len(loads) // 2])
    return {"admin": admin, "recruiter": recruiter, "interviewer": interviewer}


def _packet_loop(*, em: bool) -> tuple[Loop, User]:
    """A complete loop still with the committee (an engineering-manager one when `em`), and its chair."""
    loops = Loop.objects.filter(status=Loop.Status.AWAITING_FEEDBACK, application__requisition__committee__isnull=False)
    family = {"template__role_family": RoleFamily.ENGINEERING_MANAGER}
    loops = loops.filter(**family) if em else loops.exclude(**family)
    loop = loops.select_related("application__requisition__committee").order_by("-pk").first()
    return loop, loop.application.requisition.committee.chair


def _reads(viewers: dict[str, User]) -> list[tuple[str, str, User]]:
    packet, chair = _packet_loop(em=False)
    em_packet, em_chair = _packet_loop(em=True)
    return [
        ("bare JsonResponse", "/bench/bare/", None),
        ("my interviews (median interviewer, page)", "/interviews/mine/", viewers["interviewer"]),
        ("loops (recruiter)", "/api/v1/loops/", viewers["recruiter"]),
        ("candidate search (recruiter)", "/api/v1/candidates/?q=ada", viewers["recruiter"]),
        ("packet (chair)", f"/api/v1/loops/{packet.pk}/packet/", chair),
        ("packet, EM loop (chair)", f"/api/v1/loops/{em_packet.pk}/packet/", em_chair),
        ("recommendation (chair)", f"/api/v1/loops/{packet.pk}/recommendation/", chair),
        ("calibration (admin)", "/api/v1/analytics/calibration/", viewers["admin"]),
        ("reliability (admin)", "/api/v1/analytics/reliability/", viewers["admin"]),
    ]


def _headers(path: str, user: User | None) -> dict[str, str]:
    if user is None:
        return {}
    if path.startswith("/api/"):
        return {"Authorization": f"Token {token_issue(user=user, client='benchmarks')[1]}"}
    client = Client()
    client.force_login(user)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


def _queries(path: str, headers: dict[str, str]) -> int:
    client = Client()
    extra = {}
    if "Authorization" in headers:
        extra["HTTP_AUTHORIZATION"] = headers["Authorization"]
    if "Cookie" in headers:
        client.cookies["sessionid"] = headers["Cookie"].split("=", 1)[1]
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path, **extra).status_code
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    return len(captured)


def _wrk(url: str, headers: dict[str, str], *, duration: int, connections: int) -> dict:
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "-s",
        str(ROOT / "benchmarks/report.lua"),
        "--timeout",
        "30s",  # a slow read is measured, not dropped as a socket timeout (wrk's default is 2 s)
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _worker_memory(master: int) -> list[int]:
    """Resident memory (MB) of each gunicorn worker."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) // 1024)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8781)
    args = parser.parse_args()

    viewers = _viewers()
    reads = [(name, path, _headers(path, user)) for name, path, user in _reads(viewers)]
    queries = {name: (_queries(path, headers) if name != "bare JsonResponse" else 0) for name, path, headers in reads}
    connection.close()

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="benchmarks.settings", PYTHONPATH=str(ROOT))
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "benchmarks.wsgi", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/bench/bare/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        results = {}
        for name, path, headers in reads:
            _wrk(base + path, headers, duration=2, connections=args.connections)  # warm up
            results[name] = _wrk(base + path, headers, duration=args.duration, connections=args.connections)
        memory = _worker_memory(gunicorn.pid)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    bare = results["bare JsonResponse"]["rps"]
    print(f"\n{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor}, "
          f"gunicorn {args.workers} workers, wrk {args.connections} connections × {args.duration} s")  # fmt: skip
    print("\n| read | p50 ms | p95 ms | p99 ms | req/s | × bare | queries | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for name, row in results.items():
        ratio = row["rps"] / bare if bare else 0
        print(f"| {name} | {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} | {row['rps']:.0f} | "
              f"{ratio:.3f} | {queries[name]} | {row['errors']} |")  # fmt: skip
    print(f"\nWorker memory after the run: {', '.join(f'{m} MB' for m in memory)}")


if __name__ == "__main__":
    main()
