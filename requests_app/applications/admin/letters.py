"""The letters on an application's admin page: drafts, issuing, and the issued letters.

Each recorded step that calls for a letter (`step_letters.letter_slots`) is offered
with a preview and, for staff who may change the application, "生成并登记告知书":
a confirmation page whose POST calls `services.letters.issue_letter`. Issued letters
are listed read-only with links to their stored print page and .docx.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from disclosure.services.personal_data import record_personal_data_access
from requests_app.applications.letters import LetterError
from requests_app.applications.models import IssuedLetter
from requests_app.applications.services.letters import LetterIssueError, issue_letter
from requests_app.applications.step_letters import build_slot_letter, find_slot, letter_slots


class IssuedLetterInline(admin.TabularInline):
    model = IssuedLetter
    verbose_name_plural = _("issued letters")
    fields = ("number", "kind", "dated", "issued_on", "issued_by", "links")
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("issued_by")

    @admin.display(description=_("letter"))
    def links(self, obj):
        # Private storage: streamed by views that check the staff member's scope.
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("applications:issued_letter", args=[obj.pk]),
            gettext("Print"),
            reverse("applications:issued_letter_docx", args=[obj.pk]),
            gettext("Word (.docx)"),
        )


class LetterAdminMixin:
    """For `ApplicationAdmin`: the letters' section of the change page and the issue view."""

    def letter_context(self, request, obj) -> list[dict]:
        can_change = self.has_change_permission(request, obj)
        rows = []
        for slot in letter_slots(obj):
            row = {
                "label": slot.label,
                "key": slot.key,
                "date": slot.event.occurred_on if slot.event else None,
                "issued": slot.issued,
                "preview_url": reverse("applications:step_letter", args=[obj.pk, slot.key]),
            }
            if slot.issued is not None:
                row["print_url"] = reverse("applications:issued_letter", args=[slot.issued.pk])
                row["docx_url"] = reverse("applications:issued_letter_docx", args=[slot.issued.pk])
            elif can_change:
                row["issue_url"] = reverse(
                    "admin:requests_app_application_issue_letter",
                    args=[quote(obj.pk), slot.key],
                    current_app=self.admin_site.name,
                )
            rows.append(row)
        return rows

    def get_urls(self):
        return [
            path(
                "<path:object_id>/letters/<str:key>/issue/",
                self.admin_site.admin_view(self.issue_letter_view),
                name="requests_app_application_issue_letter",
            ),
            *super().get_urls(),
        ]

    def issue_letter_view(self, request, object_id, key):
        obj = self.get_object(request, object_id)  # None outside the user's scope
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        slot = find_slot(obj, key)
        if slot is None:
            raise Http404(gettext("The application has no step that calls for this letter."))
        change_url = reverse(
            "admin:requests_app_application_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        if slot.issued is not None:
            self.message_user(
                request,
                gettext("This letter was already issued as %(number)s.")
                % {"number": slot.issued.number},
                messages.INFO,
            )
            return HttpResponseRedirect(change_url + "#issued_letters-group")
        error = ""
        if request.method == "POST":
            try:
                issued = issue_letter(application=obj, key=key, by=request.user)
            except (LetterError, LetterIssueError) as exc:
                error = exc.message
            else:
                self.message_user(
                    request,
                    gettext("%(title)s issued as %(number)s.")
                    % {"title": issued.title, "number": issued.number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url + "#issued_letters-group")
        letter = None
        if not error:
            try:
                letter = build_slot_letter(obj, slot)
            except LetterError as exc:
                error = exc.message
        if letter is not None:
            record_personal_data_access(
                user=request.user,
                obj=obj,
                what=gettext("Draft letter shown before issuing: %(title)s")
                % {"title": letter.title},
                path=request.get_full_path(),
            )
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{gettext('Generate and register the letter')} — {obj.tracking_number}",
            "subtitle": None,
            "original": obj,
            "slot": slot,
            "letter": letter,
            "error": error,
            "change_url": change_url,
            "preview_url": reverse("applications:step_letter", args=[obj.pk, key]),
        }
        return TemplateResponse(
            request, "admin/requests_app/application/issue_letter.html", context
        )
