"""Every normalisation rule as a row of a case table (days and times: test_schedule_text.py
and test_clock_text.py; postcodes: places)."""

import pytest

from mapapp.ingest import normalise as N


@pytest.mark.parametrize(
    "typed, clean",
    [
        ("01246 123456", "01246 123456"),
        ("01246123456", "01246 123456"),
        ("+44 7700 900123", "07700 900123"),
        ("(01332) 123 456", "01332 123456"),
        ("0800 123 4567", "0800 123 4567"),
        ("020 7946 0000", "020 79460000"),
    ],
)
def test_phone_numbers(typed, clean):
    assert N.phone(typed) == clean


@pytest.mark.parametrize(
    "typed, clean",
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("www.example.org/x", "https://www.example.org/x"),
    ],
)
def test_urls_http_and_https_only(typed, clean):
    assert N.url(typed) == clean


@pytest.mark.parametrize(
    "typed",
    [
        "javascript:alert(1)",
        "ftp://example.org",
        "example",
        "data:text/html,x",
        "mailto:a@example.org",
    ],
)
def test_other_url_schemes_are_refused(typed):
    with pytest.raises(ValueError, match="http or https"):
        N.url(typed)


@pytest.mark.parametrize(
    "typed, clean",
    [
        ("John Smith", "John"),
        ("jane s.", "Jane"),
        ("  SAM  ", "Sam"),
        ("Mary-Ann Jones", "Mary-Ann"),
    ],
)
def test_contact_names_are_first_names_only(typed, clean):
    assert N.first_name(typed) == clean


@pytest.mark.parametrize(
    "typed, clean",
    [
        ("BUXTON SMART RECOVERY", "Buxton SMART Recovery"),
        ("chesterfield aa (open)", "Chesterfield AA (Open)"),
        ("ST MARY OF THE ANGELS", "St Mary of the Angels"),
        ("Keep It Simple group", "Keep It Simple group"),
        ("  lots   of   space  ", "Lots of Space"),
    ],
)
def test_names_are_tidied(typed, clean):
    assert N.title_case(typed) == clean
