"""gunicorn settings for serving mapapp in production (against PostGIS).

    MAPAPP_DATABASE_URL=postgresql+psycopg://... MAPAPP_SECRET_KEY=... \
        gunicorn -c scripts/gunicorn.conf.py "mapapp:create_app()"

Workers are separate processes, each with its own connection pool (5 connections, up to
15, more than its threads; the app is created after the fork, so no connection is shared
between processes). The app keeps nothing a
request needs in one process's memory: rate limits are counted in the database, sessions
are signed cookies, so any worker can answer any request. Every worker must have the same
MAPAPP_SECRET_KEY, or a form rendered by one worker is refused by another.
"""

import multiprocessing
import os

bind = os.environ.get("MAPAPP_BIND", "127.0.0.1:8000")
# One process per core, each with a few threads: a request waits on PostgreSQL for part of
# its time and another thread runs meanwhile, and threaded workers keep connections alive
# (sync workers close each one). Measured at 100,000 listings on 2 cores: 2 workers x 4
# threads spent 9.5 ms of CPU per finder request and served 71/s on a busy machine; 5 sync
# workers 11.4 ms and 39/s (more processes: more context switches, colder caches).
# MAPAPP_THREADS=1 gives sync workers.
workers = int(os.environ.get("MAPAPP_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("MAPAPP_THREADS", 4))
worker_class = "gthread" if threads > 1 else "sync"
preload_app = False  # each worker makes its own engine after the fork
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 20_000  # recycle workers now and then; jitter so they do not all restart
max_requests_jitter = 2_000
accesslog = os.environ.get("MAPAPP_ACCESS_LOG")  # off by default: who searched for what
errorlog = "-"
