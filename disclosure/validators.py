"""Check-character algorithms for Chinese identifiers and the project's own codes."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 统一社会信用代码, 18 characters from this alphabet (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11643-1999: 公民身份号码, 17 digits and a check character (0-9 or X).
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(value: str) -> bool:
    value = (value or "").strip().upper()
    if len(value) != 18 or any(c not in USCC_ALPHABET for c in value):
        return False
    return uscc_check_character(value[:17]) == value[17]


def validate_uscc(value: str) -> None:
    if not is_valid_uscc(value):
        raise ValidationError(
            _("“%(value)s” is not a valid unified social credit code (GB 32100)."),
            code="invalid_uscc",
            params={"value": value},
        )


def id_check_character(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def is_valid_resident_id(value: str) -> bool:
    value = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    return id_check_character(value[:17]) == value[17]


def validate_resident_id(value: str) -> None:
    """Both failures keep one code; the message says in plain words what to check."""
    if not re.fullmatch(r"\d{17}[\dX]", (value or "").strip().upper()):
        raise ValidationError(
            _(
                "“%(value)s” is not an identity card number: it has 18 characters, digits "
                "only, the last one may be X."
            ),
            code="invalid_resident_id",
            params={"value": value},
        )
    if not is_valid_resident_id(value):
        raise ValidationError(
            _("The identity card number “%(value)s” is wrong: check its last digit."),
            code="invalid_resident_id",
            params={"value": value},
        )


validate_org_code = RegexValidator(
    r"^[a-z][a-z0-9_-]{0,31}$",
    _("Use 1–32 lowercase ASCII letters, digits, “-” or “_”, starting with a letter."),
    code="invalid_org_code",
)
