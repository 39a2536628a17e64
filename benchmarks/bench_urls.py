"""The site's URLs plus `/bench/bare/`: the ceiling of the benchmark (bench settings only).

The bare view goes through the same middleware, settings and database connection as every
page and does the least a dynamic page can: one primary-key query and a short response.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from config.urls import handler404, handler500
from config.urls import urlpatterns as site_urlpatterns
from disclosure.models import Organization


@require_GET
def bare(request):
    organization = Organization.objects.only("name").get(pk=1)
    return HttpResponse(organization.name, content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *site_urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
