from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from disclosure.sitemaps import SITEMAPS
from reports.sitemaps import SITEMAPS as REPORT_SITEMAPS

admin.site.site_header = _("Government information disclosure")
admin.site.site_title = _("Government information disclosure")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap, {"sitemaps": {**SITEMAPS, **REPORT_SITEMAPS}}, name="sitemap"),
    path("apply/", include("requests_app.applications.urls")),
    path("reports/", include("reports.urls")),
    # The read-only public API (/api/, its OpenAPI document at /api/schema/).
    path("", include("config.api")),
    path("", include("requests_app.petitions.urls")),
    path("", include("requests_app.proposals.urls")),
    path("", include("disclosure.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "disclosure.views.page_not_found"
handler500 = "disclosure.views.server_error"
