"""Meeting Guide type codes in a feed: which a listing is published with, and the snippet
that lets TSML UI label the custom ones (the tables themselves are in vocab).

What the spec has no code for gets a custom code (CUSTOM_TYPES). TSML UI shows a custom code
only when the embedding page labels it; ``tsml_react_config_snippet()`` is the snippet to
add, and docs/ lists the codes in words. A code that is neither the spec's nor ours (a
source's own invention) is kept on the listing but not published: no finder could label it.
"""

from __future__ import annotations

import json

from ..vocab import CUSTOM_TYPES, SPEC_TYPES, TAG_CODES


def label(code: str) -> str | None:
    """The words for a code: the spec's name, or ours for a custom code; None if neither."""
    return SPEC_TYPES.get(code) or CUSTOM_TYPES.get(code)


def published_types(source_codes, tags) -> list[str]:
    """The codes a listing is published with: its source's codes that a finder can label,
    then those its tags mean; each once, in that order. ``tags`` are (category, tag)."""
    tags = set(tags)
    codes = [str(code) for code in (source_codes or [])]
    if ("audience", "family-friends") in tags:
        # Older imports stored the spreadsheet words "Family and Friends" as FF, which the
        # spec reserves for Fragrance Free: with the family tag, FF meant family.
        codes = [code for code in codes if code != "FF"]
    codes += [TAG_CODES[tag] for tag in sorted(tags) if tag in TAG_CODES]
    return [code for code in dict.fromkeys(codes) if label(code)]


def tsml_react_config() -> dict:
    """What an embedding page gives TSML UI so that it shows every custom code."""
    return {"strings": {"en": {"types": dict(CUSTOM_TYPES)}}}


def tsml_react_config_snippet() -> str:
    """The script an embedding page adds before TSML UI's own (see docs/)."""
    body = json.dumps(tsml_react_config(), indent=2, ensure_ascii=False)
    return f"<script>\nvar tsml_react_config = {body};\n</script>"
