"""What a cell holds, whatever its column."""

import pytest

from mapapp.ingest import cell_content as C


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://zoom.us/j/83312345678", "https://zoom.us/j/83312345678"),
        ("zoom.us/j/81122334455", "https://zoom.us/j/81122334455"),
        ("www.zoom.us/j/81122334455", "https://www.zoom.us/j/81122334455"),
        (
            "Join: https://us02web.zoom.us/j/85512345678?pwd=abc.",
            "https://us02web.zoom.us/j/85512345678?pwd=abc",
        ),
        ("Link: meet.google.com/xyz-abcd-efg", "https://meet.google.com/xyz-abcd-efg"),
        (
            "teams.microsoft.com/l/meetup-join/19%3ameeting_xyz",
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_xyz",
        ),
        ("whereby.com/derby-recovery", "https://whereby.com/derby-recovery"),
        ("meet.jit.si/DalesRecovery", "https://meet.jit.si/DalesRecovery"),
        (
            "https://derbyshire.webex.com/meet/recovery",
            "https://derbyshire.webex.com/meet/recovery",
        ),
    ],
)
def test_conference_links_with_or_without_a_scheme(text, expected):
    assert [f.value for f in C.conference_links(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    ["we use zoom.us", "www.glossoprecoverycafe.org.uk", "https://www.highpeak.gov.uk/housing", ""],
)
def test_not_conference_links(text):
    assert C.conference_links(text) == ()


def test_zoom_meeting_id_without_a_link():
    found = C.zoom_meeting("Zoom ID 845 1234 5678 passcode 4321")
    assert found.value == "https://zoom.us/j/84512345678"
    assert C.passcode("Zoom ID 845 1234 5678 passcode 4321").value == "4321"
    assert C.zoom_meeting("Meeting ID 845 1234 5678") is None  # no provider named
    # ... unless the row says Zoom elsewhere (a 'Zoom details' header, 'Zoom' as the venue)
    assert (
        C.zoom_meeting("Meeting ID: 812 345 6789", zoom_said=True).value
        == "https://zoom.us/j/8123456789"
    )


@pytest.mark.parametrize(
    "text, whole, expected",
    [
        ("Dial in 0203 481 5237 PIN 123456#", False, "02034815237"),
        ("0330 088 5830, PIN 123456", True, "03300885830"),
        ("Join by phone: +44 20 3481 5237", False, "02034815237"),
        ("Call 0131 460 1196 then enter 812 345 6789#", False, "01314601196"),
        ("Sue 07700 900123", False, None),
        ("Call 01629 123456 for details", False, None),
    ],
)
def test_dial_in_numbers(text, whole, expected):
    found = C.dial_in(text, whole_cell_is_dial_in=whole)
    assert (found.value if found else None) == expected


def test_web_links_emails_and_phones():
    text = "See www.example.org.uk or mail jo@example.org, tel 01332 641234"
    assert [f.value for f in C.web_links(text)] == ["https://www.example.org.uk"]
    assert [f.value for f in C.emails(text)] == ["jo@example.org"]
    assert [f.value for f in C.phones(text)] == ["01332641234"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Online only", "online"),
        ("Zoom only", "online"),
        ("online only - link from secretary", "online"),
        ("In person and on Zoom", "hybrid"),
        ("Hybrid", "hybrid"),
        ("Also on Zoom", "hybrid"),
        ("in person & online", "hybrid"),
        ("In person only", "in_person"),
        ("no longer on zoom", "in_person"),
        ("Open meeting", None),
        ("Zoom meeting", None),
    ],
)
def test_attendance_phrases(text, expected):
    found = C.attendance_phrase(text)
    assert (found[0] if found else None) == expected


def test_postcodes_in_text():
    assert [f.value for f in C.postcodes("Field Lane, Belper DE56 1BZ, UK")] == ["DE56 1BZ"]
    assert [f.value for f in C.postcodes("Chapel, SK23 OHS")] == ["SK23 OHS"]
