# Each aggregate has its own module; importing them registers their models.
from . import applications, petitions, proposals, reviews, tracking  # noqa: F401
