"""Helpers for the hardening tests: sign in through the real form, post a body that is
streamed rather than held, read a page's form back as a browser would send it."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Response

PASSWORD = "correct horse battery"
BIG_ID = "99999999999999999999"  # past every integer column type


def csrf_token(client, path: str = "/sign-in") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post(
        "/sign-in",
        data={"csrf_token": csrf_token(client), "email": email, "password": password, **extra},
    )


def add_user(engine, role: str, email: str | None = None, password: str = PASSWORD) -> int:
    """An account made the way `mapapp users create` makes one."""
    from mapapp.accounts.users import create_user
    from mapapp.db import session_scope

    with session_scope(engine) as session:
        return create_user(session, email or f"{role}@example.org", role.title(), role, password).id


class Body:
    """A request body of ``size`` bytes produced as it is read: nothing is held, and
    ``sent`` says how much the server took before it answered."""

    def __init__(self, size: int, head: bytes = b"", fill: bytes = b"a", tail: bytes = b""):
        self.size, self.head, self.fill, self.tail = size, head, fill, tail
        self.sent = 0

    def read(self, size: int | None = -1) -> bytes:
        left = self.size - self.sent
        if size is None or size < 0:
            size = left
        data = self._bytes(self.sent, min(size, left, 1 << 20))
        self.sent += len(data)
        return data

    def _bytes(self, start: int, count: int) -> bytes:
        """Bytes [start, start + count) of the body: head, repeated fill, tail."""
        end, fill_end = start + count, self.size - len(self.tail)
        out, position = bytearray(self.head[start : min(end, len(self.head))]), start
        position += len(out)
        if position < min(end, fill_end):
            length = min(end, fill_end) - position
            offset = (position - len(self.head)) % len(self.fill)
            repeats = (offset + length) // len(self.fill) + 1
            out += (self.fill * repeats)[offset : offset + length]
            position += length
        if position < end:
            out += self.tail[position - fill_end : end - fill_end]
        return bytes(out)

    def readline(self, size: int | None = -1) -> bytes:
        return self.read(size if size and size > 0 else 65536)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def stream_post(
    app,
    path: str,
    body: Body,
    content_type: str,
    chunked: bool = False,
    headers: dict | None = None,
    client=None,
) -> Response:
    """POST ``body`` as a WSGI server would pass it on: with a Content-Length, or chunked
    (no length; the server marks the stream as terminated). The test client cannot do
    this itself, because it measures a body by seeking to its end."""
    # An (empty) input stream, so the builder keeps this content type as given instead of
    # encoding a multipart body of its own with another boundary.
    builder = EnvironBuilder(
        path=path,
        method="POST",
        content_type=content_type,
        headers=headers or {},
        input_stream=io.BytesIO(),
    )
    environ = builder.get_environ()
    if client is not None:  # the client's cookies (a signed-in session)
        client._add_cookies_to_wsgi(environ)
    environ["wsgi.input"] = body
    if chunked:
        environ.pop("CONTENT_LENGTH", None)
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
        environ["wsgi.input_terminated"] = True
    else:
        environ["CONTENT_LENGTH"] = str(body.size)
    app_iter, status, response_headers = run_wsgi_app(app, environ, buffered=True)
    return Response(app_iter, status, response_headers)


class _FormReader(HTMLParser):
    """The fields of one <form action=...> as a browser would submit them unchanged."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, []
        self._textarea = self._select = None
        self._select_first = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name") and not a.get("disabled"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select, self._select_first = a["name"], None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self.fields.append([self._select, value])
                self._select_first = False

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            if self._select_first not in (None, False):
                self.fields.append([self._select, self._select_first])
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_fields(html: str, action: str) -> list[tuple[str, str]]:
    reader = _FormReader(action)
    reader.feed(html)
    text = [(name, value.removeprefix("\n")) for name, value in reader.fields]
    return text
