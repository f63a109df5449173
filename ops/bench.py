"""The benchmark of issue 13, through gunicorn with the production settings, on 127.0.0.1 only (`make bench`).

    python ops/bench.py [--seconds 3] [--rounds 2] [--reuse] [--memory-requests 1000 10000]

1. Two databases of its own: ``bench_demo`` (the demo content) and ``bench_large`` (the demo content plus
   ``generate_large_dataset``'s defaults: 10 000 trials x 5 centres, 100 000 news items, 2 000 certifications).
   ``--reuse`` keeps them from a previous run (the large one takes about a minute to build).
2. The pages (``manage.py benchmark --json``: the issue's list, with queries per request and bytes measured
   in-process on the large data set).
3. Two gunicorn instances on the large data set (production settings, DEBUG off, 2 workers, gunicorn.conf.py's
   threads), the API's anonymous throttle raised for the run only: one with the page cache (``PAGE_CACHE=1``),
   one without (``PAGE_CACHE=0``); the floor (``BENCH_FLOOR=1``: a bare Django view returning 20 480 bytes) is
   served by the same gunicorn. wrk (Debian's ``wrk``) drives ``-t2 -c8`` for ``--seconds`` at each URL, the
   floor before each URL, rounds alternating so that the machine's drift falls on every page alike.
4. Each page's p50 with one connection on the demo content against the large data set (alternating).
5. The workers' memory (RSS) after 1 000 and 10 000 requests across the pages.

It prints its tables (plain text, for the README). The load generator runs in another process than the server
(wrk), but on the same 2 cores: the figures are ratios measured in one run, never absolute promises.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# This run's own Redis database (the project's others: 7 and 8 for ops/, the tests' own).
os.environ.setdefault("OPS_REDIS_DB", "11")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.deployment import FRONT_HEADERS, Deployment, Instance  # noqa: E402

FLOOR_PATH = "/bench-floor/"


class BenchDeployment(Deployment):
    """A deployment whose instances serve the floor view and run with or without the page cache."""

    page_cache: str = "1"

    def environment(self):
        environment = super().environment()
        environment.update(BENCH_FLOOR="1", PAGE_CACHE=self.page_cache)
        environment.pop("DATABASE_CONN_MAX_AGE")  # the production default: persistent connections
        return environment

    def database_exists_with_rows(self) -> bool:
        try:
            with self.connect() as connection:
                row = connection.execute("SELECT count(*) FROM news_newsitem").fetchone()
                return row[0] > 0
        except Exception:  # noqa: BLE001 - no database, no table: build it
            return False


def wrk(url: str, seconds: int, connections: int = 8, threads: int = 2) -> dict:
    """One wrk run: requests/s, p50 and p99 in ms, non-2xx count."""
    headers = []
    for name, value in FRONT_HEADERS.items():
        headers += ["-H", f"{name}: {value}"]
    result = subprocess.run(  # noqa: S603 - fixed command line, loopback URL
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(latency.get("50", "0ms")),
        "p99": _ms(latency.get("99", "0ms")),
        "errors": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def worker_memory(instance: Instance) -> list[float]:
    """Resident memory (MB) of each gunicorn worker of the instance (the master's children)."""
    children = Path(f"/proc/{instance.process.pid}/task/{instance.process.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def drive(base_url: str, urls: list[str], count: int) -> None:
    """Send ``count`` requests across the URLs, 8 at a time (wrk's -r is not in Debian's wrk: Python here)."""
    import concurrent.futures

    import requests

    session = requests.Session()

    def one(index: int) -> int:
        return session.get(base_url + urls[index % len(urls)], headers=FRONT_HEADERS, timeout=60).status_code

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(count)))


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 1024 / 1024
    load = os.getloadavg()
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()  # noqa: S607
    return (
        f"{os.cpu_count()} CPU ({cpu}), {memory:.1f} GB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {postgres}; load average at start {load[0]:.2f} "
        f"(the machine is shared: other processes use the CPU during the run)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=3, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep bench_demo and bench_large if they exist")
    parser.add_argument("--memory-requests", type=int, nargs=2, default=[1000, 10000])
    parser.add_argument("--only", help="measure only the pages whose label contains this text")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install -y wrk (make bench installs it).")

    print(f"# Benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", flush=True)  # noqa: T201
    print(f"# {machine()}", flush=True)  # noqa: T201
    workdir = Path(tempfile.gettempdir()) / "unicancer-bench"  # static files and media of the run
    demo = BenchDeployment(name="bench_demo", workdir=workdir)
    large = BenchDeployment(name="bench_large", workdir=workdir)
    for deployment, generate in ((demo, False), (large, True)):
        if arguments.reuse and deployment.database_exists_with_rows():
            deployment.manage("migrate", "--noinput")  # this branch's indexes on a database built before
            continue
        started = time.monotonic()
        deployment.prepare()
        if generate:
            deployment.manage("generate_large_dataset", timeout=1800)
        print(f"# {deployment.name} built in {time.monotonic() - started:.0f} s", flush=True)  # noqa: T201
    demo.manage("collectstatic", "--noinput")

    pages = json.loads(large.manage("benchmark", "--json", "--repeat", "0"))
    if arguments.only:
        pages = [page for page in pages if arguments.only in page["label"]]
    for page in [page for page in pages if page["status"] >= 500]:
        # Under load it would hold every worker until the statement timeout: measured once in-process only.
        print(f"# {page['label']} ({page['url']}): {page['status']} in-process, left out of the load runs")  # noqa: T201
        pages.remove(page)
    cached_deployment = large
    uncached_deployment = BenchDeployment(name="bench_large", workdir=large.workdir)
    uncached_deployment.page_cache = "0"
    demo_instance = None
    try:
        cached = cached_deployment.start_instance()
        uncached = uncached_deployment.start_instance()
        results: dict[tuple[str, str], list[dict]] = {}
        for round_number in range(arguments.rounds):
            order = pages if round_number % 2 == 0 else list(reversed(pages))
            for page in order:
                for kind, instance in (("cached", cached), ("uncached", uncached)):
                    results.setdefault(("floor", kind), []).append(wrk(instance.url + FLOOR_PATH, arguments.seconds))
                    results.setdefault((page["label"], kind), []).append(
                        wrk(instance.url + page["url"], arguments.seconds)
                    )

        def best(label, kind, key):
            return statistics.median(run[key] for run in results[(label, kind)])

        print(  # noqa: T201
            f"\n{'page':26} {'queries':>7} {'KB':>6} | {'cached req/s':>12} {'%floor':>6} {'p50':>6} {'p99':>6} | "
            f"{'uncached req/s':>14} {'%floor':>6} {'p50':>6} {'p99':>6} | non-2xx"
        )
        floor_cached, floor_uncached = best("floor", "cached", "rps"), best("floor", "uncached", "rps")
        print(  # noqa: T201
            f"{'floor (20 480 bytes)':26} {'0':>7} {20.0:>6.1f} | {floor_cached:>12.0f} {100:>6.0f} "
            f"{best('floor', 'cached', 'p50'):>6.1f} {best('floor', 'cached', 'p99'):>6.1f} | {floor_uncached:>14.0f} "
            f"{100:>6.0f} {best('floor', 'uncached', 'p50'):>6.1f} {best('floor', 'uncached', 'p99'):>6.1f} |"
        )
        for page in pages:
            label = page["label"]
            errors = sum(
                run["errors"] + run["timeouts"] for kind in ("cached", "uncached") for run in results[(label, kind)]
            )
            print(  # noqa: T201
                f"{label:26} {page['queries']:>7} {page['bytes'] / 1024:>6.1f} | "
                f"{best(label, 'cached', 'rps'):>12.0f} {100 * best(label, 'cached', 'rps') / floor_cached:>6.1f} "
                f"{best(label, 'cached', 'p50'):>6.1f} {best(label, 'cached', 'p99'):>6.1f} | "
                f"{best(label, 'uncached', 'rps'):>14.0f} "
                f"{100 * best(label, 'uncached', 'rps') / floor_uncached:>6.1f} "
                f"{best(label, 'uncached', 'p50'):>6.1f} {best(label, 'uncached', 'p99'):>6.1f} | {errors}"
            )

        # Demo content against the large data set, one connection, uncached, alternating.
        cached_deployment.stop_all()
        demo.page_cache = "0"
        demo_instance = demo.start_instance()
        flat: dict[tuple[str, str], list[float]] = {}
        for round_number in range(arguments.rounds):
            for page in pages if round_number % 2 == 0 else list(reversed(pages)):
                for name, instance in (("demo", demo_instance), ("large", uncached)):
                    run = wrk(instance.url + page["url"], arguments.seconds, connections=1, threads=1)
                    flat.setdefault((page["label"], name), []).append(run["p50"] if not run["errors"] else None)
        print(f"\n{'page':26} {'p50 demo ms':>11} {'p50 large ms':>12} {'large/demo':>10}")  # noqa: T201
        for page in pages:
            demo_runs = [value for value in flat[(page["label"], "demo")] if value is not None]
            large_runs = [value for value in flat[(page["label"], "large")] if value is not None]
            if not demo_runs:
                print(f"{page['label']:26} {'(no such page)':>11} {statistics.median(large_runs):>12.1f}")  # noqa: T201
                continue
            demo_p50, large_p50 = statistics.median(demo_runs), statistics.median(large_runs)
            print(f"{page['label']:26} {demo_p50:>11.1f} {large_p50:>12.1f} {large_p50 / demo_p50:>10.2f}")  # noqa: T201

        # Worker memory, uncached (where memory could grow), across the pages.
        demo.stop_all()
        urls = [page["url"] for page in pages]
        done = 0
        print("\nworker memory (RSS, MB, the uncached instance's two workers):")  # noqa: T201
        print(f"  at start (after the runs above): {', '.join(f'{size:.0f}' for size in worker_memory(uncached))}")  # noqa: T201
        for target in arguments.memory_requests:
            drive(uncached.url, urls, target - done)
            done = target
            print(f"  after {target} requests: {', '.join(f'{size:.0f}' for size in worker_memory(uncached))}")  # noqa: T201
    finally:
        for deployment in (cached_deployment, uncached_deployment, demo):
            deployment.stop_all()


if __name__ == "__main__":
    from ops.two_instances import stop_on_sigterm

    stop_on_sigterm()
    main()
