from disclosure.admin import (  # noqa: F401
    calendar_warning,
    catalogue,
    imports,
    organizations,
    users,
    workcalendar,
)
