"""Who may see what: the single place the role rules live."""


def sees_all_agencies(user) -> bool:
    """Home Affairs staff and leaders see every agency's data; a focal point only their own."""
    return user.is_authenticated and (user.is_staff or user.has_perm("plans.view_dashboard"))


def is_leader(user) -> bool:
    return user.is_authenticated and user.has_perm("plans.view_dashboard")
