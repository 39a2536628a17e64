"""sitemap.xml: every public page that answers 200 (no redirects, nothing unpublished)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from disclosure.models import Disclosure, Organization
from disclosure.pagination import CountedPaginator
from disclosure.services import catalogue_cache


class StaticPageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["disclosure:home", "disclosure:list"]

    def location(self, item):
        return reverse(item)


class OrganizationPageSitemap(Sitemap):
    """Each active organization's 公开指南 and 公开目录."""

    changefreq = "weekly"
    priority = 0.6
    pages = ("disclosure:guide", "disclosure:catalogue")

    def items(self):
        codes = Organization.objects.active().order_by("sort_order", "code")
        return [
            (code, page) for code in codes.values_list("code", flat=True) for page in self.pages
        ]

    def location(self, item):
        code, page = item
        return reverse(page, args=[code])


class DisclosureSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Disclosure.objects.published().only("id", "updated_at").order_by("-id")

    @property
    def paginator(self):
        # The number of published disclosures from the cache, not a COUNT per request;
        # deep pages skip ids on the index (disclosure.pagination).
        items = self.items()
        count = catalogue_cache.cached("sitemap-count", lambda: items.order_by().count())
        return CountedPaginator(items, self.limit, count=count)

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticPageSitemap,
    "organizations": OrganizationPageSitemap,
    "disclosures": DisclosureSitemap,
}
