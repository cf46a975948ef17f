"""gunicorn settings for serving mapapp in production (against PostGIS).

    MAPAPP_DATABASE_URL=postgresql+psycopg://... MAPAPP_SECRET_KEY=... \
        gunicorn -c scripts/gunicorn.conf.py "mapapp:create_app()"

Workers are separate processes, each with its own connection pool (the app is created
after the fork, so no connection is shared between processes). The app keeps nothing a
request needs in one process's memory: rate limits are counted in the database, sessions
are signed cookies, so any worker can answer any request. Every worker must have the same
MAPAPP_SECRET_KEY, or a form rendered by one worker is refused by another.
"""

import multiprocessing
import os

bind = os.environ.get("MAPAPP_BIND", "127.0.0.1:8000")
# The finder's requests wait on the database for part of their time, so a worker or two
# more than the cores keeps the CPUs busy; more only adds connections and memory.
workers = int(os.environ.get("MAPAPP_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("MAPAPP_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"
preload_app = False  # each worker makes its own engine after the fork
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 20_000  # recycle workers now and then; jitter so they do not all restart
max_requests_jitter = 2_000
accesslog = os.environ.get("MAPAPP_ACCESS_LOG")  # off by default: who searched for what
errorlog = "-"
