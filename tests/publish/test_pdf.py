"""publish/pdf.py: a PDF is made from the page with the app's own static files only; any
other URL (another host, a path outside the static folder) is refused, so making a PDF never
reaches the network."""

import pytest

from mapapp.publish import pdf


def test_the_apps_static_files_are_read_from_the_package():
    body, media_type = pdf.static_file(pdf.BASE_URL + "static/mapapp.css?v=1")
    assert media_type == "text/css" and b".district-label" in body


@pytest.mark.parametrize(
    "url",
    [
        "https://tiles.example.org/static/mapapp.css",  # another host
        "http://mapapp.invalid/static/mapapp.css",  # another scheme
        pdf.BASE_URL + "static/../publish/pdf.py",  # out of the static folder
        pdf.BASE_URL + "static/%2e%2e/db.py",
        pdf.BASE_URL + "api/gaps",  # a route, not a file
        "file:///etc/passwd",
        pdf.BASE_URL + "static/no-such-file.css",
    ],
)
def test_anything_else_is_refused(url):
    with pytest.raises(pdf.NotOurs):
        pdf.static_file(url)


def test_a_page_becomes_a_pdf_with_its_text_and_without_outside_resources():
    pdfium = pytest.importorskip("pypdfium2")
    html = (
        '<html><head><link rel="stylesheet" href="/static/mapapp.css"></head><body>'
        "<h1>Chesterfield briefing</h1>"
        '<img src="https://tracker.example.org/pixel.png" alt="">'
        "</body></html>"
    )
    made = pdf.html_to_pdf(html)
    assert made.startswith(b"%PDF-")
    document = pdfium.PdfDocument(made)
    assert "Chesterfield briefing" in document[0].get_textpage().get_text_range()
