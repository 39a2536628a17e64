"""RSS feeds of newly published disclosures (the whole site, and per organization)."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from disclosure.models import Disclosure, Organization

FEED_SIZE = 50
DESCRIPTION_WORDS = 120


class LatestDisclosuresFeed(Feed):
    link = reverse_lazy("disclosure:list")
    description = _("The newest proactively disclosed government information.")
    # The items are Chinese government documents whatever the interface language.
    language = "zh-cn"

    def title(self, obj=None):
        return f"{settings.SITE_NAME} · {_('Latest disclosures')}"

    def disclosures(self):
        return Disclosure.objects.published().select_related("organization", "category")

    def items(self, obj=None):
        return self.disclosures()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        text = item.summary or strip_tags(item.body)
        return Truncator(" ".join(text.split())).chars(DESCRIPTION_WORDS)

    def item_pubdate(self, item):
        if item.published_at:
            return item.published_at
        return timezone.make_aware(datetime.combine(item.published_on, time.min))

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organization.name

    def item_categories(self, item):
        return [item.category.name]


class OrganizationDisclosureFeed(LatestDisclosuresFeed):
    def get_object(self, request, code):
        return get_object_or_404(Organization.objects.active(), code=code)

    def title(self, obj=None):
        return f"{obj.name} · {_('Latest disclosures')}"

    def link(self, obj):
        return reverse("disclosure:list") + f"?org={obj.code}"

    def items(self, obj=None):
        return self.disclosures().filter(organization=obj)[:FEED_SIZE]
