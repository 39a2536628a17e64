# Each domain keeps its models in its own package; importing them here registers them
# with Django under the one `requests_app` label (see docs/architecture.md).
from requests_app import tracking  # noqa: F401
from requests_app.applications import models as applications  # noqa: F401
from requests_app.petitions import models as petitions  # noqa: F401
from requests_app.proposals import models as proposals  # noqa: F401
