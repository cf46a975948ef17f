from mapapp import vocab as D


def test_seven_domains_plus_treatment_with_stable_codes():
    assert D.SEVEN == (
        "twelve-step",
        "mutual-aid",
        "recovery-support",
        "activities",
        "volunteering",
        "community-links",
        "growth-pathways",
    )
    assert D.CODES == D.SEVEN + ("treatment",)
    assert D.BY_CODE["treatment"].is_context


def test_white_text_on_every_domain_colour_meets_wcag_aa():
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for domain in D.DOMAINS:
        contrast = 1.05 / (luminance(domain.colour) + 0.05)
        assert contrast >= 4.5, (domain.code, round(contrast, 2))


def test_audience_vocabulary_never_uses_uk_which_means_ukrainian_in_meeting_guide():
    assert "UK" not in D.AUDIENCE_TAGS and "uk" not in D.AUDIENCE_TAGS


def test_the_stylesheet_has_each_domain_colour():
    from mapapp.config import PROJECT_ROOT

    css = (PROJECT_ROOT / "mapapp" / "static" / "mapapp.css").read_text()
    for domain in D.DOMAINS:
        assert f".d-{domain.code} {{ background: {domain.colour}; }}" in css


def test_plain_words_for_every_code_a_listing_can_show():
    from mapapp import vocab

    assert vocab.tag_label("family-friends") == vocab.AUDIENCE_TAGS["family-friends"]
    assert vocab.tag_label("wheelchair") == vocab.ACCESSIBILITY_TAGS["wheelchair"]
    assert (vocab.tag_label("pl"), vocab.tag_label("ukr"), vocab.tag_label("cy")) == (
        "Polish",
        "Ukrainian",
        "Welsh",
    )
    assert (vocab.type_label("FF"), vocab.type_label("FAM")) == (
        "Fragrance Free",
        "Family and Friends",
    )
    # Every meaning explains a code the spec or this project defines, under its own name.
    assert set(vocab.TYPE_MEANINGS) <= set(vocab.SPEC_TYPES) | set(vocab.CUSTOM_TYPES)
    for tag in (
        list(vocab.AUDIENCE_TAGS) + list(vocab.ACCESSIBILITY_TAGS) + list(vocab.LANGUAGE_CODES)
    ):
        assert vocab.tag_label(tag) != tag, tag
