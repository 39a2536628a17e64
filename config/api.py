"""The read-only public API under /api/: each app's endpoints, the OpenAPI document and its page.

Each app provides its own endpoints (`disclosure/api.py`, `reports/api.py`,
`requests_app/proposals/api.py`); this module only assembles them (config may import every
app, no app imports config). `/api/` is the documentation page (Swagger UI from our own
static files, no inline script or style), `/api/schema/` the OpenAPI 3 document in JSON.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from disclosure import api as disclosure_api
from reports import api as reports_api
from requests_app.proposals import api as proposals_api

router = SimpleRouter()
for prefix, viewset, basename in (*disclosure_api.ROUTES, *proposals_api.ROUTES):
    router.register(prefix, viewset, basename=basename)


def docs(request):
    """The API's page: what it offers, its limits, and the interactive reference."""
    return render(
        request,
        "api/docs.html",
        {"api_rate": settings.API_RATE, "cache_seconds": settings.API_CACHE_SECONDS},
    )


api_patterns = [
    path("", docs, name="docs"),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    *reports_api.urlpatterns,
    *router.urls,
]

urlpatterns = [path("api/", include((api_patterns, "api")))]
