from disclosure.admin import (  # noqa: F401
    access_log,
    calendar_warning,
    catalogue,
    imports,
    jobs,
    organizations,
    users,
    workcalendar,
)
