"""Schemathesis' command line, every check, against the API of one gunicorn instance with the production
settings (PostgreSQL, Redis), on 127.0.0.1 only and on a bounded budget.

    python ops/api_against_schema.py [--examples 25] [--database unicancer_ops_schema]

The in-process test (tests/api/test_schema.py) runs the same checks through WSGI; this one goes through
gunicorn, as clients do (its 414 on over-long addresses included). Exits non-zero on any failure.
"""

import argparse
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.deployment import FRONT_HEADERS, ROOT, Deployment  # noqa: E402


def main() -> int:
    """Prepare a deployment, start one instance, run Schemathesis against it; its exit code."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=25, help="examples per operation and phase")
    parser.add_argument("--database", default="unicancer_ops_schema")
    parser.add_argument("--seed", type=int, default=16)
    arguments = parser.parse_args()
    deployment = Deployment(name=arguments.database, workdir=ROOT / "var" / "ops" / arguments.database)
    deployment.prepare()
    try:
        instance = deployment.start_instance()
        headers = [option for name, value in FRONT_HEADERS.items() for option in ("-H", f"{name}: {value}")]
        command = [
            str(Path(sys.executable).parent / "st"),
            "--config-file",
            str(ROOT / "schemathesis.toml"),
            "run",
            f"{instance.url}/api/schema/?format=json",
            "--checks",
            "all",
            "--max-examples",
            str(arguments.examples),
            "--workers",
            "2",
            "--seed",
            str(arguments.seed),
            "--request-timeout",
            "15",
            *headers,
        ]
        return subprocess.run(command, cwd=ROOT, timeout=600).returncode
    finally:
        deployment.stop_all()
        deployment.drop()


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
