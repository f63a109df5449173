"""Load and faults against two instances, on 127.0.0.1 only, for at most five minutes; then the figures.

    python ops/load_and_fault.py [--seconds 180] [--connections 12] [--database unicancer_ops_load]

What it does, all on this machine:

1. prepares a deployment (ops/deployment.py): a new PostgreSQL database with the demo content, two gunicorn
   instances with the production settings, each reaching PostgreSQL and Redis through a TCP proxy of this
   script (the machine's services themselves are never stopped);
2. sends mixed traffic from ``--connections`` threads, each request to one instance in turn, and to the other
   when the first refuses the connection, as a load balancer would: public pages, the API, and staff editing
   in the admin (each edit adds a press contact with a unique name, or renames the editor's own one);
3. injects faults on a schedule: one instance stopped, then started again; PostgreSQL unreachable for 20 s
   (its proxy cut); Redis unreachable for 20 s (likewise);
4. prints requests, errors by kind, p50/p99 per phase, the time to recover after each fault, and checks that
   every edit acknowledged with a success (the admin's redirect) is in the database afterwards.

Bounded: every request has a 15 s timeout, the run stops at ``--seconds`` (300 at most), and everything it
started (instances, proxies, the database) is stopped or dropped at the end, even on Ctrl-C.
"""

import argparse
import contextlib
import datetime
import random
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.deployment import (  # noqa: E402
    POSTGRES_PORT,
    REDIS_PORT,
    SITE_ORIGIN,
    Deployment,
    SiteClient,
    TcpProxy,
    csrf_token,
    sign_in,
)

MAX_SECONDS = 300
PUBLIC = ["/fr/", "/en/", "/fr/centres/", "/fr/recherche/essais/", "/fr/actualites/", "/fr/certifications/"]
API = ["/api/v1/centres/", "/api/v1/trials/?status=recruiting", "/api/v1/news/", "/api/v1/key-figures/"]
FAULT_SECONDS = 20


@dataclass
class Outcome:
    at: float  # seconds since the start
    kind: str  # public, api, edit
    status: int | None  # None: no HTTP answer
    error: str | None  # connection, timeout, or None
    seconds: float


