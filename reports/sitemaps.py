"""sitemap.xml entries of published annual reports: the list page and each report's page.

Every published report is also a disclosure in the catalogue, so it is in the
catalogue's sitemap already; these entries add the report pages themselves.
`disclosure` cannot import `reports` (the dependency runs the other way), so
`config/urls.py` merges `SITEMAPS` below with the catalogue's.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from reports.models import Report


class ReportListSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return ["reports:list"]

    def location(self, item):
        return reverse(item)


class PublishedReportSitemap(Sitemap):
    """The current revision of each published report (earlier revisions link from it)."""

    changefreq = "yearly"
    priority = 0.6

    def items(self):
        return (
            Report.objects.published()
            .with_latest_revision()
            .filter(latest_number__isnull=False)
            .select_related("organization")
            .only("id", "year", "format", "organization__code")
            .order_by("-year", "organization__code", "format")
        )

    def lastmod(self, item):
        return item.latest_published_at


SITEMAPS = {"report-pages": ReportListSitemap, "reports": PublishedReportSitemap}
