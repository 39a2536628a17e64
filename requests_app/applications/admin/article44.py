"""On an application's admin page: 依申请公开转主动公开 (第四十四条) and the published
documents that match what it asks for (第三十六条第（一）项).

"转为主动公开" opens a form where staff confirm the entry's title, a body describing the
information (prefilled from the description and the reply, to be cleaned of anything
personal), the column and the reply attachments to publish; its POST calls
`services.article44.make_public`, which refuses the applicant's personal data.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from disclosure.models import Category, Genre
from requests_app.applications.matches import application_query, published_matches
from requests_app.applications.models import ApplicationDisclosure
from requests_app.applications.services import article44

INDENT = "\u3000"


def column_choices() -> list[tuple[str, str]]:
    """The catalogue's columns as an indented tree (one query)."""
    rows = list(Category.objects.order_by("sort_order", "name").values_list("pk", "name", "parent"))
    children: dict = {}
    for pk, name, parent in rows:
        children.setdefault(parent, []).append((pk, name))
    choices: list[tuple[str, str]] = [("", "---------")]
    known = {pk for pk, _name, _parent in rows}
    roots = [r for r in rows if r[2] is None or r[2] not in known]
    stack = [(pk, name, 0) for pk, name, _parent in reversed(roots)]
    seen = set()
    while stack:
        pk, name, depth = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        choices.append((str(pk), INDENT * depth + name))
        stack.extend((c, n, depth + 1) for c, n in reversed(children.get(pk, [])))
    return choices


class MakePublicForm(forms.Form):
    title = forms.CharField(
        label=_("Public title"),
        max_length=article44.TITLE_MAX,
        widget=forms.TextInput(attrs={"size": 80}),
    )
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=_(
            "Describe the information for everyone. Personal data must not be included: the "
            "applicant's name, identity number, phone, e-mail or address are refused."
        ),
    )
    category = forms.TypedChoiceField(label=_("Column"), coerce=int)
    genre = forms.ChoiceField(label=_("Genre"), choices=Genre.choices, initial=Genre.OTHER)
    attachments = forms.ModelMultipleChoiceField(
        label=_("Reply attachments to publish"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Publish only files without personal data; check each file before."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = column_choices()
        self.fields["attachments"].queryset = application.reply_attachments.all()
        self.fields["attachments"].label_from_instance = lambda a: str(a)


class Article44AdminMixin:
    """For `ApplicationAdmin`: the 第四十四条 section, the view that publishes, and the
    panel of published matches."""

    def article44_context(self, request, obj) -> dict:
        link = (
            ApplicationDisclosure.objects.select_related("disclosure")
            .filter(application=obj)
            .first()
        )
        refusal = article44.refusal(obj) if link is None else None
        context = {"link": link, "refusal": refusal, "url": None}
        if link is None and refusal is None and self.has_change_permission(request, obj):
            context["url"] = reverse(
                "admin:requests_app_application_make_public",
                args=[quote(obj.pk)],
                current_app=self.admin_site.name,
            )
        if link is not None:
            context["admin_url"] = reverse(
                "admin:disclosure_disclosure_change",
                args=[link.disclosure_id],
                current_app=self.admin_site.name,
            )
        return context

    def published_matches_context(self, obj) -> list:
        return published_matches(application_query(obj), limit=5)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/make-public/",
                self.admin_site.admin_view(self.make_public_view),
                name="requests_app_application_make_public",
            ),
            *super().get_urls(),
        ]

    def make_public_view(self, request, object_id):
        obj = self.get_object(request, object_id)  # 403 outside the user's scope
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        change_url = reverse(
            "admin:requests_app_application_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        refusal = article44.refusal(obj)
        if request.method == "POST":
            form = MakePublicForm(request.POST, application=obj)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    link = article44.make_public(
                        application=obj,
                        by=request.user,
                        title=data["title"],
                        body=data["body"],
                        category=Category.objects.filter(pk=data["category"]).first(),
                        attachments=data["attachments"],
                        genre=data["genre"],
                    )
                except article44.MadePublicError as exc:
                    form.add_error(None, exc.message)
                else:
                    disclosure = link.disclosure
                    self.message_user(
                        request,
                        format_html(
                            '{} <a href="{}">{}</a>',
                            gettext("Published for everyone as %(number)s.")
                            % {"number": disclosure.index_number},
                            disclosure.get_absolute_url(),
                            disclosure.title,
                        ),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(change_url + "#made-public")
        else:
            form = MakePublicForm(
                application=obj,
                initial={
                    "title": article44.suggested_title(obj),
                    "body": article44.suggested_body(obj),
                },
            )
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{gettext('Make public for everyone (Article 44)')} — {obj.tracking_number}",
            "subtitle": None,
            "original": obj,
            "form": form,
            "refusal": refusal,
            "change_url": change_url,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/requests_app/application/make_public.html", context)
