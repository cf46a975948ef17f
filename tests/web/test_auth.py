"""Signing in and out, CSRF on every form, no open redirect, and a walk over every
protected route for each kind of visitor, on both backends."""

import re

import pytest
from flask import url_for
from sqlalchemy import select

from mapapp.accounts.users import create_user
from mapapp.db import session_scope
from mapapp.models import User
from mapapp.vocab import ROLES
from mapapp.web.auth import role_required
from tests import factories
from tests.conftest import make_test_app

PASSWORD = "correct horse battery"


@pytest.fixture
def site(schema_db, engine_for):
    engine = engine_for(schema_db)
    with session_scope(engine) as session:
        for role in ROLES:
            create_user(session, f"{role}@example.org", f"<b>{role.title()}</b>", role, PASSWORD)
    app = make_test_app(schema_db)
    # An admin-only page, so the walk below also sees a role being refused.
    app.add_url_rule(
        "/test-admin-only", "test_admin_only", role_required("admin")(lambda: "admins only")
    )
    yield app, engine
    app.extensions["mapapp.engine"].dispose()


def _token(client, path="/sign-in") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _sign_in(client, email, password=PASSWORD, **extra):
    return client.post(
        "/sign-in",
        data={"csrf_token": _token(client), "email": email, "password": password, **extra},
    )


def test_sign_in_form_has_a_token_and_anonymous_navigation(site):
    app, _ = site
    html = app.test_client().get("/sign-in").get_data(as_text=True)
    assert 'name="csrf_token"' in html and 'autocomplete="current-password"' in html
    assert '<a href="/sign-in">Sign in</a>' in html and "Sign out" not in html


def test_sign_in_then_sign_out(site):
    app, engine = site
    client = app.test_client()
    done = _sign_in(client, "Navigator@example.org")
    assert done.status_code == 302 and done.headers["Location"] == "/workspace"
    page = client.get("/workspace").get_data(as_text=True)
    assert "&lt;b&gt;Navigator&lt;/b&gt;" in page and "<b>Navigator</b>" not in page
    assert '<a href="/workspace">Workspace</a>' in page
    assert 'action="/sign-out"' in page and "Sign out</button>" in page
    with session_scope(engine) as session:
        assert (
            session.scalar(select(User.last_login_at).where(User.email == "navigator@example.org"))
            is not None
        )
    assert client.get("/sign-out").status_code == 405  # a link cannot sign anyone out
    assert client.post("/sign-out").status_code == 400  # nor a form from another site
    assert client.get("/workspace").status_code == 200
    out = client.post("/sign-out", data={"csrf_token": _token(client, "/workspace")})
    assert out.status_code == 302 and out.headers["Location"] == "/"
    assert client.get("/workspace").status_code == 302


def test_a_post_without_the_token_is_refused(site):
    app, _ = site
    client = app.test_client()
    refused = client.post("/sign-in", data={"email": "admin@example.org", "password": PASSWORD})
    assert refused.status_code == 400
    assert "This form has expired" in refused.get_data(as_text=True)
    assert client.get("/workspace").status_code == 302


def test_wrong_password_and_unknown_email_look_the_same(site):
    app, _ = site
    client = app.test_client()
    wrong = _sign_in(client, "admin@example.org", "wrong password!")
    unknown = _sign_in(client, "nobody@example.org")
    assert wrong.status_code == unknown.status_code == 400
    message = "That email and password do not match an account."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert client.get("/workspace").status_code == 302


def test_session_is_cleared_on_sign_in(site):
    app, _ = site
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    _sign_in(client, "admin@example.org")
    with client.session_transaction() as sess:
        assert "planted" not in sess and isinstance(sess["session_token"], str)


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/workspace?tab=1", "/workspace?tab=1"),
        ("//evil.example", "/workspace"),
        ("https://evil.example", "/workspace"),
        ("/\\evil.example", "/workspace"),
        ("javascript:alert(1)", "/workspace"),
        ("", "/workspace"),
    ],
)
def test_next_is_followed_only_to_local_paths(site, target, expected):
    app, _ = site
    done = _sign_in(app.test_client(), "admin@example.org", next=target)
    assert done.status_code == 302 and done.headers["Location"] == expected


