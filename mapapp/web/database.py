"""The app's engine and each request's session: made by the app, closed with the request.

Below web/ functions take a session as an argument (db.py makes engines and sessions without
Flask); only the views and the commands find theirs here.
"""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..db import make_engine
from ..replicas import ReadReplicas

READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"], app.config["SPATIALITE_LIBRARY"])
    app.extensions["mapapp.engine"] = engine
    app.extensions["mapapp.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    # GET requests only read: no transaction to begin and roll back around them (two
    # round trips of a PostgreSQL request that makes three or four queries).
    app.extensions["mapapp.read_sessionmaker"] = sessionmaker(
        engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
    )
    if app.config.get("DATABASE_READ_URL"):
        app.extensions["mapapp.replicas"] = ReadReplicas(
            [
                make_engine(u, app.config["SPATIALITE_LIBRARY"])
                for u in app.config["DATABASE_READ_URL"]
            ]
        )
    app.teardown_appcontext(_close_session)


def get_engine() -> Engine:
    return current_app.extensions["mapapp.engine"]


def get_session() -> Session:
    """The current request's session, created on first use: without a transaction for a
    request that only reads, with one (committed by the view) for anything else."""
    if "db_session" not in g:
        reading = has_request_context() and request.method in READ_ONLY_METHODS
        maker = current_app.extensions[
            "mapapp.read_sessionmaker" if reading else "mapapp.sessionmaker"
        ]
        replicas = current_app.extensions.get("mapapp.replicas")
        if reading and replicas is not None:  # a replica, unless it lags this person's write
            maker = replicas.maker_for(g.get("read_after")) or maker
        g.db_session = maker()
    return g.db_session


def _close_session(_exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