class Run:
    def __init__(self, deployment: Deployment, duration: float):
        self.deployment = deployment
        self.duration = duration
        self.start = time.monotonic()
        self.deadline = self.start + duration
        self.outcomes: list[Outcome] = []
        self.lock = threading.Lock()
        self.acknowledged_new: set[str] = set()
        self.acknowledged_renames: dict[int, str] = {}  # contact id -> last name acknowledged
        self.own_contacts: set[int] = set()  # added, then renamed: found by id, not by their first name
        self.phases: list[tuple[float, float, str]] = []  # (from, to, name)
        self.failovers = 0
        self.counter = 0
        # The load balancer's view: an instance it found unhealthy gets no traffic until it answers again.
        self.out_of_rotation: set[int] = set()

    def now(self) -> float:
        return time.monotonic() - self.start

    def record(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    def urls(self) -> list[str]:
        with self.lock:
            self.counter += 1
            instances = [i.url for i in self.deployment.instances[:2] if i.port not in self.out_of_rotation]
            first = self.counter % len(instances)
        return instances[first:] + instances[:first]

    def call(self, client: SiteClient, kind: str, method: str, path: str, **kwargs) -> requests.Response | None:
        """One request through the "load balancer": the next instance, the other one if it refuses."""
        begin = time.monotonic()
        at = self.now()
        for attempt, base in enumerate(self.urls()):
            try:
                response = client.request(method, base + path, **kwargs)
            except requests.ConnectionError:
                if attempt == 0:
                    with self.lock:
                        self.failovers += 1
                    continue
                self.record(Outcome(at, kind, None, "connection", time.monotonic() - begin))
                return None
            except requests.Timeout:
                self.record(Outcome(at, kind, None, "timeout", time.monotonic() - begin))
                return None
            self.record(Outcome(at, kind, response.status_code, None, time.monotonic() - begin))
            return response
        return None


def reader(run: Run, seed: int, only: str | None = None) -> None:
    """A visitor or an API client: public pages (60 %) and API lists, or only the page ``only``."""
    rng = random.Random(seed)  # noqa: S311 - a traffic mix, not a secret
    client = SiteClient()
    while time.monotonic() < run.deadline:
        if only:
            run.call(client, "public", "GET", only)
        elif rng.random() < 0.6:
            run.call(client, "public", "GET", rng.choice(PUBLIC))
        else:
            run.call(client, "api", "GET", rng.choice(API), headers={"Accept": "application/json"})


def editor(run: Run, number: int) -> None:
    """A staff member: adds press contacts and renames their own, through the admin's forms."""
    client = SiteClient()
    own_contact: int | None = None
    signed_in = False
    edit = 0
    while time.monotonic() < run.deadline:
        if not signed_in:
            try:
                signed_in = sign_in(client, run.deployment.instances[edit % 2].url).status_code == 302
            except (requests.RequestException, ValueError):
                signed_in = False
            if not signed_in:
                edit += 1
                time.sleep(0.5)
                continue
        edit += 1
        name = f"Load editor {number} edit {edit}"
        if own_contact is None or edit % 2:
            path = "/admin/news/presscontact/add/"
        else:
            path = f"/admin/news/presscontact/{own_contact}/change/"
        form = run.call(client, "edit", "GET", path)
        if form is not None and form.status_code == 302:
            signed_in = False  # sent to the login page
            continue
        if form is None or form.status_code != 200:
            time.sleep(0.2)
            continue
        try:
            token = csrf_token(form.text)
        except ValueError:
            continue
        response = run.call(
            client,
            "edit",
            "POST",
            path,
            data={"csrfmiddlewaretoken": token, "name": name, "email": f"editor{number}@example.org", "_save": "1"},
            headers={"Referer": SITE_ORIGIN + path},
        )
        if response is not None and response.status_code == 302:
            with run.lock:
                if path.endswith("/add/"):
                    run.acknowledged_new.add(name)
                else:
                    run.acknowledged_renames[own_contact] = name
            if own_contact is None:
                own_contact = newest_contact_id(run.deployment, name)
                if own_contact is not None:
                    with run.lock:
                        run.acknowledged_new.discard(name)
                        run.own_contacts.add(own_contact)
        time.sleep(0.05)


def newest_contact_id(deployment: Deployment, name: str) -> int | None:
    """The id of the press contact of that name (read in PostgreSQL itself, not through the proxy)."""
    with deployment.connect() as connection:
        row = connection.execute("SELECT id FROM news_presscontact WHERE name = %s", [name]).fetchone()
    return row[0] if row else None


def faults(run: Run, database_proxy: TcpProxy, cache_proxy: TcpProxy) -> None:
    """The schedule, in fractions of the run: each fault lasts FAULT_SECONDS, with calm between."""
    deployment = run.deployment

    def at(fraction: float) -> None:
        target = run.start + run.duration * fraction
        while time.monotonic() < target and time.monotonic() < run.deadline:
            time.sleep(0.1)

    def phase(name: str, begin: Callable, end: Callable) -> None:
        started = run.now()
        begin()
        time.sleep(FAULT_SECONDS)
        end()
        run.phases.append((started, run.now(), name))

    second = deployment.instances[1]
    at(0.15)
    phase("one instance stopped", lambda: stop(run, second), lambda: restart(run, second))
    at(0.42)
    phase("PostgreSQL unreachable", database_proxy.cut, database_proxy.restore)
    at(0.70)
    phase("Redis unreachable", cache_proxy.cut, cache_proxy.restore)


# A load balancer notices a dead instance after a couple of failed health checks.
HEALTH_CHECK_DELAY = 2.0


def stop(run: Run, instance) -> None:
    """Stop an instance; the load balancer takes it out of rotation once its health checks fail."""
    run.deployment.stop_instance(instance)
    time.sleep(HEALTH_CHECK_DELAY)  # until then, connections refused send requests to the other instance
    with run.lock:
        run.out_of_rotation.add(instance.port)


def restart(run: Run, stopped) -> None:
    """Start the instance again on its port; back in rotation once its /healthz answers."""
    deployment = run.deployment
    index = deployment.instances.index(stopped)
    fresh = deployment.start_instance(stopped.port)
    deployment.instances.remove(fresh)
    deployment.instances[index] = fresh
    with run.lock:
        run.out_of_rotation.discard(stopped.port)


# Figures --------------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of the values lie (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def describe(outcome: Outcome) -> str:
    """ "ok", "HTTP <status>", "connection" or "timeout"."""
    if outcome.error:
        return outcome.error
    if outcome.status >= 500:
        return f"HTTP {outcome.status}"
    if outcome.status >= 400:
        return f"HTTP {outcome.status}"
    return "ok"


def report(run: Run) -> bool:
    """Print the figures; True when load held, every fault was survived and every acknowledged edit found."""
    outcomes = run.outcomes
    lines = []
    total = len(outcomes)
    elapsed = run.duration
    lines.append(
        f"Load and faults, {datetime.datetime.now(datetime.UTC):%Y-%m-%d}: {total} requests in {elapsed:.0f} s "
        f"({total / elapsed:.1f}/s), two instances x {run.deployment.workers} workers x "
        f"{run.deployment.threads} threads, on this 2-core machine"
    )
    kinds = Counter(outcome.kind for outcome in outcomes)
    lines.append("Requests by kind: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    results = Counter(describe(outcome) for outcome in outcomes)
    lines.append("Answers: " + ", ".join(f"{name} {count}" for name, count in results.most_common()))
    lines.append(f"Connections refused by a stopped instance and sent to the other: {run.failovers}")
    lines.append("")
    lines.append(f"{'phase':<26}{'requests':>9}{'ok':>7}{'503':>6}{'other errors':>14}{'p50 ms':>9}{'p99 ms':>9}")

    def window(name: str, chosen: list[Outcome]) -> None:
        ok = [outcome for outcome in chosen if outcome.status is not None and outcome.status < 400]
        unavailable = sum(1 for outcome in chosen if outcome.status == 503)
        other = sum(1 for outcome in chosen if describe(outcome) != "ok" and outcome.status != 503)
        seconds = [outcome.seconds * 1000 for outcome in chosen]
        lines.append(
            f"{name:<26}{len(chosen):>9}{len(ok):>7}{unavailable:>6}{other:>14}"
            f"{percentile(seconds, 0.5):>9.0f}{percentile(seconds, 0.99):>9.0f}"
        )

    def during(outcome: Outcome, begin: float, end: float) -> bool:
        # A request that was running when the fault began counts with the fault.
        return outcome.at < end and outcome.at + outcome.seconds >= begin

    calm = [o for o in outcomes if not any(during(o, begin, end) for begin, end, _name in run.phases)]
    window("no fault", calm)
    for begin, end, name in run.phases:
        window(name, [o for o in outcomes if during(o, begin, end)])
    window("whole run", outcomes)
    lines.append("")
    recovered_all = True
    for index, (begin, end, name) in enumerate(run.phases):
        following = run.phases[index + 1][0] if index + 1 < len(run.phases) else run.duration
        after = sorted((o for o in outcomes if end <= o.at and o.at + o.seconds < following), key=lambda o: o.at)
        first_ok = next((o.at for o in after if o.status is not None and o.status < 400), None)
        errors_after = [o for o in after if o.at > end + 10 and (o.status is None or o.status >= 500)]
        lines.append(
            f"{name}: from {begin:.0f} s to {end:.0f} s; "
            + (
                "no successful request after it: NOT recovered"
                if first_ok is None
                else f"first success {max(0.0, first_ok - end):.1f} s after it ended, "
                f"{len(errors_after)} failed requests from 10 s after it to the next fault"
            )
        )
        recovered_all = recovered_all and first_ok is not None and not errors_after

    with run.deployment.connect() as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM news_presscontact")}
        current = dict(connection.execute("SELECT id, name FROM news_presscontact").fetchall())
    missing = sorted(run.acknowledged_new - names)
    own_found = sum(1 for contact in run.own_contacts if contact in current)
    renames_found = sum(1 for contact, name in run.acknowledged_renames.items() if current.get(contact) == name)
    acknowledged = len(run.acknowledged_new) + len(run.own_contacts) + len(run.acknowledged_renames)
    found = len(run.acknowledged_new) - len(missing) + own_found + renames_found
    lines.append(
        f"Staff edits acknowledged: {len(run.acknowledged_new) + len(run.own_contacts)} press contacts added, and "
        f"the last rename of {len(run.acknowledged_renames)} = {acknowledged}; found in the database: {found}"
    )
    server_errors = sum(1 for o in outcomes if o.status is not None and o.status >= 500 and o.status != 503)
    lines.append(f"Server errors other than 503: {server_errors}")
    print("\n".join(lines), flush=True)
    return found == acknowledged and recovered_all and server_errors == 0


def main() -> int:
    """Prepare, load, inject the faults, report, and clean up whatever happens."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=180, help=f"length of the run, at most {MAX_SECONDS}")
    parser.add_argument("--connections", type=int, default=12, help="client threads reading (2 more edit)")
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--database", default="unicancer_ops_load")
    parser.add_argument("--only", metavar="PATH", help="every reader asks for this page only (e.g. /fr/)")
    parser.add_argument("--no-faults", action="store_true", help="load only: no instance stopped, no service cut")
    arguments = parser.parse_args()
    duration = min(arguments.seconds, MAX_SECONDS)

    database_proxy = TcpProxy(POSTGRES_PORT).start()
    cache_proxy = TcpProxy(REDIS_PORT).start()
    deployment = Deployment(
        name=arguments.database,
        workdir=Path(__file__).resolve().parent.parent / "var" / "ops" / arguments.database,
        postgres_port=database_proxy.port,
        redis_port=cache_proxy.port,
    )
    try:
        print(f"Preparing {arguments.database} (database, demo content, static files)…", flush=True)
        deployment.prepare()
        deployment.start_instance()
        deployment.start_instance()
        print(
            f"Two instances on {', '.join(i.url for i in deployment.instances)}; PostgreSQL through 127.0.0.1:"
            f"{database_proxy.port}, Redis through 127.0.0.1:{cache_proxy.port}. Running {duration:.0f} s…",
            flush=True,
        )
        run = Run(deployment, duration)
        threads = [
            threading.Thread(target=reader, args=(run, n, arguments.only), daemon=True)
            for n in range(arguments.connections)
        ]
        threads += [threading.Thread(target=editor, args=(run, n), daemon=True) for n in range(arguments.editors)]
        if not arguments.no_faults:
            threads.append(threading.Thread(target=faults, args=(run, database_proxy, cache_proxy), daemon=True))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, run.deadline - time.monotonic() + 60))
        # Whatever the schedule did, both services are back before counting.
        database_proxy.restore()
        cache_proxy.restore()
        success = report(run)
    finally:
        deployment.stop_all()
        database_proxy.cut()
        cache_proxy.cut()
        with contextlib.suppress(Exception):
            deployment.drop()
    print("RESULT: " + ("load held, faults survived, every acknowledged edit found" if success else "FAILED"))
    return 0 if success else 1


def stop_on_sigterm() -> None:
    """SIGTERM (``timeout``, a CI runner) ends the run like Ctrl-C: the instances it started are stopped and
    its database dropped, never left behind."""

    def stop(number, frame):
        # `timeout` signals the command and then its process group: the second SIGTERM must not cut the
        # clean-up short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        sys.exit(128 + number)

    signal.signal(signal.SIGTERM, stop)


if __name__ == "__main__":
    stop_on_sigterm()
    sys.exit(main())
