"""Listings: the rules every write follows, schedules and calendars, the read models and their
cache, what the public may see, the editor's form and operations, and the change history."""
