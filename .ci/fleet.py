"""The fleet test (`.ci/run` step 9; by hand: `.venv/bin/python .ci/fleet.py`).

Loopwise as a company runs it: the production settings, two gunicorn instances (deploy/gunicorn.conf.py)
and two Celery workers against the real PostgreSQL and Redis, plus two beats (one holds the schedule, the
other waits as a standby). A scripted load, bounded in time, signs people in and works through both
instances at random: interviewers save and submit their scorecards (two of them racing on one draft),
the committee votes and the chair decides as loops become ready, the recruiter proposes and saves a
schedule. Mid-run one worker and the beat holding the schedule are killed (SIGKILL).

It passes when: no response and no access-log line is a 5xx; a token and a session made on one
instance work on the other; the draft race gives exactly one 200 and one 409; every scorecard, vote and
decision the load made is in the database; the outbox drains, with every notification made during the run
sent exactly once (one mail per notification, none twice); the standby beat took over the schedule; and
the surviving worker kept beating.

Environment: FLEET_SECONDS (the load's length, 60), FLEET_CANDIDATES (generated volume, 1500),
FLEET_DB (loopwise_fleet), FLEET_REDIS_DB (13), FLEET_PORTS (8201,8202).
"""

import collections
import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
SECONDS = int(os.environ.get("FLEET_SECONDS", "60"))
CANDIDATES = os.environ.get("FLEET_CANDIDATES", "1500")
DB = os.environ.get("FLEET_DB", "loopwise_fleet")
REDIS_DB = os.environ.get("FLEET_REDIS_DB", "13")
PORTS = [int(p) for p in os.environ.get("FLEET_PORTS", "8201,8202").split(",")]
PASSWORD = "loopwise-demo"  # the demo's and the load generator's people
WORK = Path(tempfile.mkdtemp(prefix="loopwise-fleet-"))
MAIL = WORK / "mail"

ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "LOOPWISE_"))},
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "fleet-" + "k" * 60,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "NOTIFICATIONS_SITE_URL": "https://loopwise.example.com",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
    "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    "EMAIL_FILE_PATH": str(MAIL),
    "LOOPWISE_ADMIN_TWO_FACTOR": "false",
    "LOOPWISE_SIGN_IN_RATE": "100000/minute",  # every scripted person signs in from 127.0.0.1
    "LOOPWISE_HEARTBEAT_SECONDS": "1",
    "LOOPWISE_WEB_WORKERS": "2",
    "PYTHONUNBUFFERED": "1",
}
# What the TLS proxy in front would add (deploy/nginx/loopwise.conf): the request came over HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def say(message: str) -> None:
    print(f"[fleet {time.strftime('%H:%M:%S')}] {message}", flush=True)


def manage(*args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=ENV, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def sql(query: str, database: str = DB) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", query],
        check=True,
        text=True,
        capture_output=True,
    ).stdout.strip()


