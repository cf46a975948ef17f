import pytest

from mapapp.html_safe import attr_url, text


@pytest.mark.parametrize(
    "stored, shown",
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        (
            "</script><script>alert(1)</script>",
            "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        ),
        ("`${alert(1)}`", "&#96;&#36;{alert(1)}&#96;"),
        ("back\\slash", "back&#92;slash"),
        ("\"quoted\" & 'single'", "&quot;quoted&quot; &amp; &#x27;single&#x27;"),
        (None, ""),
        (42, "42"),
    ],
)
def test_text_is_inert_in_html_and_in_js_template_literals(stored, shown):
    assert text(stored) == shown


@pytest.mark.parametrize(
    "url, kept",
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&amp;c=2"),
        ("http://example.org", "http://example.org"),
        ("/assets/1", "/assets/1"),
        ("javascript:alert(1)", ""),
        ("  JAVASCRIPT:alert(1)", ""),
        ("//evil.example/x", ""),
        ("data:text/html,<b>", ""),
        (None, ""),
    ],
)
def test_only_web_links_survive(url, kept):
    assert attr_url(url) == kept
