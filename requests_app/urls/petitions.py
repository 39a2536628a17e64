"""The leader's mailbox and the public results of proposals, mounted at the site root."""

from django.urls import path

from ..views import petitions, proposals

app_name = "petitions"

urlpatterns = [
    path("mailbox/", petitions.mailbox, name="mailbox"),
    path("mailbox/filed/", petitions.mailbox_filed, name="mailbox_filed"),
    path("mailbox/status/", petitions.mailbox_status, name="mailbox_status"),
    path("mailbox/letters/", petitions.letter_list, name="letter_list"),
    path("mailbox/letters/<int:pk>/", petitions.letter_detail, name="letter_detail"),
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
]
