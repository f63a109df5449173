"""gunicorn's settings for `make prod` and ops/ (gunicorn reads this file from the working directory).

Threads, not only processes: a page waiting on the database (or on a slow service) holds one thread, not a
whole worker, so that quick requests do not queue behind slow ones. Django keeps one database connection per
thread.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer is cut (the database's own timeouts end well before).
timeout = 30
graceful_timeout = 10
keepalive = 5
# The site writes its own access line per request (JSON, with the request's id): no second one.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# X-Forwarded-Proto is trusted from the front server on this machine only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
