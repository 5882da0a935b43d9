"""Strings of Django's own admin that Django's Vietnamese catalogue does not translate yet.

`makemessages` finds them here, and the project's catalogue (LOCALE_PATHS, searched before Django's)
gives their Vietnamese, so the console has no English left in it.
"""

from django.utils.translation import gettext_noop

DJANGO_ADMIN_STRINGS = [
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    # The console's button to a record's audit trail: "Lịch sử", where Django's catalogue says "Bản ghi nhớ".
    gettext_noop("History"),
]

# django-simple-history ships no Vietnamese: what its pages still say in its own words (the kind of each version).
SIMPLE_HISTORY_STRINGS = [
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
]

# django-axes ships no Vietnamese: its console pages (failed logins, lockouts) read in the project's catalogue.
AXES_STRINGS = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Logout Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
]
