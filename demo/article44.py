"""The demo's 依申请公开转主动公开 (条例第四十四条): one answered application of the district
government office whose released information (a list of the year's livelihood projects,
asked for by several people) is made public for everyone, through the same service staff
use, so that `/disclosures/on-request/`, the catalogue, its search and the API show one.

Idempotent: nothing is added once the demo holds such an entry.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import Category, Organization
from requests_app.applications.models import (
    Application,
    ApplicationDisclosure,
    ApplicationStatus,
    Outcome,
)
from requests_app.applications.services import article44

ORGANIZATION = "zlj-office"
COLUMN = "open-government"
# The name of the information asked for (demo/data/application_plans.json, topic 2).
SUBJECT = "区级民生实事项目清单及完成情况"
BODY = (
    "{title}。\n\n"
    "本信息系公民依申请获取的政府信息。因涉及公众利益、需要公众广泛知晓，"
    "经审核，依据《中华人民共和国政府信息公开条例》第四十四条转为主动公开。"
)


def load(stdout, *, today=None) -> None:
    if ApplicationDisclosure.objects.exists():
        return
    organization = Organization.objects.filter(code=ORGANIZATION).first()
    column = Category.objects.filter(slug=COLUMN).first()
    if organization is None or column is None:
        return
    candidates = Application.objects.filter(
        organization=organization,
        status=ApplicationStatus.CLOSED,
        outcome=Outcome.GRANTED,
        information_title__contains=SUBJECT,
    ).order_by("-closed_on", "-id")
    today = today or timezone.localdate()
    for application in candidates[:10]:
        if article44.refusal(application) or application.closed_on > today:
            continue
        title = application.information_title
        try:
            link = article44.make_public(
                application=application,
                by=None,
                title=title,
                body=BODY.format(title=title),
                category=column,
                on=max(application.closed_on, today),
            )
        except article44.MadePublicError:
            continue
        stdout.write(
            _("Information made public after an application (Article 44): %(number)s.")
            % {"number": link.disclosure.index_number}
            + "\n"
        )
        return
