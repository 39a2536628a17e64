from requests_app.applications.admin import applications, reviews  # noqa: F401
