# One module per aggregate; importing them registers their ModelAdmins.
from . import applications, petitions, proposals, reviews  # noqa: F401
