"""Two gunicorn instances of the site on 127.0.0.1, sharing PostgreSQL, Redis and the media folder.

    python ops/two_instances.py [--ports 8701 8702] [--database unicancer_ops] [--keep]

Creates the database (demo content, staff account ``ops-staff``), collects the static files, starts both
instances with the production settings and waits; Ctrl-C stops them and drops the database (unless --keep).
Reach them as a front server would: ``curl -H 'Host: unicancer.test' -H 'X-Forwarded-Proto: https'
http://127.0.0.1:8701/fr/``.
"""

import argparse
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.deployment import STAFF_PASSWORD, STAFF_USERNAME, Deployment  # noqa: E402


def main() -> None:
    """Prepare the deployment, start both instances, wait; stop and drop at the end."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ports", type=int, nargs=2, default=[8701, 8702])
    parser.add_argument("--database", default="unicancer_ops")
    parser.add_argument("--keep", action="store_true", help="keep the database when stopping")
    parser.add_argument("--seconds", type=float, default=None, help="stop by itself after this long")
    arguments = parser.parse_args()
    deployment = Deployment(name=arguments.database)
    print(f"Preparing the database {arguments.database} and the static files…", flush=True)  # noqa: T201
    deployment.prepare()
    try:
        for port in arguments.ports:
            instance = deployment.start_instance(port)
            print(f"Instance ready: {instance.url} (log: {instance.log})", flush=True)  # noqa: T201
        print(f"Staff: {STAFF_USERNAME} / {STAFF_PASSWORD}. Ctrl-C stops both.", flush=True)  # noqa: T201
        deadline = time.monotonic() + arguments.seconds if arguments.seconds else None
        while deadline is None or time.monotonic() < deadline:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        deployment.stop_all()
        if not arguments.keep:
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
    main()
