from django.urls import path

from requests_app.applications.views import apply, letters, staff_files, suggest

app_name = "applications"

urlpatterns = [
    path("", apply.apply, name="apply"),
    path("done/", apply.done, name="done"),
    path("suggest/", suggest.suggest, name="suggest"),
    path("presearch/", suggest.presearch, name="presearch"),
    path("status/", apply.status, name="status"),
    path("status/leave/", apply.status_leave, name="status_leave"),
    path("status/recover/", apply.recover, name="status_recover"),
    path("status/recover/sent/", apply.recover_sent, name="status_recover_sent"),
    path(
        "status/attachments/<int:pk>/",
        apply.status_attachment,
        name="status_attachment",
    ),
    path("letters/<int:pk>/", letters.letter_print, name="letter"),
    path("letters/<int:pk>/docx/", letters.letter_docx, name="letter_docx"),
    path("letters/<int:pk>/steps/<str:key>/", letters.step_letter_print, name="step_letter"),
    path(
        "letters/<int:pk>/steps/<str:key>/docx/",
        letters.step_letter_docx,
        name="step_letter_docx",
    ),
    path("letters/issued/<int:pk>/", letters.issued_letter_print, name="issued_letter"),
    path("letters/issued/<int:pk>/docx/", letters.issued_letter_docx, name="issued_letter_docx"),
    path("files/<int:pk>/identity/", staff_files.identity_proof, name="identity_proof"),
    path("files/replies/<int:pk>/", staff_files.reply_attachment, name="reply_attachment"),
]
