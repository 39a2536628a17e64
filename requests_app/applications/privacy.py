"""Masking of personal data for lists and anything shown beyond the application's own page.

The full identity number, phone, email and address are shown only on the
application's own admin page, and there only to staff of ITS organization
(issue 3 §7) or a superuser: staff of a parent organization and supervisors,
who see the application through their wider scope, get these masks there too,
and cannot download the identity proof. Lists, mails to staff and exports show
the masks to everybody. Public pages show none of it at all.
"""

MASK = "*"


def sees_full_personal_data(user, application) -> bool:
    """Whether `user` may see the applicant's full identity number, phone and address."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    organization_id = getattr(user, "organization_id", None)
    return organization_id is not None and organization_id == application.organization_id


def mask_id(value: str) -> str:
    """Keep the first four and last four characters: "5103**********1234"."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 8:
        # Too short to keep both ends without revealing most of it.
        return value[:1] + MASK * (len(value) - 1)
    return value[:4] + MASK * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """Keep the first three and last four digits of a mobile: "138****5678"."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 4:
        return MASK * len(value)
    if len(value) <= 7:
        return MASK * (len(value) - 2) + value[-2:]
    return value[:3] + MASK * (len(value) - 7) + value[-4:]


def mask_address(value: str) -> str:
    """Keep the first six characters (province, city, district as a rule): "四川省自贡市****"."""
    value = (value or "").strip()
    if not value:
        return ""
    keep = min(6, len(value) // 2)
    return value[:keep] + MASK * 4


def mask_email(value: str) -> str:
    """Keep the first character of the local part and the domain: "z***@example.com"."""
    value = (value or "").strip()
    if "@" not in value:
        return mask_id(value)
    local, _, domain = value.partition("@")
    return (local[:1] + MASK * 3) + "@" + domain
