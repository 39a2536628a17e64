"""The catalogue's read-only public API: disclosures and organizations (mounted by config/api.py).

The list takes the catalogue page's own filters and search (`DisclosureFilter`: org,
category, genre, year, validity, q) through django-filter, so the API and
/disclosures/ answer the same items for the same parameters; bad values answer 400 with
the form's messages. Pages are the page's too (`disclosure.pagination.catalogue_page`:
the count from the cache, cursors beyond the first pages), at most MAX_PAGE_SIZE items.
Only published disclosures are read; a draft's or a withdrawn one's address answers 404.
Answers carry an ETag of the catalogue version (`catalogue_changed()` makes it stale).

Fields are English snake_case; values are the catalogue's own (Chinese titles, names).
Coded values (genre, validity, topic) come with their Chinese name beside them.
"""

from __future__ import annotations

from collections import OrderedDict

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from core.api import MAX_PAGE_SIZE, LimitedPageNumberPagination, PublicCacheMixin
from disclosure.filters import DisclosureFilter
from disclosure.models import Attachment, Disclosure, Organization
from disclosure.pagination import catalogue_page
from disclosure.search.page import search_results
from disclosure.search.query import attach_snippets
from disclosure.services.catalogue_cache import catalogue_version, list_count

DEFAULT_PAGE_SIZE = 20


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def attachment_url(attachment: Attachment) -> str:
    """The public address of an attachment (streamed while its disclosure is published)."""
    return reverse("disclosure:attachment", args=[attachment.file.name])


# Serializers ------------------------------------------------------------------------------


class OrganizationRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Organization code, the `org` filter's value."))
    name = serializers.CharField()


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Column id, the `category` filter's value."))
    name = serializers.CharField()


class DisclosureListSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("This item in the API."))
    html_url = serializers.SerializerMethodField(help_text=_("This item's public page."))
    organization = OrganizationRefSerializer()
    category = CategoryRefSerializer()
    genre_name = serializers.CharField(source="get_genre_display")
    validity_name = serializers.CharField(source="get_validity_display")
    origin_name = serializers.CharField(
        source="get_origin_display",
        help_text=_("Proactive, or made public after an application (Article 44)."),
    )
    snippet_html = serializers.SerializerMethodField(
        help_text=_(
            "With a keyword (q): an excerpt around the words found, the words in <mark>, "
            "everything else escaped (HTML); otherwise null."
        )
    )

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "url",
            "html_url",
            "index_number",
            "title",
            "document_number",
            "organization",
            "category",
            "genre",
            "genre_name",
            "written_on",
            "published_on",
            "validity",
            "validity_name",
            "origin",
            "origin_name",
            "snippet_html",
        ]

    def get_snippet_html(self, obj) -> str | None:
        snippet = getattr(obj, "snippet", None)
        return str(snippet) if snippet is not None else None

    def get_url(self, obj) -> str:
        return absolute(
            self.context.get("request"), reverse("api:disclosure-detail", args=[obj.pk])
        )

    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


class AttachmentSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="display_title")
    file_name = serializers.CharField(source="download_name")
    extension = serializers.CharField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["title", "file_name", "extension", "size", "url"]

    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), attachment_url(obj))


class DisclosureDetailSerializer(DisclosureListSerializer):
    topic_name = serializers.CharField(source="get_topic_display")
    body_html = serializers.CharField(
        source="body", help_text=_("The body as shown on the page (sanitised HTML).")
    )
    channels = serializers.SerializerMethodField()
    interprets = serializers.SerializerMethodField(
        help_text=_("For a policy interpretation: the id of the document it interprets.")
    )
    attachments = AttachmentSerializer(many=True)

    class Meta(DisclosureListSerializer.Meta):
        fields = [
            *DisclosureListSerializer.Meta.fields,
            "topic",
            "topic_name",
            "changed_on",
            "repealed_on",
            "summary",
            "body_html",
            "channels",
            "interprets",
            "attachments",
        ]

    def get_channels(self, obj) -> list[str]:
        return [channel.name for channel in obj.channels.all()]

    def get_interprets(self, obj) -> int | None:
        target = obj.interprets
        return target.pk if target is not None and target.is_public else None


class OrganizationSerializer(serializers.ModelSerializer):
    """An organization and the contact details its public guide gives (第二十条)."""

    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_name = serializers.CharField(source="get_kind_display")
    guide_url = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "code",
            "name",
            "short_name",
            "credit_code",
            "parent",
            "kind",
            "kind_name",
            "office_name",
            "address",
            "postcode",
            "phone",
            "fax",
            "office_hours",
            "email",
            "website",
            "guide_url",
        ]

    def get_guide_url(self, obj) -> str:
        return absolute(self.context.get("request"), reverse("disclosure:guide", args=[obj.code]))


# Filtering and pages ----------------------------------------------------------------------


