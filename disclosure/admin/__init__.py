from . import catalogue, organizations, users, workcalendar  # noqa: F401
