"""mapapp users create: prompts twice for the password; bad input is one line, non-zero."""

from sqlalchemy import select

from mapapp.accounts.users import verify_password
from mapapp.db import session_scope
from mapapp.models import User
from tests.conftest import make_test_app

PASSWORD = "correct horse battery"


def _create(url, *args, input=None):
    app = make_test_app(url)
    result = app.test_cli_runner().invoke(args=["users", "create", *args], input=input)
    app.extensions["mapapp.engine"].dispose()
    return result


def test_users_create_prompts_twice_and_stores_a_hash(schema_db, engine_for):
    result = _create(
        schema_db,
        "--email",
        "nav@example.org",
        "--name",
        "Nadia",
        "--role",
        "navigator",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output and PASSWORD not in result.output
    assert "Created navigator account for Nadia <nav@example.org>." in result.output
    with session_scope(engine_for(schema_db)) as session:
        user = session.scalar(select(User))
    assert user.role == "navigator" and verify_password(user.password_hash, PASSWORD)


def test_users_create_asks_again_when_the_two_passwords_differ(schema_db):
    result = _create(
        schema_db,
        "--email",
        "a@example.org",
        "--name",
        "A",
        "--role",
        "admin",
        input=f"{PASSWORD}\nsomething else!!\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "The two entered values do not match." in result.output


def test_short_password_and_unknown_role_are_one_line_and_nonzero(schema_db, engine_for):
    short = _create(
        schema_db,
        "--email",
        "a@example.org",
        "--name",
        "A",
        "--role",
        "admin",
        "--password",
        "too short",
    )
    assert short.exit_code == 1
    assert short.output.strip().splitlines() == [
        "Error: The password must be at least 12 characters long; a few unrelated words "
        "make a good one."
    ]
    role = _create(
        schema_db,
        "--email",
        "a@example.org",
        "--name",
        "A",
        "--role",
        "mayor",
        "--password",
        PASSWORD,
    )
    assert role.exit_code == 1
    assert role.output.strip().splitlines() == [
        "Error: Unknown role 'mayor'; use one of: navigator, commissioner, admin."
    ]
    with session_scope(engine_for(schema_db)) as session:
        assert session.scalar(select(User)) is None
