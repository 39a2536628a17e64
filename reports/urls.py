"""The public pages under /reports/: published reports (namespace `reports`) and each
organization's trend page (namespace `trends`)."""

from django.urls import include, path

from reports.views import published, trends

REPORT = "<slug:code>/<int:year>/<slug:report_format>/"

report_patterns = [
    path("", published.report_list, name="list"),
    path(REPORT, published.report_detail, name="report"),
    path(REPORT + "r<int:number>/", published.revision_detail, name="revision"),
    path(REPORT + "r<int:number>.<slug:extension>", published.download, name="download"),
]

trend_patterns = [
    path("<slug:code>/trends/", trends.organization_trends, name="organization"),
]

urlpatterns = [
    path("", include((report_patterns, "reports"))),
    path("", include((trend_patterns, "trends"))),
]
