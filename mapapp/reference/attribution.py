"""Attribution lines the reference data's licences require, in one place.

Shown on every map (short form) and in every page footer and the README (full form).
"""

FULL = (
    "Contains OS data © Crown copyright and database right 2025; Contains Royal Mail data "
    "© Royal Mail copyright and database right 2025; Contains National Statistics data © "
    "Crown copyright and database right 2025 (Code-Point Open).",
    "Contains OS data © Crown copyright and database right 2017; Contains Royal Mail data "
    "© Royal Mail copyright and database right 2017; Contains National Statistics data © "
    "Crown copyright and database right 2017 (OS Open Names).",
    "Source: Office for National Statistics, licensed under the Open Government Licence v3.0 "
    "(boundaries, Census 2021, LSOA centroids and lookups).",
    "English Indices of Deprivation 2019, MHCLG, Open Government Licence v3.0.",
)

MAP_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025; Royal Mail "
    "data © Royal Mail copyright and database right 2025; National Statistics "
    "data © Crown copyright 2025. ONS &amp; MHCLG data, OGL v3.0"
)
