# Each domain keeps its ModelAdmins in its own package; importing them registers them.
from requests_app.applications import admin as applications  # noqa: F401
from requests_app.petitions import admin as petitions  # noqa: F401
from requests_app.proposals import admin as proposals  # noqa: F401
