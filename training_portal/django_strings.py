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
    # What screen readers say, and the console's small print (the selector widgets' own texts are in djangojs.po).
    gettext_noop("Skip to main content"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Sidebar"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Set password"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Disable password-based authentication"),
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
