from django.urls import path

from disclosure import feeds, views

app_name = "disclosure"

urlpatterns = [
    path("", views.home, name="home"),
    path("disclosures/", views.disclosure_list, name="list"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="detail"),
    path("files/<path:name>", views.attachment_file, name="attachment"),
    path("guide/", views.guide_index, name="guide_index"),
    path("org/<slug:code>/guide/", views.organization_guide, name="guide"),
    path("org/<slug:code>/catalogue/", views.organization_catalogue, name="catalogue"),
    path("org/<slug:code>/feed/", feeds.OrganizationDisclosureFeed(), name="organization_feed"),
    path("feed/", feeds.LatestDisclosuresFeed(), name="feed"),
]