class Process:
    def __init__(self, name: str, args: list[str], **env: str):
        self.name, self.log_path = name, WORK / f"{name}.log"
        with self.log_path.open("w") as log:
            self.popen = subprocess.Popen(
                args, cwd=ROOT, env={**ENV, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


# --- The data the load works on -----------------------------------------------------------------------

PLAN = r"""
import json
from django.db.models import Exists, OuterRef
from django.utils import timezone
from interviews.models import Interview, Loop, Scorecard
# Loops waiting only for scorecards of interviews that are over: submitting them makes the loop ready.
future = Interview.objects.filter(loop=OuterRef("pk"), end__gt=timezone.now())
drafts = Scorecard.objects.filter(interview__loop=OuterRef("pk"), status="draft")
loops = list(Loop.objects.filter(status="awaiting_feedback").annotate(f=Exists(future), d=Exists(drafts))
             .filter(f=False, d=True).select_related("application__requisition__committee").order_by("id")[:40])
cards = []
for loop in loops:
    for card in Scorecard.objects.filter(interview__loop=loop, status="draft").select_related("interviewer"):
        required = card.rubric.competencies.filter(required=True)
        cards.append({"id": card.id, "loop": loop.id, "interviewer": card.interviewer.username, "ratings": [
            {"competency": c.id, "score": 3, "evidence": "Clear reasoning, tested the edge cases."} for c in required]})
committees = {}
for loop in loops:
    committee = loop.application.requisition.committee
    committees[loop.id] = {"chair": committee.chair.username,
                           "members": [m.username for m in committee.members.exclude(pk=committee.chair_id)]}
scheduling = Loop.objects.filter(status="scheduling").order_by("id").first()
print(json.dumps({"cards": cards, "committees": committees, "scheduling": scheduling and scheduling.id}))
"""


# --- Clients ----------------------------------------------------------------------------------------

responses: list[tuple[str, str, int, int]] = []  # (method, path, port, status)
responses_lock = threading.Lock()


class Person:
    """Someone signed in with a token, sending each request to either instance at random."""

    def __init__(self, username: str, rng: random.Random):
        self.username, self.rng = username, rng
        self.http = requests.Session()
        body = self.call("post", "/api/v1/auth/token/", json={"username": username, "password": PASSWORD})
        self.http.headers["Authorization"] = f"Token {body.json()['token']}"

    def call(self, method: str, path: str, port: int | None = None, **kwargs) -> requests.Response:
        port = port or self.rng.choice(PORTS)
        response = self.http.request(
            method, f"http://127.0.0.1:{port}{path}", headers=PROXY_HEADERS, timeout=60, **kwargs
        )
        with responses_lock:
            responses.append((method.upper(), path, port, response.status_code))
        return response


def pause(person: Person, deadline: float, left: int) -> None:
    """Spread what is left over the time that is left (so the kills land mid-work)."""
    room = max(0.0, deadline - time.monotonic() - 5)
    time.sleep(person.rng.uniform(0, 2 * room / max(left, 1)) if room else 0)


def interviewer_work(person: Person, cards: list[dict], deadline: float, done: list[int], errors: list[str]) -> None:
    for left, card in zip(range(len(cards), 0, -1), cards, strict=True):
        pause(person, deadline, left)
        path = f"/api/v1/scorecards/{card['id']}/"
        version = person.call("get", path).json()["version"]
        saved = person.call("patch", path, json={"version": version, "summary": "Notes so far.", "overall": "yes"})
        if saved.status_code != 200:
            errors.append(f"{person.username} PATCH {path}: {saved.status_code} {saved.text[:300]}")
            continue
        content = {"ratings": card["ratings"], "overall": "yes", "summary": "Strong on the fundamentals."}
        submitted = person.call("post", path + "submit/", json=content)
        if submitted.status_code == 200:
            done.append(card["id"])
        else:
            errors.append(f"{person.username} submit {path}: {submitted.status_code} {submitted.text[:300]}")


def reader_work(person: Person, paths: list[str], deadline: float, errors: list[str]) -> None:
    """Reads all through the run: lists and packets, each must answer 200."""
    while time.monotonic() < deadline:
        path = person.rng.choice(paths)
        response = person.call("get", path)
        if response.status_code != 200:
            errors.append(f"{person.username} GET {path}: {response.status_code}")
        elif path.startswith("/api/v1/loops/?") and response.json()["results"]:
            # A loop the list shows: its packet (the committee's) or its detail answers too.
            loop = person.rng.choice(response.json()["results"])["id"]
            more = f"/api/v1/loops/{loop}/packet/" if "ready_for_review" in path or "decided" in path else ""
            if more and (packet := person.call("get", more)).status_code != 200:
                errors.append(f"{person.username} GET {more}: {packet.status_code}")
        time.sleep(person.rng.uniform(0.05, 0.4))


def committee_work(
    loop_id: int,
    people: dict[str, Person],
    chair: str,
    members: list[str],
    deadline: float,
    decided: list[int],
    votes: list[tuple[int, str]],
    errors: list[str],
) -> None:
    base = f"/api/v1/loops/{loop_id}/"
    while time.monotonic() < deadline:
        status = people[chair].call("get", base).json()["status"]
        if status == "ready_for_review":
            break
        time.sleep(1)
    else:
        return  # its scorecards did not all come in during the run
    for member in members:
        vote = people[member].call("post", base + "votes/", json={"vote": "hire", "comment": "Agree."})
        if vote.status_code in (200, 201):
            votes.append((loop_id, member))
        else:
            errors.append(f"{member} vote on {loop_id}: {vote.status_code} {vote.text[:300]}")
    outcome = people[chair].call("get", base + "recommendation/").json()["outcome"]
    choice = "hire" if outcome == "hire" else "no_hire"
    decision = people[chair].call(
        "post", base + "decision/", json={"outcome": choice, "rationale": "The committee agreed after review."}
    )
    if decision.status_code == 201:
        decided.append(loop_id)
    else:
        errors.append(f"{chair} decision on {loop_id}: {decision.status_code} {decision.text[:300]}")


def draft_race(person: Person, card: dict, errors: list[str]) -> None:
    """Two saves of one draft at the same version, one on each instance: one wins, the other is a 409."""
    path = f"/api/v1/scorecards/{card['id']}/"
    version = person.call("get", path).json()["version"]
    results: list[int] = []
    barrier = threading.Barrier(2)

    def save(port: int) -> None:
        barrier.wait()
        results.append(
            person.call("patch", path, port=port, json={"version": version, "summary": f"From {port}"}).status_code
        )

    threads = [threading.Thread(target=save, args=(port,)) for port in PORTS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if sorted(results) != [200, 409]:
        errors.append(f"the draft race on {path} answered {results}, not one 200 and one 409")


def schedule_work(person: Person, loop_id: int, errors: list[str]) -> bool:
    base = f"/api/v1/loops/{loop_id}/"
    proposal = person.call("post", base + "propose-schedule/", json={})
    body = proposal.json()
    if proposal.status_code != 200 or not body.get("feasible"):
        errors.append(f"propose-schedule on {loop_id}: {proposal.status_code} {str(body)[:300]}")
        return False
    plan = {"interviews": [{k: i[k] for k in ("id", "start", "end", "interviewers")} for i in body["interviews"]]}
    saved = person.call("post", base + "schedule/", json=plan)
    if saved.status_code not in (200, 201):
        errors.append(f"schedule on {loop_id}: {saved.status_code} {saved.text[:300]}")
        return False
    return True


def session_works_on_both(errors: list[str]) -> None:
    """Sign in on the pages of one instance; the session cookie is good on the other."""
    first, second = PORTS
    http = requests.Session()
    login = http.get(f"http://127.0.0.1:{first}/login/", headers=PROXY_HEADERS, timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    cookie = login.cookies.get("csrftoken")
    origin = f"https://127.0.0.1:{first}"
    signed_in = http.post(
        f"http://127.0.0.1:{first}/login/",
        data={"username": "recruiter", "password": PASSWORD, "csrfmiddlewaretoken": csrf},
        headers={**PROXY_HEADERS, "Origin": origin, "Referer": origin + "/login/", "Cookie": f"csrftoken={cookie}"},
        allow_redirects=False,
        timeout=30,
    )
    session = signed_in.cookies.get("sessionid")
    if signed_in.status_code != 302 or not session:
        errors.append(f"page sign-in on {first}: {signed_in.status_code}")
        return
    home = requests.get(
        f"http://127.0.0.1:{second}/",
        headers={**PROXY_HEADERS, "Cookie": f"sessionid={session}"},
        allow_redirects=False,
        timeout=30,
    )
    if home.status_code != 200 or "Rita" not in home.text:
        errors.append(f"the session from {first} on {second}: {home.status_code}")


def token_works_on_both(errors: list[str]) -> None:
    first, second = PORTS
    token = requests.post(
        f"http://127.0.0.1:{first}/api/v1/auth/token/",
        json={"username": "recruiter", "password": PASSWORD},
        headers=PROXY_HEADERS,
        timeout=30,
    ).json()["token"]
    me = requests.get(
        f"http://127.0.0.1:{second}/api/v1/me/",
        headers={**PROXY_HEADERS, "Authorization": f"Token {token}"},
        timeout=30,
    )
    if me.status_code != 200 or me.json()["username"] != "recruiter":
        errors.append(f"the token from {first} on {second}: {me.status_code}")


# --- The run -----------------------------------------------------------------------------------------


def wait_until(check, seconds: float, what: str, every: float = 0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise SystemExit(f"fleet: timed out waiting for {what}")


def ready(port: int) -> bool:
    try:
        return (
            requests.get(f"http://127.0.0.1:{port}/healthz/ready", headers=PROXY_HEADERS, timeout=5).status_code == 200
        )
    except requests.RequestException:
        return False


def beats(kind: str) -> dict[str, int]:
    rows = sql(
        f"SELECT hostname, beats FROM core_workerheartbeat WHERE kind = '{kind}' "
        "AND last_seen_at > now() - interval '4 seconds'"
    )
    return {line.split("|")[0]: int(line.split("|")[1]) for line in rows.splitlines() if line}


def prepare() -> dict:
    """A fresh database with the demo and a generated volume; → what the load works on."""
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
    subprocess.run(["redis-cli", "-n", REDIS_DB, "flushdb"], check=True, capture_output=True)
    manage("migrate", "-v0")
    manage("seed_demo")
    manage("generate_load_data", "--candidates", CANDIDATES)
    plan = json.loads(manage("shell", "-c", PLAN, capture=True).strip().splitlines()[-1])
    plan["committees"] = {int(k): v for k, v in plan["committees"].items()}
    cards, loops = len(plan["cards"]), len(plan["committees"])
    say(f"{cards} draft scorecards on {loops} loops; scheduling loop {plan['scheduling']}")
    if len(plan["cards"]) < 4 or not plan["scheduling"]:
        raise SystemExit("fleet: the generated data has too little to work on")
    return plan


class Fleet:
    """Two web instances, two workers, the beat holding the schedule and its standby."""

    def __init__(self):
        celery = [str(BIN / "celery"), "-A", "config"]
        self.web = [
            Process(
                f"web-{port}",
                [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
                LOOPWISE_BIND=f"127.0.0.1:{port}",
            )
            for port in PORTS
        ]
        self.workers = [
            Process(
                f"worker-{n}",
                [*celery, "worker", "-n", f"fleet{n}@%h", "--concurrency=2", "--loglevel=INFO", "--without-mingle"],
            )
            for n in (1, 2)
        ]
        self.beat_args = [*celery, "beat", "--loglevel=INFO"]
        self.holder = Process("beat-1", [*self.beat_args, f"--schedule={WORK / 'beat-1'}"])
        self.standby: Process | None = None
        self.everything = [*self.web, *self.workers, self.holder]

    def wait_ready(self) -> None:
        for port in PORTS:
            wait_until(lambda port=port: ready(port), 60, f"web instance {port} to be ready")
        wait_until(lambda: len(beats("beat")) == 1, 60, "the first beat to hold the schedule")
        self.standby = Process("beat-2", [*self.beat_args, f"--schedule={WORK / 'beat-2'}"])
        self.everything.append(self.standby)
        wait_until(lambda: "is a standby" in self.standby.log(), 60, "the second beat to wait as a standby")
        wait_until(lambda: len(beats("worker")) == 2, 60, "both workers to beat")
        say("two web instances, two workers, one beat holding the schedule and one standby")

    def stop(self) -> None:
        for process in self.everything:
            process.kill(signal.SIGTERM)


class Outcome:
    """What the load did, as the answers said it."""

    def __init__(self):
        self.submitted: list[int] = []
        self.decided: list[int] = []
        self.votes: list[tuple[int, str]] = []
        self.scheduled: list[bool] = []
        self.errors: list[str] = []


def run_load(plan: dict, fleet: Fleet, out: Outcome) -> None:
    cards, committees = plan["cards"], plan["committees"]
    rng = random.Random(16)
    usernames = {c["interviewer"] for c in cards} | {"recruiter"}
    for committee in committees.values():
        usernames |= {committee["chair"], *committee["members"]}
    people = {name: Person(name, random.Random(rng.random())) for name in sorted(usernames)}
    draft_race(people[cards[0]["interviewer"]], cards[0], out.errors)
    deadline = time.monotonic() + SECONDS
    by_person = collections.defaultdict(list)
    for card in cards:
        by_person[card["interviewer"]].append(card)
    threads = [
        threading.Thread(target=interviewer_work, args=(people[name], own, deadline, out.submitted, out.errors))
        for name, own in by_person.items()
    ]
    readers = {
        "recruiter": [
            "/api/v1/loops/?status=scheduled",
            "/api/v1/teams/",
            "/api/v1/candidates/?q=a",
            "/api/v1/applications/?stage=loop",
            "/api/v1/interviewers/?round_type=ml_coding",
        ],
        committees[sorted(committees)[0]]["chair"]: [
            "/api/v1/loops/?status=ready_for_review",
            "/api/v1/loops/?status=decided",
            "/api/v1/interviews/?status=completed",
        ],
        cards[-1]["interviewer"]: ["/api/v1/interviews/?mine=1", "/api/v1/scorecards/?status=draft"],
    }
    threads += [
        threading.Thread(target=reader_work, args=(people[name], paths, deadline, out.errors))
        for name, paths in readers.items()
    ]
    threads += [
        threading.Thread(
            target=committee_work,
            args=(loop_id, people, c["chair"], c["members"], deadline, out.decided, out.votes, out.errors),
        )
        for loop_id, c in committees.items()
    ]
    threads.append(
        threading.Thread(
            target=lambda: out.scheduled.append(schedule_work(people["recruiter"], plan["scheduling"], out.errors))
        )
    )
    for thread in threads:
        thread.start()
    time.sleep(SECONDS / 3)
    say("killing worker 1 and the beat holding the schedule (SIGKILL)")
    fleet.workers[0].kill()
    fleet.holder.kill()
    for thread in threads:
        thread.join(timeout=max(1, deadline - time.monotonic()) + 60)
    say(
        f"load done: {len(out.submitted)} scorecards submitted, {len(out.votes)} votes, {len(out.decided)} "
        f"decisions, schedule saved: {out.scheduled == [True]}; {len(responses)} requests"
    )


def drain(fleet: Fleet) -> None:
    wait_until(lambda: "holds the schedule" in fleet.standby.log(), 60, "the standby beat to take over")
    say("drain: waiting for the outbox to be empty")
    wait_until(
        lambda: sql("SELECT count(*) FROM notifications_notification WHERE status IN ('pending', 'sending')") == "0",
        300,
        "the outbox to drain",
        every=2,
    )


def ids(values) -> str:
    return ",".join(str(v) for v in values) or "0"


def check_answers(plan: dict, fleet: Fleet, out: Outcome) -> None:
    """No 5xx anywhere; what answered 200/201 is in the database."""
    five = [r for r in responses if r[3] >= 500]
    out.errors += [f"{m} {p} on {port}: {status}" for m, p, port, status in five]
    for process in fleet.web:
        out.errors += [f"{process.name}: {line}" for line in process.log().splitlines() if re.search(r'" 5\d\d ', line)]
    cards = plan["cards"]
    if len(out.submitted) != len(cards):
        out.errors.append(f"{len(out.submitted)} of {len(cards)} scorecards submitted")
    in_db = int(
        sql(
            f"SELECT count(*) FROM interviews_scorecard WHERE status = 'submitted' AND id IN "
            f"({ids(c['id'] for c in cards)})"
        )
    )
    if in_db != len(out.submitted):
        out.errors.append(f"{len(out.submitted)} submissions answered 200 but {in_db} are submitted in the database")
    decisions = int(sql(f"SELECT count(*) FROM decisions_decision WHERE loop_id IN ({ids(plan['committees'])})"))
    if not out.decided or decisions != len(out.decided):
        out.errors.append(f"{len(out.decided)} decisions answered 201; {decisions} are in the database")
    if out.scheduled != [True]:
        out.errors.append("the recruiter's schedule was not saved")
    say(f"{len(five)} 5xx responses of {len(responses)}")


def check_mail(started_at: str, out: Outcome) -> None:
    """Every notification made during the run was sent, and mailed exactly once."""
    rows = sql(f"SELECT dedupe_key, status FROM notifications_notification WHERE created_at >= '{started_at}'")
    made = dict(line.split("|") for line in rows.splitlines() if line)
    unsent = {k: s for k, s in made.items() if s not in ("sent", "skipped")}
    if unsent:
        out.errors.append(f"notifications not sent: {unsent}")
    sys.path.insert(0, str(ROOT))
    from tests.integration.mailbox import read_mail

    header = "X-Loopwise-Notification"
    mailed = collections.Counter(m[header].strip() for m in read_mail(MAIL) if m[header])
    twice = {k: n for k, n in mailed.items() if n > 1}
    lost = sorted(k for k, s in made.items() if s == "sent" and k not in mailed)
    if twice:
        out.errors.append(f"mailed more than once: {twice}")
    if lost:
        out.errors.append(f"marked sent but never mailed: {lost[:10]}")
    if not made:
        out.errors.append("the run made no notification")
    say(f"{len(made)} notifications made during the run, {sum(mailed.values())} mails")


def check_one_schedule(fleet: Fleet, out: Outcome) -> None:
    """The two beats never scheduled side by side: each minute's heartbeat task was sent once (twice at most
    in the one minute of the takeover, which every scheduled task tolerates)."""
    sent = collections.Counter()
    for process in (fleet.holder, fleet.standby):
        for line in process.log().splitlines():
            if line.startswith("{") and "Sending due task record worker heartbeat" in line:
                sent[json.loads(line)["time"][:16]] += 1
    twice = [minute for minute, n in sent.items() if n > 1]
    if not sent or max(sent.values()) > 2 or len(twice) > 1:
        out.errors.append(f"the schedule ran side by side: heartbeat tasks sent per minute {dict(sent)}")


def check_processes(out: Outcome) -> None:
    try:
        wait_until(lambda: [n.split("@")[0] for n in beats("worker")] == ["fleet2"], 15, "only the survivor to beat")
    except SystemExit:
        out.errors.append(f"workers beating after the kill: {beats('worker')}")


COUNTS = (
    "SELECT table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', table_name), "
    "false, true, '')))[1]::text FROM information_schema.tables WHERE table_schema = 'public' "
    "AND table_type = 'BASE TABLE' ORDER BY 1"
)


def check_backup(out: Outcome) -> None:
    """deploy/backup.sh as the README runs it, restored into a new database: the same rows in every table."""
    dump = (
        subprocess.run(
            ["bash", "deploy/backup.sh", str(WORK / "backups")],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": ENV["DATABASE_URL"]},
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    restored = f"{DB}_restored"
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", restored], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", restored], check=True)
    subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname=postgres://postgres@127.0.0.1:5432/{restored}", dump], check=True
    )
    original, copy = sql(COUNTS), sql(COUNTS, database=restored)
    if original != copy or not original:
        out.errors.append("the restored backup differs from the database (table|rows):\n" + copy[:2000])
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", restored], check=True)
    say(f"backup {Path(dump).name} restored: {len(original.splitlines())} tables, the same rows")


def main() -> int:
    say(f"work directory {WORK}")
    plan = prepare()
    started_at = sql("SELECT now()")
    fleet, out = Fleet(), Outcome()
    try:
        fleet.wait_ready()
        token_works_on_both(out.errors)
        session_works_on_both(out.errors)
        run_load(plan, fleet, out)
        drain(fleet)
        check_answers(plan, fleet, out)
        check_mail(started_at, out)
        check_processes(out)
        check_one_schedule(fleet, out)
    finally:
        fleet.stop()
    check_backup(out)
    if out.errors:
        print("FLEET FAILED:\n  " + "\n  ".join(out.errors[:50]))
        for process in fleet.everything:
            print(f"--- last lines of {process.name} ---\n" + "\n".join(process.log().splitlines()[-15:]))
        return 1
    say("fleet passed")
    shutil.rmtree(WORK, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