def test_an_anonymous_visit_comes_back_after_signing_in(site):
    app, _ = site
    client = app.test_client()
    sent = client.get("/workspace")
    assert sent.status_code == 302 and sent.headers["Location"] == "/sign-in?next=/workspace"
    form = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/workspace"' in form
    assert (
        _sign_in(client, "admin@example.org", next="/workspace").headers["Location"] == "/workspace"
    )


def test_a_deactivated_account_counts_as_signed_out(site):
    app, engine = site
    client = app.test_client()
    _sign_in(client, "navigator@example.org")
    assert client.get("/workspace").status_code == 200
    with session_scope(engine) as session:
        session.scalar(select(User).where(User.email == "navigator@example.org")).active = False
    assert client.get("/workspace").status_code == 302


MISSING_ID = 999_999  # no such row: an allowed role gets past the check, then a 404
# A real value for URL variables that are not ids, so the walk opens the page itself.
EXAMPLE_ARGUMENTS = {"fmt": "csv"}


def _placeholder(name, converter) -> object:
    if name in EXAMPLE_ARGUMENTS:
        return EXAMPLE_ARGUMENTS[name]
    return MISSING_ID if type(converter).__name__ in ("IntegerConverter", "IdConverter") else "x"


def _protected(app):
    """(method, path, roles) for every method of every role-protected rule, arguments
    filled with placeholders, so routes added later are walked too."""
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            roles = getattr(app.view_functions[rule.endpoint], "_roles", None)
            if roles is None:
                continue
            values = {name: _placeholder(name, conv) for name, conv in rule._converters.items()}
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield method, url_for(rule.endpoint, **values), set(roles)


def test_every_workspace_route_is_protected(site):
    app, _ = site
    unprotected = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/workspace")
        and getattr(app.view_functions[rule.endpoint], "_roles", None) is None
    ]
    assert unprotected == []


def test_every_protected_route_for_every_kind_of_visitor(site):
    app, engine = site
    # The role check is what is walked here; CSRF on every POST is tested on its own
    # (tests/test_security_sweep.py).
    app.config["WTF_CSRF_ENABLED"] = False
    routes = list(_protected(app))
    paths = {(method, path) for method, path, _ in routes}
    assert {
        ("GET", "/workspace"),
        ("GET", "/test-admin-only"),
        ("GET", "/workspace/import"),
        ("POST", "/workspace/users"),
        ("GET", "/workspace/users"),
        ("GET", "/workspace/exports"),
        ("GET", "/workspace/exports/csv"),
    } <= paths
    for _, path, roles in routes:
        if path.startswith("/workspace/users"):
            assert roles == {"admin"}, path
        if path.startswith("/workspace/import"):
            assert roles == {"navigator", "admin"}, path
    with session_scope(engine) as session:
        ids = dict(session.execute(select(User.role, User.id)).all())
    for method, path, allowed in routes:
        anonymous = app.test_client().open(path, method=method)
        assert anonymous.status_code == 302, (method, path)
        assert anonymous.headers["Location"].startswith("/sign-in?next="), (method, path)
        for role in ROLES:
            client = app.test_client()
            client = factories.signed_in(app, ids[role])
            got = client.open(path, method=method)
            if role not in allowed:
                assert got.status_code == 403, (method, path, role)
                assert "Your account cannot open this page." in got.get_data(as_text=True)
            elif method == "GET" and "x" not in path.split("/") and str(MISSING_ID) not in path:
                assert got.status_code == 200, (method, path, role)
            else:  # past the role check: a form error or no such row, never refused
                assert got.status_code in (200, 302, 400, 404), (method, path, role)
