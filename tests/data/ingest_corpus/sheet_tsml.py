"""A Narcotics Anonymous area's export in the TSML spreadsheet layout: plain-English
headers, 12-hour times, day names, type names rather than codes, no fellowship in most
names (the import is told '--fellowship NA')."""

from expect import dup, held, ok

FILE = "na_area_tsml.csv"
ENCODING = "utf-8"
OPTIONS = {"fellowship": "NA"}
HEADER = ["Time", "End Time", "Day", "Name", "Location", "Address", "Region", "Types",
          "Notes", "Conference URL", "Conference Phone", "Updated", "Slug"]


def r(time, end, day, name, location, address, region, types, notes="", url="",
      phone="", updated="2026-10-01", slug=""):
    return [time, end, day, name, location, address, region, types, notes, url, phone,
            updated, slug or name.lower().replace(" ", "-").replace("'", "")]


ROWS = [
    (r("7:00 PM", "8:30 PM", "Monday", "Just For Today", "Long Eaton Methodist Church",
       "Station Road, Long Eaton NG10 1HN", "Erewash", "Open, Discussion"),
     ok("MO 19:00-20:30", "pc:NG10 1HN", "twelve-step", ver="2026-10-01")),
    (r("19:30", "21:00", "Tuesday", "Ilkeston Recovery", "Ilkeston Salvation Army",
       "Bath Street, Ilkeston DE7 5QG", "Erewash", "Closed"),
     ok("TU 19:30-21:00", "pc:DE7 5QG", "twelve-step", ver="2026-10-01")),
    (r("7:30 PM", "9:00 PM", "Wednesday", "Women's Serenity", "Derby Cathedral Centre",
       "Full Street, Derby DE1 3GP", "Derby", "Women, Open"),
     ok("WE 19:30-21:00", "pc:DE1 3GP", "twelve-step", aud=["women"], ver="2026-10-01")),
    (r("12:00 PM", "1:00 PM", "Friday", "Lunchtime Online", "", "", "Online", "Open",
       "Online only", "https://zoom.us/j/86677889900", updated="2026-10-15"),
     ok("FR 12:00-13:00", "none", "twelve-step", ver="2026-10-15")),
    (r("6:00 PM", "7:30 PM", "Sunday", "Young and Clean", "Belper Youth Centre",
       "Green Lane, Belper DE56 1QB", "Amber Valley", "Young People, Open"),
     ok("SU 18:00-19:30", "pc:DE56 1QB", "twelve-step", aud=["young-people"],
        ver="2026-10-01")),
    (r("7:00 PM", "", "Thursday", "Men's Step Working", "Heanor Library",
       "Market Street, Heanor DE75 7HA", "Amber Valley", "Men, Step Study"),
     ok("TH 19:00", "pc:DE75 7HA", "twelve-step", aud=["men"], ver="2026-10-01")),
    (r("19:00", "20:30", "Saturday", "Swadlincote Saturday Night", "Swadlincote Methodist",
       "Hill Street, Swadlincote DE11 1FG", "South Derbyshire", "Open"),
     ok("SA 19:00-20:30", "pc:DE11 1FG", "twelve-step", ver="2026-10-01")),
    (r("7:30 PM", "9:00 PM", "Monday", "Polish Speaking Group", "Derby Guildhall",
       "Market Place, Derby DE1 3PA", "Derby", "Polish"),
     ok("MO 19:30-21:00", "pc:DE1 3PA", "twelve-step", aud=["pl"], ver="2026-10-01")),
    (r("8:00 PM", "9:30 PM", "Tuesday", "Hope Without Dope", "Ripley Town Hall",
       "Market Place, Ripley DE5 3HL", "Amber Valley", "Open, Wheelchair access"),
     ok("TU 20:00-21:30", "pc:DE5 3HL", "twelve-step", access=["wheelchair"],
        ver="2026-10-01")),
    (r("", "", "", "Helpline Callback", "", "", "", "", "By appointment - ring the helpline"),
     held("no place and no way to attend")),
    (r("7:00 PM", "8:30 PM", "Wednesday", "Miracles Happen", "Glossop Methodist Church",
       "Chapel Street, Glossop SK13 8AP", "High Peak", "Open, Hybrid",
       url="https://zoom.us/j/85566778899", updated="2026-10-20"),
     ok("WE 19:00-20:30", "pc:SK13 8AP", "twelve-step", att="hybrid", ver="2026-10-20")),
    (r("10:00 AM", "11:30 AM", "Saturday", "Chesterfield Saturday Morning",
       "Chesterfield Library", "New Beetwell Street, Chesterfield S40 1TE", "Chesterfield",
       "Open"),
     ok("SA 10:00-11:30", "pc:S40 1TE", "twelve-step", ver="2026-10-01")),
    (r("7:30 PM", "9:00 PM", "Thursday", "Bakewell Thursday", "Bakewell Methodist",
       "Bath Street, Bakewell DE45 1DR", "Derbyshire Dales", "Closed, LGBTQ"),
     ok("TH 19:30-21:00", "pc:DE45 1DR", "twelve-step", aud=["lgbtq"], ver="2026-10-01")),
    (r("7:00 PM", "8:30 PM", "Monday", "Just For Today", "Long Eaton Methodist Church",
       "Station Road, Long Eaton NG10 1HN", "Erewash", "Open", slug="jft-long-eaton-2"),
     dup("2")),
    (r("6:30 PM", "8:00 PM", "Friday", "Buxton Friday Night", "Buxton Community Church",
       "Bridge Street, Buxton SK17 6BF", "High Peak", "Open, Ukrainian"),
     ok("FR 18:30-20:00", "pc:SK17 6BF", "twelve-step", aud=["ukr"], ver="2026-10-01")),
    (r("19:30", "21:00", "Monday", "Dronfield Monday", "Dronfield Civic Hall",
       "Dronfield S18 1PW", "North East Derbyshire", "Open"),
     ok("MO 19:30-21:00", "pc:S18 1PW", "twelve-step", ver="2026-10-01")),
    (r("8:00 PM", "9:30 PM", "Sunday", "Staveley Sunday", "Staveley Hall", "Staveley S43 3WB",
       "Chesterfield", "Open, Step Study"),
     ok("SU 20:00-21:30", "pc:S43 3WB", "twelve-step", ver="2026-10-01")),
    (r("7:00 PM", "8:30 PM", "Tuesday", "Belper Tuesday NA", "Belper Library",
       "Bridge Street, Belper DE56 1UP", "Amber Valley", "Open"),
     dup("amber_valley_recovery.csv:24")),
    (r("7:30 PM", "9:00 PM", "Thursday", "Ashbourne Thursday", "Ashbourne Methodist Church",
       "Church Street, Ashbourne DE6 1FH", "Derbyshire Dales", "Open"),
     ok("TH 19:30-21:00", "pc:DE6 1FH", "twelve-step", ver="2026-10-01")),
    (r("", "", "", "Clean Time", "Hathersage Memorial Hall", "Oddfellows Road, Hathersage "
       "S32 1BG", "Derbyshire Dales", "Open", "Meets monthly - check with secretary"),
     held("no day or time: 'monthly' without which week")),
]
