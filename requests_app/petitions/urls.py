"""The leader's mailbox, mounted at the site root."""

from django.urls import path

from requests_app.petitions import views

app_name = "petitions"

urlpatterns = [
    path("mailbox/", views.mailbox, name="mailbox"),
    path("mailbox/filed/", views.mailbox_filed, name="mailbox_filed"),
    path("mailbox/status/", views.mailbox_status, name="mailbox_status"),
    path("mailbox/letters/", views.letter_list, name="letter_list"),
    path("mailbox/letters/<int:pk>/", views.letter_detail, name="letter_detail"),
]
