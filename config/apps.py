from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin whose `admin.site` asks staff for the second factor (TOTP)."""

    default_site = "disclosure.admin_site.StaffAdminSite"
