"""Passwords that attackers try first are refused, from a maintained list.

zxcvbn (Dropbox's estimator, on PyPI) matches a password against its ranked lists of
common passwords, English words, names and keyboard patterns, with the usual
substitutions ('Passw0rd!', 'password1234', 'qwertyuiop12'), and estimates how many
guesses it would take. A password it scores below MIN_SCORE (fewer than about 10^8
guesses) is refused with its reason. The person's own name and email are passed in too,
so 'jane.smith2026' is refused for Jane Smith.
"""

from __future__ import annotations

MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline attack"
CHECKED_LENGTH = 100  # zxcvbn slows on long input; the first 100 characters decide


def weakness(password: str, personal: list[str]) -> str | None:
    """Why ``password`` is too easy to guess, or None when it is not."""
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=[p for p in personal if p])
    if result["score"] >= MIN_SCORE:
        return None
    warning = (result.get("feedback") or {}).get("warning") or ""
    reason = f" ({warning.rstrip('.')})" if warning else ""
    return (
        f"The password is too common or too easy to guess{reason}; a few unrelated "
        "words make a good one."
    )
