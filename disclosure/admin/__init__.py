from disclosure.admin import catalogue, imports, organizations, users, workcalendar  # noqa: F401
