"""Published annual reports in the read-only public API (mounted by config/api.py).

Only frozen revisions are read, as on the public pages: a report's answer is the .json
download of its revision (`reports.outputs.json.revision_data`), with every figure also
given by its stable key (`figure_values`, the keys of the national format, e.g.
`applications.received`). A draft report, or one never published, answers 404.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import LimitedPageNumberPagination, PublicCacheMixin
from disclosure.api import OrganizationRefSerializer
from reports.models import Report, ReportFormat, ReportRevision, ReportStatus
from reports.outputs.json import revision_data


def _absolute(request, address: str) -> str:
    return request.build_absolute_uri(address) if request is not None else address


class ReportListSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    organization = OrganizationRefSerializer()
    format_name = serializers.CharField(source="get_format_display")
    title = serializers.CharField(source="latest_title")
    revision = serializers.IntegerField(source="latest_number")
    published_on = serializers.DateField(source="latest_published_on")
    first_published_on = serializers.DateField()

    class Meta:
        model = Report
        fields = [
            "url",
            "html_url",
            "organization",
            "year",
            "format",
            "format_name",
            "title",
            "revision",
            "published_on",
            "first_published_on",
        ]

    def get_url(self, obj) -> str:
        address = reverse("api:report-detail", args=obj.url_args())
        return _absolute(self.context.get("request"), address)

    def get_html_url(self, obj) -> str:
        return _absolute(self.context.get("request"), obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.OBJECT)
class ReportDocumentField(serializers.JSONField):
    pass


class ReportDetailSerializer(serializers.Serializer):
    """The schema of a report's answer (the document itself is the .json download's)."""

    organization = OrganizationRefSerializer()
    year = serializers.IntegerField()
    format = serializers.CharField()
    title = serializers.CharField()
    revision = ReportDocumentField(help_text=_("Number, date and note of this revision."))
    revisions = ReportDocumentField(help_text=_("Every published revision of the report."))
    figure_values = ReportDocumentField(
        help_text=_("Every figure's value by its stable key, e.g. applications.received.")
    )
    figures = ReportDocumentField(help_text=_("Each figure with its label, unit and source."))
    sections = ReportDocumentField()
    html_url = serializers.URLField()


@extend_schema(
    summary=_("Published annual reports"),
    tags=[_("Annual reports")],
    parameters=[
        OpenApiParameter("org", OpenApiTypes.STR, description=_("Organization code")),
        OpenApiParameter("year", OpenApiTypes.INT, description=_("Year")),
        OpenApiParameter("format", OpenApiTypes.STR, enum=ReportFormat.values),
    ],
)
class ReportListView(PublicCacheMixin, generics.ListAPIView):
    serializer_class = ReportListSerializer
    pagination_class = LimitedPageNumberPagination

    def get_queryset(self):
        queryset = (
            Report.objects.published()
            .with_latest_revision()
            .filter(latest_number__isnull=False)
            .select_related("organization")
            .order_by("organization__sort_order", "organization__code", "-year", "format", "id")
        )
        params = self.request.query_params
        if params.get("org"):
            queryset = queryset.filter(organization__code=params["org"])
        if params.get("year"):
            try:
                queryset = queryset.filter(year=int(params["year"]))
            except ValueError:
                raise ValidationError({"year": [_("Enter a whole number.")]}) from None
        if params.get("format"):
            queryset = queryset.filter(format=params["format"])
        return queryset


@extend_schema(
    summary=_("One annual report (one revision) with all its figures"),
    tags=[_("Annual reports")],
    parameters=[
        OpenApiParameter(
            "revision", OpenApiTypes.INT, description=_("Revision number; the latest when omitted")
        ),
    ],
    responses=ReportDetailSerializer,
)
class ReportDetailView(PublicCacheMixin, APIView):
    def get(self, request, code: str, year: int, report_format: str):
        revisions = list(
            ReportRevision.objects.filter(
                report__organization__code=code,
                report__year=year,
                report__format=report_format,
                report__status=ReportStatus.PUBLISHED,
            )
            .defer("snapshot", "html", "text")
            .select_related("report__organization")
            .order_by("-number")
        )
        if not revisions:
            raise NotFound(_("No published report at this address."))
        wanted = request.query_params.get("revision")
        current = revisions[0]
        if wanted:
            current = next((r for r in revisions if str(r.number) == wanted), None)
            if current is None:
                raise NotFound(_("This report has no such revision."))
        current.snapshot = ReportRevision.objects.values_list("snapshot", flat=True).get(
            pk=current.pk
        )
        data = revision_data(current)
        data["figure_values"] = {f["key"]: f["value"] for f in data.get("figures", [])}
        data["revisions"] = [
            {
                "number": r.number,
                "published_on": r.published_on.isoformat(),
                "note": r.note,
                "url": _absolute(request, reverse("api:report-detail", args=r.url_args()[:3]))
                + f"?revision={r.number}",
                "html_url": _absolute(request, r.get_absolute_url()),
            }
            for r in revisions
        ]
        data["html_url"] = _absolute(request, current.get_absolute_url())
        return Response(data)


REPORT = "reports/<slug:code>/<int:year>/<slug:report_format>/"

urlpatterns = [
    path("reports/", ReportListView.as_view(), name="report-list"),
    path(REPORT, ReportDetailView.as_view(), name="report-detail"),
]
