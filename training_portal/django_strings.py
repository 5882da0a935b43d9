"""Strings of Django's own admin that Django's Vietnamese catalogue does not translate yet.

`makemessages` finds them here, and the project's catalogue (LOCALE_PATHS, searched before Django's)
gives their Vietnamese, so the console has no English left in it.
"""

from django.utils.translation import gettext_noop

DJANGO_ADMIN_STRINGS = [
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
]
