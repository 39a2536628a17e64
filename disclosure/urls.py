from django.urls import path

from disclosure import feeds, on_request, views

app_name = "disclosure"

urlpatterns = [
    path("", views.home, name="home"),
    path("disclosures/", views.disclosure_list, name="list"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="detail"),
    path("disclosures/on-request/", on_request.on_request_list, name="on_request"),
    path("files/<path:name>", views.attachment_file, name="attachment"),
    path("guide/", views.guide_index, name="guide_index"),
    path("org/<slug:code>/guide/", views.organization_guide, name="guide"),
    path("org/<slug:code>/catalogue/", views.organization_catalogue, name="catalogue"),
    path("org/<slug:code>/feed/", feeds.OrganizationDisclosureFeed(), name="organization_feed"),
    path("feed/", feeds.LatestDisclosuresFeed(), name="feed"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/files/<path:name>", views.open_data_file, name="open_data_file"),
]
