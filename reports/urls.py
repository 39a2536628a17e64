from django.urls import path

from reports import views

app_name = "reports"

REPORT = "<slug:code>/<int:year>/<slug:report_format>/"

urlpatterns = [
    path("", views.report_list, name="list"),
    path(REPORT, views.report_detail, name="report"),
    path(REPORT + "r<int:number>/", views.revision_detail, name="revision"),
    path(REPORT + "r<int:number>.<slug:extension>", views.download, name="download"),
]
