"""Each request's session: without a transaction for a request that only reads."""

import pytest

from mapapp.web.database import get_session
from tests.conftest import make_test_app


@pytest.mark.parametrize("method, reads_only", [("GET", True), ("HEAD", True), ("POST", False)])
def test_read_only_requests_get_a_session_without_a_transaction(demo_db, method, reads_only):
    app = make_test_app(demo_db)
    with app.test_request_context("/", method=method):
        options = get_session().connection().get_execution_options()
        assert (options.get("isolation_level") == "AUTOCOMMIT") is reads_only
    with app.app_context():  # a command, not a request: a transaction
        assert "isolation_level" not in get_session().connection().get_execution_options()
    app.extensions["mapapp.engine"].dispose()
