"""The public results of proposals, mounted at the site root."""

from django.urls import path

from requests_app.proposals import views

app_name = "proposals"

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
]
