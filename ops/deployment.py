"""A production-like deployment on this machine, on 127.0.0.1 only: gunicorn instances with the production
settings, sharing one PostgreSQL database, one Redis database and one media folder, each optionally reached
through a TCP proxy that can be cut and restored (to make a service unreachable without touching it).

Used by ``ops/two_instances.py``, ``ops/load_and_fault.py`` and ``tests/ops/``. Plain Python and the
project's own dependencies (psycopg, redis, requests); nothing here talks to any address but 127.0.0.1.
"""

import contextlib
import os
import re
import secrets
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
# The host name a load balancer would pass on; the instances accept it (ALLOWED_HOSTS) and see HTTPS through
# X-Forwarded-Proto, as behind a TLS-terminating front server.
SITE_HOST = "unicancer.test"
SITE_ORIGIN = f"https://{SITE_HOST}"
STAFF_USERNAME = "ops-staff"
# A throwaway account in a throwaway database: a new password at every run.
STAFF_PASSWORD = secrets.token_urlsafe(18)
POSTGRES_PORT = int(os.environ.get("OPS_POSTGRES_PORT", "5432"))
REDIS_PORT = int(os.environ.get("OPS_REDIS_PORT", "6379"))
REDIS_DB = int(os.environ.get("OPS_REDIS_DB", "7"))  # this project's own Redis databases are 7 and 8


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def service_reachable(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:<port> (within a second)."""
    try:
        with socket.create_connection((LOOPBACK, port), timeout=1):
            return True
    except OSError:
        return False


class TcpProxy:
    """Forwards 127.0.0.1:<port> to 127.0.0.1:<target>. ``cut()`` closes the listening socket and every open
    connection (clients see refused and reset connections, as with a service that went away); ``restore()``
    listens again on the same port."""

    def __init__(self, target_port: int, port: int | None = None):
        self.target_port = target_port
        self.port = port or free_port()
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> "TcpProxy":
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((LOOPBACK, self.port))
        listener.listen(128)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection((LOOPBACK, self.target_port), timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections.update({client, upstream})
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, first: socket.socket, second: socket.socket) -> None:
        peers = {first: second, second: first}
        try:
            while True:
                readable, _w, _x = select.select(list(peers), [], [], 1.0)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except (OSError, ValueError):
            return
        finally:
            with self._lock:
                for sock in (first, second):
                    self._connections.discard(sock)
                    with contextlib.suppress(OSError):
                        sock.close()

    def cut(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            connections, self._connections = self._connections, set()
        for sock in connections:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def restore(self) -> None:
        if self._listener is None:
            self.start()

    stop = cut


@dataclass
class Instance:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def running(self) -> bool:
        return self.process.poll() is None


@dataclass
class Deployment:
    """One database, one Redis database, one media folder; any number of gunicorn instances on top."""

    name: str = "unicancer_wt16_ops"
    workdir: Path = ROOT / "var" / "ops"
    postgres_port: int = POSTGRES_PORT  # where the instances connect: PostgreSQL itself, or a proxy in front
    redis_port: int = REDIS_PORT
    workers: int = 2
    threads: int = 4
    instances: list[Instance] = field(default_factory=list)
    # Shared by the instances (sessions and CSRF tokens from one are valid on the other), new at every run.
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    # Preparation ---------------------------------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "CACHE_", "DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS"))
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="unicancer_site.settings.production",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS=f"{SITE_HOST},{LOOPBACK}",
            CSRF_TRUSTED_ORIGINS=SITE_ORIGIN,
            DATABASE_URL=f"postgres://postgres@{LOOPBACK}:{self.postgres_port}/{self.name}",
            DATABASE_CONN_MAX_AGE="60",
            DATABASE_CONNECT_TIMEOUT="2",
            CACHE_URL=f"redis://{LOOPBACK}:{self.redis_port}/{REDIS_DB}",
            CACHE_KEY_PREFIX=self.name,
            STATIC_ROOT=str(self.workdir / "static"),
            MEDIA_ROOT=str(self.workdir / "media"),
            SERVE_MEDIA="1",
            # One client address sends all the load: the anonymous API rate would throttle the test itself.
            API_ANON_RATE="1000000/min",
            LOG_FORMAT="json",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        return environment

    def manage(self, *arguments: str, timeout: int = 600, **extra_env: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env={**self.environment(), "DATABASE_URL": self.direct_database_url(), **extra_env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-4000:]}")
        return result.stdout

    def direct_database_url(self) -> str:
        return f"postgres://postgres@{LOOPBACK}:{POSTGRES_PORT}/{self.name}"

    def connect(self, database: str | None = None) -> psycopg.Connection:
        """A connection to PostgreSQL itself (never through the proxy), for setting up and checking."""
        return psycopg.connect(
            host=LOOPBACK, port=POSTGRES_PORT, user="postgres", dbname=database or self.name, autocommit=True
        )

    def prepare(self) -> None:
        """A new database with the demo content and a staff account, the static files collected, an empty media
        folder and this deployment's Redis keys gone (only its own prefix, in its own Redis database)."""
        with self.connect("postgres") as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.name}"')
        self.workdir.mkdir(parents=True, exist_ok=True)
        media = self.workdir / "media"
        if media.exists():
            subprocess.run(["rm", "-rf", str(media)], check=True)  # noqa: S607 - our own throwaway folder
        media.mkdir()
        self.forget_cache()
        self.manage("migrate", "--noinput")
        self.manage("loaddata", "demo")
        self.manage("collectstatic", "--noinput")
        self.manage(
            "createsuperuser",
            "--noinput",
            f"--username={STAFF_USERNAME}",
            "--email=ops@example.org",
            DJANGO_SUPERUSER_PASSWORD=STAFF_PASSWORD,
        )

    def forget_cache(self) -> None:
        import redis

        client = redis.Redis(host=LOOPBACK, port=REDIS_PORT, db=REDIS_DB, socket_timeout=2)
        keys = list(client.scan_iter(f"{self.name}:*"))  # django-redis: "<KEY_PREFIX>:<version>:<key>"
        if keys:
            client.delete(*keys)
        client.close()

    def drop(self) -> None:
        with contextlib.suppress(psycopg.Error), self.connect("postgres") as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        with contextlib.suppress(Exception):
            self.forget_cache()

    # Instances -----------------------------------------------------------------------------------------------

    def start_instance(self, port: int | None = None, *, wait: float = 60) -> Instance:
        port = port or free_port()
        log = self.workdir / f"instance-{port}.log"
        with log.open("ab") as output:
            process = subprocess.Popen(  # noqa: S603 - a fixed command line
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "unicancer_site.wsgi",
                    "--config",
                    str(ROOT / "gunicorn.conf.py"),
                    "--bind",
                    f"{LOOPBACK}:{port}",
                    "--workers",
                    str(self.workers),
                    "--threads",
                    str(self.threads),
                ],
                cwd=ROOT,
                env=self.environment(),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        instance = Instance(port=port, process=process, log=log)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not instance.running():
                raise RuntimeError(f"The instance on port {port} stopped at start:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{instance.url}/healthz", timeout=1).status_code == 200:
                    self.instances.append(instance)
                    return instance
            time.sleep(0.2)
        self.instances.append(instance)
        self.stop_instance(instance)
        raise RuntimeError(f"The instance on port {port} did not answer within {wait} s.")

    def stop_instance(self, instance: Instance, *, graceful: bool = True) -> None:
        if instance.running():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(instance.process.pid, signal.SIGTERM if graceful else signal.SIGKILL)
            try:
                instance.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(instance.process.pid, signal.SIGKILL)
                instance.process.wait(timeout=10)

    def stop_all(self) -> None:
        for instance in self.instances:
            self.stop_instance(instance)


