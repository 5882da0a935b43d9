"""One folding of text for every comparison of what people type: search boxes, stored search keys, Excel cells.

Many people type Vietnamese without its marks, or with an input method that sends them
as separate combining characters; this folding makes all of these the same text.
"""

import unicodedata


def fold(text) -> str:
    """`text` without diacritics, in lower case, with single spaces: "  Nguyễn  VĂN Đức" -> "nguyen van duc".

    NFKD splits "ễ" (typed composed, or as "e" + marks by another input method) into its
    letter and combining marks, which are dropped; "đ" is a letter of its own in Unicode,
    not a "d" with a mark, so it is mapped by hand.
    """
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text)).replace("đ", "d").replace("Đ", "D")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())
