"""The two staff roles, as plain Django groups: a user is given an organization and a group.

- "政务公开工作人员" (staff): every permission on the records of the apps that declare
  `staff_records = True` on their AppConfig, read-only on the models an app lists in
  `staff_view_only_models` (shared reference data: columns, channels, the calendar),
  nothing on those in `staff_hidden_models` (accounts, internal counters) nor the
  codenames in `staff_denied_codenames`; what they see is further limited to their
  organization's subtree by the admin (`disclosure.admin.scoping`).
- "政务公开办（监督）" (supervisors): every permission of those apps, including
  `disclosure.supervise`, which lifts the organization scope, and those of
  `SUPERVISOR_LOCKOUT_PERMISSIONS`: they see the login lockouts of django-axes and lift
  one by deleting it (admin: 访问尝试).

Each app declares its own staff permissions; this module names none of the apps above.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

STAFF_GROUP = "政务公开工作人员"
SUPERVISOR_GROUP = "政务公开办（监督）"
# django-axes's records of failed logins: reading them and deleting one (which unlocks).
SUPERVISOR_LOCKOUT_PERMISSIONS = (
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accesslog"),
)


def _staff_app_configs():
    return [c for c in apps.get_app_configs() if getattr(c, "staff_records", False)]


@transaction.atomic
def ensure_staff_groups() -> tuple[Group, Group]:
    """Create or refresh the two role groups; safe to call again (load_demo does).

    Needs the permissions table filled (it is after `migrate`).
    """
    configs = {c.label: c for c in _staff_app_configs()}
    perms = list(
        Permission.objects.filter(content_type__app_label__in=configs).select_related(
            "content_type"
        )
    )
    staff_perms = []
    for perm in perms:
        config = configs[perm.content_type.app_label]
        model = perm.content_type.model
        if model in getattr(config, "staff_hidden_models", ()):
            continue
        if perm.codename in getattr(config, "staff_denied_codenames", ()):
            continue
        if model in getattr(config, "staff_view_only_models", ()) and not perm.codename.startswith(
            "view_"
        ):
            continue
        staff_perms.append(perm)
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.set(staff_perms)
    supervisors, _ = Group.objects.get_or_create(name=SUPERVISOR_GROUP)
    lockout_q = Q()
    for app_label, codename in SUPERVISOR_LOCKOUT_PERMISSIONS:
        lockout_q |= Q(content_type__app_label=app_label, codename=codename)
    supervisors.permissions.set([*perms, *Permission.objects.filter(lockout_q)])
    return staff, supervisors
