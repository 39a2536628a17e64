"""Published replies to deputies' suggestions and CPPCC proposals in the read-only public API.

The same items and fields as the public pages (/proposals/): replies the office chose to
publish (`Proposal.objects.published()`), with their title, proposers as the page names
them (the deputy's or member's name and delegation or sector), organizations, dates,
result and reply. The text of the proposal itself, staff notes and events are not public
and not here; any other proposal answers 404.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from core.api import LimitedPageNumberPagination, PublicCacheMixin
from disclosure.api import OrganizationRefSerializer
from requests_app.proposals.models import Proposal, ProposalKind


class ProposerSerializer(serializers.Serializer):
    name = serializers.CharField()
    affiliation = serializers.CharField(help_text=_("Delegation or sector."))


class ProposalSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    kind_name = serializers.CharField(source="get_kind_display")
    proposers = ProposerSerializer(many=True)
    lead_organization = OrganizationRefSerializer()
    co_organizations = OrganizationRefSerializer(many=True)
    result = serializers.CharField(source="category")
    result_name = serializers.CharField(source="get_category_display")
    satisfaction_name = serializers.CharField(source="get_satisfaction_display")
    reply = serializers.CharField(source="reply_text")

    class Meta:
        model = Proposal
        fields = [
            "id",
            "url",
            "html_url",
            "year",
            "kind",
            "kind_name",
            "session",
            "number",
            "title",
            "proposers",
            "lead_organization",
            "co_organizations",
            "assigned_on",
            "answered_on",
            "result",
            "result_name",
            "satisfaction",
            "satisfaction_name",
            "reply",
        ]

    def _absolute(self, address: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(address) if request is not None else address

    def get_url(self, obj) -> str:
        return self._absolute(reverse("api:proposal-detail", args=[obj.pk]))

    def get_html_url(self, obj) -> str:
        return self._absolute(obj.get_absolute_url())


@extend_schema_view(
    list=extend_schema(
        summary=_("Published replies to suggestions and proposals"),
        tags=[_("Proposals and suggestions")],
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description=_("Year")),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=ProposalKind.values),
        ],
    ),
    retrieve=extend_schema(
        summary=_("The reply to one suggestion or proposal"),
        tags=[_("Proposals and suggestions")],
    ),
)
class ProposalViewSet(PublicCacheMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ProposalSerializer
    pagination_class = LimitedPageNumberPagination

    def get_queryset(self):
        queryset = (
            Proposal.objects.published()
            .select_related("lead_organization")
            .prefetch_related("proposers", "co_organizations")
            .order_by("-year", "kind", "number", "id")
        )
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if params.get("year"):
            try:
                queryset = queryset.filter(year=int(params["year"]))
            except ValueError:
                raise ValidationError({"year": [_("Enter a whole number.")]}) from None
        if params.get("kind"):
            queryset = queryset.filter(kind=params["kind"])
        return queryset


ROUTES = [("proposals", ProposalViewSet, "proposal")]
