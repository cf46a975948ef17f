"""An intergroup's Meeting Guide feed (format: code4recovery spec): 0 = Sunday, type codes,
'updated' timestamps, online meetings with an approximate point of affinity, one meeting
temporarily closed, one with a day the spec does not have, one listed twice."""

from expect import dup, held, ok

FILE = "derbyshire_intergroup.json"
ENTITY = {
    "entity": "Derbyshire Intergroup of Alcoholics Anonymous",
    "entity_url": "https://example.org/derbyshire-aa",
    "timezone": "Europe/London",
}


def m(slug, name, day, time, end, where=None, types=(), updated="2026-10-14 09:00:00", **extra):
    meeting = {
        "slug": slug,
        "name": name,
        "day": day,
        "time": time,
        "types": list(types),
        "updated": updated,
        **ENTITY,
        **extra,
    }
    if end:
        meeting["end_time"] = end
    if where:
        meeting["location"], meeting["formatted_address"] = where
        meeting["approximate"] = "no"
    return meeting


ONLINE = {"formatted_address": "Derbyshire, UK", "approximate": "yes"}
ROWS = [
    (
        m(
            "belper-monday",
            "Belper Monday",
            1,
            "19:00",
            "20:30",
            ("Belper Methodist Church", "Field Lane, Belper DE56 1BZ, UK"),
            ("O", "D"),
        ),
        dup("amber_valley_recovery.csv:2"),
    ),
    (
        m(
            "derby-womens-step",
            "Derby Women's Step Meeting",
            3,
            "19:30",
            "21:00",
            ("St Peter's Church Hall", "Cathedral Road, Derby DE1 3PA, UK"),
            ("W", "ST", "C"),
        ),
        ok("WE 19:30-21:00", "pc:DE1 3PA", "twelve-step", aud=["women"], ver="2026-10-14"),
    ),
    (
        m(
            "long-eaton-monday",
            "Long Eaton Monday Night",
            1,
            "20:00",
            "21:00",
            ("Long Eaton Methodist Church", "Station Road, Long Eaton NG10 1HN, UK"),
            ("O", "BE"),
        ),
        ok("MO 20:00-21:00", "pc:NG10 1HN", "twelve-step", ver="2026-10-14"),
    ),
    (
        m(
            "ilkeston-ukrainian",
            "Ilkeston Saturday Afternoon",
            6,
            "15:00",
            "16:00",
            ("Ilkeston Community Hall", "Bath Street, Ilkeston DE7 5RH, UK"),
            ("UK", "O"),
        ),
        ok("SA 15:00-16:00", "pc:DE7 5RH", "twelve-step", aud=["ukr"], ver="2026-10-14"),
    ),
    (
        m(
            "online-lunchtime",
            "Online Lunchtime Derbyshire",
            [1, 2, 3, 4, 5],
            "12:30",
            "13:30",
            conference_url="https://zoom.us/j/81234567890",
            **ONLINE,
        ),
        ok(
            "MO 12:30-13:30; TU 12:30-13:30; WE 12:30-13:30; TH 12:30-13:30; FR 12:30-13:30",
            "none",
            "twelve-step",
            ver="2026-10-14",
        ),
    ),
    (
        m(
            "swadlincote-young",
            "Swadlincote Young People's",
            5,
            "19:00",
            "20:00",
            ("Swadlincote Methodist Church", "Hill Street, Swadlincote DE11 0AA, UK"),
            ("Y", "O"),
        ),
        ok("FR 19:00-20:00", "pc:DE11 0AA", "twelve-step", aud=["young-people"], ver="2026-10-14"),
    ),
    (
        m(
            "derby-lgbtq",
            "Derby LGBTQ+ AA",
            4,
            "19:30",
            "21:00",
            ("Derby Cathedral Centre", "Full Street, Derby DE1 3GP, UK"),
            ("LGBTQ", "O"),
        ),
        ok("TH 19:30-21:00", "pc:DE1 3GP", "twelve-step", aud=["lgbtq"], ver="2026-10-14"),
    ),
    (
        m(
            "belper-thursday-mens",
            "Belper Thursday Men's",
            4,
            "20:00",
            "21:00",
            ("Belper Christ Church", "Bridge Street, Belper DE56 1QA, UK"),
            ("M", "C"),
        ),
        ok("TH 20:00-21:00", "pc:DE56 1QA", "twelve-step", aud=["men"], ver="2026-10-14"),
    ),
    (
        m(
            "derby-polish",
            "Derby Polish Speaking",
            0,
            "17:00",
            "18:00",
            ("Derby Guildhall", "Market Place, Derby DE1 3PA, UK"),
            ("POL",),
        ),
        ok("SU 17:00-18:00", "pc:DE1 3PA", "twelve-step", aud=["pl"], ver="2026-10-14"),
    ),
    (
        m(
            "mickleover-big-book",
            "Mickleover Big Book",
            2,
            "19:30",
            "21:00",
            ("Mickleover Methodist Church", "Uttoxeter Road, Mickleover, Derby DE3 9GH, UK"),
            ("B", "C"),
        ),
        ok("TU 19:30-21:00", "pc:DE3 9GH", "twelve-step", ver="2026-10-14"),
    ),
    (
        m(
            "alvaston-friday",
            "Alvaston Friday",
            5,
            "19:30",
            "21:00",
            ("Alvaston Community Centre", "Elvaston Lane, Alvaston, Derby DE24 0DY, UK"),
            ("TC", "O"),
        ),
        ok("FR 19:30-21:00", "pc:DE24 0DY", "twelve-step", ver="2026-10-14", status="inactive"),
    ),
    (
        m(
            "derby-sunday-hybrid",
            "Derby Sunday Hybrid",
            0,
            "11:00",
            "12:00",
            ("Friends Meeting House", "Friar Gate, Derby DE22 3BQ, UK"),
            ("O", "D"),
            conference_url="https://us02web.zoom.us/j/87654321098",
        ),
        ok("SU 11:00-12:00", "pc:DE22 3BQ", "twelve-step", att="hybrid", ver="2026-10-14"),
    ),
    (
        m(
            "long-eaton-step",
            "Long Eaton Wednesday Step",
            3,
            "19:30",
            "21:00",
            ("Long Eaton Methodist Church", "Station Road, Long Eaton NG10 1HN, UK"),
            ("ST",),
        ),
        ok("WE 19:30-21:00", "pc:NG10 1HN", "twelve-step", ver="2026-10-14"),
    ),
    (
        m(
            "ilkeston-tuesday",
            "Ilkeston Tuesday Afternoon",
            2,
            "14:00",
            "15:00",
            ("Ilkeston Community Hall", "Bath Street, Ilkeston DE7 5RH, UK"),
            ("X", "O"),
        ),
        ok("TU 14:00-15:00", "pc:DE7 5RH", "twelve-step", access=["wheelchair"], ver="2026-10-14"),
    ),
    (
        m(
            "dial-in-derbyshire",
            "Dial-in Derbyshire",
            3,
            "21:00",
            "22:00",
            conference_phone="+442034815237,,81234567890#",
            **ONLINE,
        ),
        ok("WE 21:00-22:00", "none", "twelve-step", ver="2026-10-14"),
    ),
    (
        m(
            "ripley-sunday",
            "Ripley Sunday",
            8,
            "19:00",
            "20:00",
            ("Ripley Methodist Church", "Church Street, Ripley DE5 3XB, UK"),
            ("O",),
        ),
        held("day 8 is not a day (0 = Sunday to 6 = Saturday)"),
    ),
    (
        m(
            "heanor-saturday",
            "Heanor Saturday Morning",
            6,
            "10:30",
            "11:30",
            ("Heanor Community Hub", "Market Street, Heanor DE75 7XJ, UK"),
            ("O", "D"),
            updated="2026-09-01 08:00:00",
        ),
        ok("SA 10:30-11:30", "pc:DE75 7XJ", "twelve-step", ver="2026-09-01"),
    ),
    (
        m(
            "derby-womens-bsl",
            "Derby Women's BSL",
            1,
            "18:30",
            "19:30",
            ("Derby Deaf Centre", "Ford Street, Derby DE1 1EE, UK"),
            ("W", "BSL"),
        ),
        ok("MO 18:30-19:30", "pc:DE1 1EE", "twelve-step", aud=["bsl", "women"], ver="2026-10-14"),
    ),
    (
        m(
            "derby-friday-night",
            "Derby Friday Night",
            5,
            "20:00",
            "21:00",
            ("Derby Cathedral Centre", "Full Street, Derby DE1 3GP, UK"),
            ("O",),
            latitude=52.92452,
            longitude=-1.47795,
        ),
        ok("FR 20:00-21:00", "exact:52.92452,-1.47795", "twelve-step", ver="2026-10-14"),
    ),
    (
        m(
            "derby-lgbtq-2",
            "Derby LGBTQ AA",
            4,
            "19:30",
            "21:00",
            ("Derby Cathedral Centre", "Full Street, Derby DE1 3GP, UK"),
            ("LGBTQ",),
        ),
        dup("derbyshire_intergroup.json:7"),
    ),
    (
        m(
            "early-birds-online",
            "Early Birds Online",
            4,
            "07:00",
            "08:00",
            conference_url="meet.google.com/xyz-pqrs-tuv",
            **ONLINE,
        ),
        ok("TH 07:00-08:00", "none", "twelve-step", ver="2026-10-14"),
    ),
    (
        m(
            "swadlincote-tuesday",
            "Swadlincote Tuesday",
            2,
            "20:00",
            "21:00",
            ("Swadlincote Methodist Church", "Hill Street, Swadlincote DE11 1GJ, UK"),
            ("C",),
        ),
        ok("TU 20:00-21:00", "pc:DE11 1GJ", "twelve-step", ver="2026-10-14"),
    ),
    (
        m(
            "ashbourne-newcomers",
            "Ashbourne Newcomers",
            1,
            "19:30",
            "20:30",
            ("Ashbourne Methodist Church", "Church Street, Ashbourne DE6 1UB, UK"),
            ("BE", "O"),
        ),
        ok("MO 19:30-20:30", "pc:DE6 1UB", "twelve-step", ver="2026-10-14"),
    ),
    (
        m(
            "matlock-step",
            "Matlock Thursday Step",
            4,
            "19:30",
            "21:00",
            ("Arc Leisure Centre meeting room", "Bakewell Road, Matlock DE4 3FN, UK"),
            ("ST",),
        ),
        ok("TH 19:30-21:00", "pc:DE4 3FN", "twelve-step", ver="2026-10-14"),
    ),
    (
        m(
            "glossop-sunday-speaker",
            "Glossop Sunday Speaker",
            0,
            "19:00",
            "20:30",
            ("Glossop Methodist Church", "Chapel Street, Glossop SK13 8AP, UK"),
            ("SP", "O"),
        ),
        ok("SU 19:00-20:30", "pc:SK13 8AP", "twelve-step", ver="2026-10-14"),
    ),
]
