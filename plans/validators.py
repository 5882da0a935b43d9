from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SIGNING_PREFIXES = ("TM.", "KT.", "TL.", "TUQ.")


def validate_signer_authority(value: str) -> None:
    """Each authority line of a signature block starts with TM., KT., TL. or TUQ. (Nghị định 30/2020)."""
    for line in (line.strip() for line in value.splitlines()):
        if line and not line.upper().startswith(SIGNING_PREFIXES):
            raise ValidationError(
                _("The line “%(line)s” must start with TM., KT., TL. or TUQ."),
                code="signer_prefix",
                params={"line": line},
            )
