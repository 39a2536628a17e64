"""Demo data of disclosure applications and cases, for `load_demo`.

- The seed's 2016 application: "2016年区本级共受理政府信息公开申请1件，其中现场申请1件，
  回复率100%" — one application to 自流井区人民政府, handed in on site, answered.
- The seed's three 2016 lawsuits: "行政诉讼案件共3起，其中行政诉讼案办结2起，正在办理1起".
- A handful of open 2026 online applications in every state of the workflow, at
  the two departments that have demo staff accounts, so that staff can try each
  step. Their dates are counted back from today (at the latest 30 November 2026,
  so that due dates stay inside the calendar, which covers 2026 at most).

The records are in `demo/data/applications.json` and `demo/data/lawsuits_2016.csv`
(values of choices by their keys: `granted`, `third_party`, `by_pages` …).

Idempotent: every record carries a fixed marker (`client_token` "demo-…", or its
case number) and is created only if missing. All applications are made through
the workflow services, so their event logs and due dates are real.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from demo import datafiles
from disclosure.models import Organization
from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import WorkCalendar
from requests_app.applications.models import (
    Application,
    ApplicationEvent,
    EventKind,
    ReviewCase,
    ReviewKind,
    SubmissionChannel,
    hash_query_code,
)
from requests_app.applications.services import workflow as wf
from requests_app.applications.services.registration import register_application
from requests_app.tracking import new_query_code, next_tracking_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROOT_CODE = "zlj"
LATEST_ANCHOR = date(2026, 11, 30)

# `applications.json`: the seed's 2016 application ("on_site_2016") and the open 2026
# online applications ("online_2026"). `lawsuits_2016.csv`: the three lawsuits of 2016
# (自流井区人民法院 is 川0302). Results other than "closed" are not in the seed; one
# judgment upheld the answer, one case ended by withdrawal of the suit (其他结果).
APPLICATIONS = datafiles.read_json("applications.json")
ON_SITE_2016 = APPLICATIONS["on_site_2016"]
SEED_2016_TOKEN = ON_SITE_2016["token"]
LAWSUITS_2016 = [
    (
        row["case_number"],
        datafiles.to_date(row["received_on"]),
        row["result"],
        datafiles.to_date(row["closed_on"]),
        row["notes"],
    )
    for row in datafiles.read_csv("lawsuits_2016.csv")
]


def _back(cal: WorkCalendar, day: date, n: int) -> date:
    """The n-th working day before `day`."""
    while n:
        day -= timedelta(days=1)
        if cal.is_workday(day):
            n -= 1
    return day


@dataclass
class DemoApplication:
    token: str
    org_code: str
    name: str
    applicant_type: str
    id_type: str
    id_number: str
    phone: str
    address: str
    title: str
    description: str
    received_back: int  # working days before the anchor
    # (step, working days before the anchor, keyword arguments)
    steps: list[tuple[str, int, dict]] = field(default_factory=list)
    confirm: bool = True


def _demo_application(data: dict) -> DemoApplication:
    """One entry of "online_2026"; a step is a workflow service (`wf.<step>`) and its arguments."""
    return DemoApplication(
        token=data["token"],
        org_code=data["organization"],
        name=data["applicant_name"],
        applicant_type=data["applicant_type"],
        id_type=data["id_type"],
        id_number=data["id_number"],
        phone=data["phone"],
        address=data["address"],
        title=data["information_title"],
        description=data["description"],
        received_back=data["received_back"],
        steps=[(s["step"], s["back"], s["arguments"]) for s in data.get("steps", [])],
        confirm=data.get("confirm", True),
    )


DEMO_2026 = [_demo_application(data) for data in APPLICATIONS["online_2026"]]


def _anchor(today: date) -> date:
    return min(today, LATEST_ANCHOR)


def _online(org: Organization, spec: DemoApplication, on: date) -> Application:
    """An online application as the public form makes it, submitted on `on`."""
    with transaction.atomic():
        app = Application.objects.create(
            tracking_number=next_tracking_number(org.code, on.year),
            query_code_hash=hash_query_code(new_query_code()),
            organization=org,
            applicant_type=spec.applicant_type,
            applicant_name=spec.name,
            id_type=spec.id_type,
            id_number=spec.id_number,
            phone=spec.phone,
            address=spec.address,
            information_title=spec.title,
            description=spec.description,
            provision_form="electronic",
            delivery_method="online",
            channel=SubmissionChannel.ONLINE,
            submitted_at=datetime.combine(on, time(9, 30), tzinfo=SHANGHAI),
            consent_given_at=datetime.combine(on, time(9, 30), tzinfo=SHANGHAI),
            client_token=spec.token,
        )
        ApplicationEvent.objects.create(application=app, kind=EventKind.SUBMITTED, occurred_on=on)
        if spec.confirm:
            wf.confirm_receipt(application=app, by=None, on=on, notify=False)
        else:
            wf.refresh_derived(app)
    return app


def _run_step(app: Application, name: str, on: date, kwargs: dict, by) -> None:
    kwargs = dict(kwargs)
    if "deadline_days" in kwargs:
        kwargs["deadline"] = on + timedelta(days=kwargs.pop("deadline_days"))
    getattr(wf, name)(application=app, by=by, on=on, **kwargs)


def _load_2016(root: Organization, by) -> int:
    created = 0
    if not Application.objects.filter(client_token=SEED_2016_TOKEN).exists():
        spec = ON_SITE_2016
        answer = spec["answer"]
        app = register_application(
            organization=root,
            by=by,
            channel=SubmissionChannel.IN_PERSON,
            received_on=datafiles.to_date(spec["received_on"]),
            applicant_type=spec["applicant_type"],
            applicant_name=spec["applicant_name"],
            id_type=spec["id_type"],
            id_number=spec["id_number"],
            information_title=spec["information_title"],
            description=spec["description"],
            provision_form=spec["provision_form"],
            delivery_method=spec["delivery_method"],
        )
        Application.objects.filter(pk=app.pk).update(client_token=SEED_2016_TOKEN)
        wf.answer(
            application=app,
            by=by,
            on=datafiles.to_date(answer["on"]),
            outcome=answer["outcome"],
            reply_text=answer["reply_text"],
        )
        created += 1
    existing = set(
        ReviewCase.objects.filter(case_number__in=[c[0] for c in LAWSUITS_2016]).values_list(
            "case_number", flat=True
        )
    )
    ReviewCase.objects.bulk_create(
        ReviewCase(
            case_number=number,
            organization=root,
            kind=ReviewKind.LITIGATION_DIRECT,
            received_on=received,
            result=result,
            closed_on=closed,
            notes=notes,
        )
        for number, received, result, closed, notes in LAWSUITS_2016
        if number not in existing
    )
    return created + len(LAWSUITS_2016) - len(existing)


def _load_2026(today: date, users: dict) -> int:
    cal = load_work_calendar()
    anchor = _anchor(today)
    orgs = Organization.objects.in_bulk({s.org_code for s in DEMO_2026}, field_name="code")
    done = set(
        Application.objects.filter(client_token__in=[s.token for s in DEMO_2026]).values_list(
            "client_token", flat=True
        )
    )
    created = 0
    for spec in DEMO_2026:
        org = orgs.get(spec.org_code)
        if spec.token in done or org is None:
            continue
        by = users.get(spec.org_code)
        received = _back(cal, anchor, spec.received_back)
        app = _online(org, spec, received)
        for name, back, kwargs in spec.steps:
            _run_step(app, name, _back(cal, anchor, back), kwargs, by)
        created += 1
    return created


def load(stdout, *, today: date | None = None) -> None:
    """Add the demo applications and cases (after the organizations and accounts exist)."""
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    root = Organization.objects.filter(code=ROOT_CODE).first()
    if root is None:
        stdout.write(_("Applications: skipped, the demo organizations are not loaded.") + "\n")
        return
    User = get_user_model()
    users = {
        u.organization.code: u
        for u in User.objects.filter(
            username__in=[s.org_code for s in DEMO_2026], organization__isnull=False
        ).select_related("organization")
    }
    with transaction.atomic():
        seed = _load_2016(root, None)
        recent = _load_2026(today, users)
    stdout.write(
        _(
            "Applications and cases: %(seed)d records of 2016 (1 application on site, "
            "3 lawsuits) and %(recent)d open or recent online applications added."
        )
        % {"seed": seed, "recent": recent}
        + "\n"
    )