FRONT_HEADERS = {"Host": SITE_HOST, "X-Forwarded-Proto": "https", "Origin": SITE_ORIGIN}


class SiteClient:
    """A browser behind the front server, calling whichever instance it is given: Host, X-Forwarded-Proto and
    Origin as the front server passes them, and the site's cookies sent back to every instance.

    The instances mark cookies Secure (production settings): this client plays the TLS front server's part
    on loopback and sends them back over plain HTTP (requests' own cookie jar would not).
    """

    def __init__(self):
        self.session = requests.Session()
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        headers = {**FRONT_HEADERS, **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 15)
        response = self.session.request(method, url, headers=headers, **kwargs)
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        self.session.cookies.clear()
        return response

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> requests.Response:
        return self.request("POST", url, **kwargs)


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in an admin page."""
    match = CSRF_INPUT.search(html)
    if match is None:
        raise ValueError("no CSRF token in the page")
    return match.group(1)


def sign_in(client: SiteClient, base_url: str) -> requests.Response:
    """Sign the staff account in through the admin's login form (302 when it worked)."""
    page = client.get(f"{base_url}/admin/login/")
    page.raise_for_status()
    return client.post(
        f"{base_url}/admin/login/?next=/admin/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": STAFF_USERNAME,
            "password": STAFF_PASSWORD,
            "next": "/admin/",
        },
        headers={"Referer": f"{SITE_ORIGIN}/admin/login/"},
    )