class CatalogueFilterBackend(DjangoFilterBackend):
    """django-filter with the page's `DisclosureFilter`, kept on the view for the count."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        view.filterset = filterset
        return filterset.qs


class CataloguePagination(BasePagination):
    """The catalogue page's pagination (`?page=N`, then `after`/`before` cursors) as JSON."""

    page_size_query_param = "page_size"

    def page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        try:
            size = int(raw) if raw else DEFAULT_PAGE_SIZE
        except ValueError:
            size = DEFAULT_PAGE_SIZE
        return max(1, min(size, MAX_PAGE_SIZE))

    def paginate_queryset(self, queryset, request, view=None):
        filterset = getattr(view, "filterset", None)
        self.request = request
        self.search = None
        if filterset is not None and filterset.keyword:
            # A search: the page's bounded window of matches (disclosure.search.page), in
            # pages by number.
            self.search = search_results(filterset, queryset, view.get_queryset())
            queryset, count = self.search.queryset, len(self.search.window.ids)
        else:
            filters = filterset.active_filters() if filterset is not None else {}
            count = list_count(queryset, filters)
        self.page = catalogue_page(
            queryset,
            request.query_params,
            per_page=self.page_size(request),
            count=count,
            cursors=self.search is None,
        )
        return list(self.page.object_list)

    def _link(self, query: str) -> str | None:
        return self.request.build_absolute_uri(self.request.path + query) if query else None

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("count", self.page.paginator.count),
                    *self._search_fields(),
                    ("page", self.page.number),
                    ("next", self._link(self.page.next_url)),
                    ("previous", self._link(self.page.previous_url)),
                    ("results", data),
                ]
            )
        )

    def _search_fields(self) -> list[tuple]:
        """With `q`: how many documents match (`count` is how many can be paged through:
        the SEARCH_RESULT_WINDOW newest matches at most)."""
        if self.search is None:
            return []
        found = self.search.window
        return [("total", found.total), ("total_is_lower_bound", found.more)]

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "page", "results"],
            "properties": {
                "count": {"type": "integer", "example": 1234},
                "total": {
                    "type": "integer",
                    "description": "With q: the number of matching documents (count is "
                    "the number that can be paged through).",
                },
                "total_is_lower_bound": {
                    "type": "boolean",
                    "description": "With q: more documents match than total.",
                },
                "page": {"type": "integer", "example": 1},
                "next": link,
                "previous": link,
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        def param(name, description, kind="string"):
            return {
                "name": name,
                "required": False,
                "in": "query",
                "description": str(description),
                "schema": {"type": kind},
            }

        return [
            param("page", _("Page number."), "integer"),
            param("page_size", _("Items per page (at most 100)."), "integer"),
            param("after", _("Cursor of the next page, as given in `next`.")),
            param("before", _("Cursor of the previous page, as given in `previous`.")),
        ]


# Views ------------------------------------------------------------------------------------


class CatalogueVersionMixin(PublicCacheMixin):
    def etag_version(self):
        return catalogue_version()


@extend_schema_view(
    list=extend_schema(
        summary=_("The catalogue of proactive disclosure"),
        description=_(
            "Published information, newest first, filtered and searched as on the catalogue "
            "page (/disclosures/): org (organization code), category (column), genre, year "
            "(of publication), validity, q (keywords; sort=date for newest first)."
        ),
        tags=[_("Catalogue")],
    ),
    retrieve=extend_schema(
        summary=_("One disclosure with the addresses of its attachments"), tags=[_("Catalogue")]
    ),
)
class DisclosureViewSet(CatalogueVersionMixin, viewsets.ReadOnlyModelViewSet):
    filter_backends = [CatalogueFilterBackend]
    filterset_class = DisclosureFilter
    pagination_class = CataloguePagination
    filterset = None

    def get_queryset(self):
        queryset = Disclosure.objects.published().select_related("organization", "category")
        if self.action == "retrieve":
            queryset = queryset.select_related("interprets").prefetch_related(
                "attachments", "channels"
            )
        return queryset

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        keyword = getattr(self.filterset, "keyword", "") if self.filterset is not None else ""
        if keyword:
            # The page's highlighted excerpts, their text read in one query.
            attach_snippets(page, keyword)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return DisclosureDetailSerializer
        return DisclosureListSerializer

    def get_object(self):
        # The detail is never filtered: a stray ?q= on its address changes nothing.
        queryset = self.get_queryset()
        try:
            return queryset.get(pk=int(self.kwargs["pk"]))
        except (Disclosure.DoesNotExist, ValueError):
            raise NotFound(_("No published disclosure has this id.")) from None


@extend_schema_view(
    list=extend_schema(
        summary=_("Organizations"),
        description=_("Active organizations with the contact details of their public guide."),
        tags=[_("Organizations")],
    ),
    retrieve=extend_schema(
        summary=_("One organization"),
        tags=[_("Organizations")],
        parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH)],
    ),
)
class OrganizationViewSet(CatalogueVersionMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganizationSerializer
    pagination_class = LimitedPageNumberPagination
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return (
            Organization.objects.active()
            .select_related("parent")
            .order_by("sort_order", "code", "id")
        )


ROUTES = [
    ("disclosures", DisclosureViewSet, "disclosure"),
    ("organizations", OrganizationViewSet, "organization"),
]
