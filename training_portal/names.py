"""People's names as Vietnamese write them: family name first ("Hoàng Văn Tuấn").

A user's family and middle names are in Django's `last_name`, the given name in `first_name` (the demo and the
console's user form say so); `User.get_full_name()` puts them the English way round ("Tuấn Hoàng Văn"), so no page,
mail or document calls it: they all call `person_name`. A trainee's `full_name` is one field, typed in that order.
"""


def person_name(user) -> str:
    """ "Hoàng Văn Tuấn" for last_name "Hoàng Văn" and first_name "Tuấn"; the user name when neither is set."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or user.get_username()
