"""gunicorn's configuration for Casework: `gunicorn -c deploy/gunicorn.conf.py casework.wsgi`.

Every value can be changed from the environment, and any command-line option overrides
this file (`--bind 0.0.0.0:8001`).

    WEB_CONCURRENCY   worker processes (default: two per CPU, plus one)
    GUNICORN_BIND     address to listen on (default 127.0.0.1:8001, behind a proxy on the same host)
    GUNICORN_TIMEOUT  seconds a request may take before its worker is killed (default 30)

The access log is written for people who run the site, not about the people who read it.
Readers include people at risk and those who search for them; a server that is seized,
or logs handed over on request, must not say who read which case or searched for which
name. So a line carries the time, method, path, status, size and duration, and never the
client's address, the query string (where searches and filters are), the referrer, the
user agent or any request header. The proxy in front must log the same way
(deploy/nginx.conf).
"""

import logging
import os
import re

from gunicorn.glogging import Logger


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")

# Sync workers: each answer is a few database queries and a render, CPU bound in Python, so
# one process per request in flight. The proxy in front buffers slow clients.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * _cpus() + 1))
worker_class = "sync"

# A request still running after this is killed, and its worker replaced. A streamed CSV
# export that is cut ends without its final chunk, so the client sees a broken download,
# never a complete-looking file; exports larger than this can take belong in the bulk
# snapshots (/data/).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Behind a proxy or load balancer that reuses its connections to the app.
keepalive = 5

# No max_requests: the default cache is per process (without REDIS_URL), and a recycled
# worker would recompute the costly public answers (casework.public_cache) from nothing.

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(U)s is the path without its query string. Nothing here names the client: no %(h)s,
# %(r)s (the request line holds the query), %(q)s, %(f)s, %(a)s, %(u)s or {header}i.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


class _WithoutReaders(logging.Filter):
    """gunicorn's own error lines name the request URI, query string included ("Error
    handling request GET /cases/?q=..."), and a malformed request's client address; both
    are cut before the line is written."""

    QUERY = re.compile(r"\?[^\s\"']+")
    ADDRESS = re.compile(r"ip=\S*?(?=: )")

    def filter(self, record: logging.LogRecord) -> bool:
        message = self.QUERY.sub("?[query]", record.getMessage())
        record.msg, record.args = self.ADDRESS.sub("ip=[address]", message), ()
        return True


class PrivateLogger(Logger):
    _filter = _WithoutReaders()

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.error_log.addFilter(self._filter)


logger_class = PrivateLogger

proc_name = "casework"
# No runtime control socket: every gunicorn of one user would share its default path, and
# changing workers is done by restarting the service with another WEB_CONCURRENCY.
control_socket_disable = True

# Workers report they are alive through a file; in memory, a busy disk cannot make them
# look dead.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
