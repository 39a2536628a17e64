from django.urls import path

from requests_app.applications.views import apply, letters, staff_files

app_name = "applications"

urlpatterns = [
    path("", apply.apply, name="apply"),
    path("done/", apply.done, name="done"),
    path("status/", apply.status, name="status"),
    path("status/leave/", apply.status_leave, name="status_leave"),
    path(
        "status/attachments/<int:pk>/",
        apply.status_attachment,
        name="status_attachment",
    ),
    path("letters/<int:pk>/", letters.letter_print, name="letter"),
    path("letters/<int:pk>/docx/", letters.letter_docx, name="letter_docx"),
    path("files/<int:pk>/identity/", staff_files.identity_proof, name="identity_proof"),
    path("files/replies/<int:pk>/", staff_files.reply_attachment, name="reply_attachment"),
]
