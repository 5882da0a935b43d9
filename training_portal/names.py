"""People's names as Vietnamese write them: family name first ("Hoàng Văn Tuấn").

A user's family and middle names are in Django's `last_name`, the given name in `first_name` (the demo and the
console's user form say so); `User.get_full_name()` puts them the English way round ("Tuấn Hoàng Văn"), so no page,
mail or document calls it: they all call `person_name`. A trainee's `full_name` is one field, typed in that order.
And the names of downloaded files, in Vietnamese without diacritics (`file_name`).
"""

from django.utils.text import slugify


def person_name(user) -> str:
    """ "Hoàng Văn Tuấn" for last_name "Hoàng Văn" and first_name "Tuấn"; the user name when neither is set."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or user.get_username()


def file_name(*parts, extension: str = "") -> str:
    """A download's file name, readable and safe everywhere: the parts in Vietnamese without diacritics ("đ" → "d"),
    lower case, words joined by "-": file_name("Dự thảo", "Kế hoạch", 2026, extension="pdf") is
    "du-thao-ke-hoach-2026.pdf". Empty parts are left out; without an extension, the stem alone."""
    words = [slugify(str(part).replace("đ", "d").replace("Đ", "D")) for part in parts if part not in (None, "")]
    stem = "-".join(word for word in words if word)
    return f"{stem}.{extension}" if extension else stem
