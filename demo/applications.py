"""Demo data of disclosure applications and cases, for `load_demo`.

- The seed's 2016 application: "2016年区本级共受理政府信息公开申请1件，其中现场申请1件，
  回复率100%" — one application to 自流井区人民政府, handed in on site, answered.
- The seed's three 2016 lawsuits: "行政诉讼案件共3起，其中行政诉讼案办结2起，正在办理1起".
- A handful of open 2026 online applications in every state of the workflow, at
  the two departments that have demo staff accounts, so that staff can try each
  step. Their dates are counted back from today (at the latest 30 November 2026,
  so that due dates stay inside the calendar, which covers 2026 at most).

- The applications of every year after 2016 (`demo/data/application_plans.json`),
  answered with realistic outcomes, some extended or corrected first; in the
  current year the recent ones are open and two are overdue. And the
  reconsideration and litigation cases of those years.

The records are in `demo/data/applications.json` and `demo/data/lawsuits_2016.csv`
(values of choices by their keys: `granted`, `third_party`, `by_pages` …).

Idempotent: every record carries a fixed marker (`client_token` "demo-…", or its
case number) and is created only if missing. All applications are made through
the workflow services, so their event logs and due dates are real.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from demo import datafiles
from demo.petitions import _id_number, _person_name, _phone
from disclosure.models import Organization
from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import WorkCalendar
from requests_app.applications.models import (
    Application,
    ApplicationEvent,
    EventKind,
    ReviewCase,
    ReviewKind,
    ReviewResult,
    SubmissionChannel,
    hash_query_code,
)
from requests_app.applications.services import workflow as wf
from requests_app.applications.services.registration import register_application
from requests_app.tracking import new_query_code, next_tracking_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROOT_CODE = "zlj"
SEED_YEAR = 2016
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


# --- applications of every year since the seed's (`application_plans.json`) -------------

PLANS = datafiles.read_json("application_plans.json")
PER_YEAR = {int(year): n for year, n in PLANS["per_year"].items()}
TOPICS = PLANS["topics"]  # [organization code, information title, description]
PLACES = PLANS["places"]
REPLIES = PLANS["replies"]
# Open applications of the current year go to the offices that have demo staff accounts,
# so that their desks have work: awaiting an answer, due soon, and overdue.
DESK_ORGS = ("zlj-office", "zlj-hbj")
OPEN_RECENT_WORKDAYS = 12  # received within this many working days: still being handled
OVERDUE = 2  # current-year applications left unanswered past their due date
COMPANIES = [
    ("自贡某某建筑工程有限公司", "91510302MA6XKQ2P0C"),
    ("某某律师事务所", "52510302MJ0Q7T1A5R"),
]


def _weighted(rng: random.Random, pairs: list) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _forward(cal: WorkCalendar, day: date, n: int) -> date:
    """The n-th working day after `day`."""
    while n:
        day += timedelta(days=1)
        if cal.is_workday(day):
            n -= 1
    return day


@dataclass
class YearApplication:
    token: str
    org_code: str
    received_on: date
    channel: str
    outcome: str  # an Outcome, "withdrawn", "corrected_then_granted" or "" (left open)
    title: str
    description: str
    applicant: dict
    extended: bool = False


def plan_year(year: int, cal: WorkCalendar, anchor: date) -> list[YearApplication]:
    """The applications of one year after the seed's, deterministic for the year."""
    rng = random.Random(f"zlj-demo-applications-{year}")
    last = min(date(year, 12, 31), anchor)
    days = [
        date(year, 1, 1) + timedelta(days=n)
        for n in range((last - date(year, 1, 1)).days + 1)
        if cal.is_workday(date(year, 1, 1) + timedelta(days=n))
    ]
    received = [rng.choice(days) for _ in range(PER_YEAR.get(year, 0))]
    recent = _back(cal, anchor, OPEN_RECENT_WORKDAYS)
    # The current year's overdue ones: received 26 and 31 working days ago, unanswered.
    overdue_days = (
        {_back(cal, anchor, 26 + 5 * i) for i in range(OVERDUE)} if year == anchor.year else set()
    )
    received = sorted([d for d in received if d not in overdue_days] + sorted(overdue_days))
    result = []
    for n, day in enumerate(received, start=1):
        open_now = day > recent
        overdue = day in overdue_days
        if open_now or overdue:
            org = DESK_ORGS[n % 2]
            org_topics = [t for t in TOPICS if t[0] == org]
            topic = rng.choice(org_topics)
            outcome = ""
        else:
            topic = rng.choice(TOPICS)
            outcome = _weighted(rng, PLANS["outcomes"])
        place = rng.choice(PLACES)
        title = topic[1].format(year=day.year - rng.choice((0, 0, 1)), place=place)
        description = topic[2].format(
            year=day.year - 1 if "上年" in topic[2] else day.year, place=place
        )
        if rng.random() < 0.12:
            name, code = rng.choice(COMPANIES)
            applicant = {
                "applicant_type": "legal_service_org"
                if "律师" in name
                else "commercial_enterprise",
                "applicant_name": name,
                "id_type": "credit_code",
                "id_number": code,
            }
        else:
            applicant = {
                "applicant_type": "natural_person",
                "applicant_name": _person_name(rng),
                "id_type": "resident_id",
                "id_number": _id_number(rng),
            }
        applicant["phone"] = _phone(rng)
        result.append(
            YearApplication(
                token=f"demo-{year}-{n:03d}",
                org_code=topic[0],
                received_on=day,
                channel=_weighted(rng, PLANS["channels"]),
                outcome=outcome,
                title=title,
                description=description,
                applicant=applicant,
                extended=bool(outcome) and rng.random() < 0.12,
            )
        )
    return result


def _register(org: Organization, spec: YearApplication, users: dict) -> Application:
    if spec.channel == SubmissionChannel.ONLINE:
        online = DemoApplication(
            token=spec.token,
            org_code=spec.org_code,
            name=spec.applicant["applicant_name"],
            applicant_type=spec.applicant["applicant_type"],
            id_type=spec.applicant["id_type"],
            id_number=spec.applicant["id_number"],
            phone=spec.applicant["phone"],
            address="",
            title=spec.title,
            description=spec.description,
            received_back=0,
        )
        return _online(org, online, spec.received_on)
    app = register_application(
        organization=org,
        by=users.get(spec.org_code),
        channel=spec.channel,
        received_on=spec.received_on,
        client_token=spec.token,
        information_title=spec.title,
        description=spec.description,
        provision_form="paper",
        delivery_method="post" if "mail" in spec.channel else "pickup",
        **{k: v for k, v in spec.applicant.items() if k != "phone"},
    )
    return app


def _handle(app: Application, spec: YearApplication, cal: WorkCalendar, by, today: date) -> None:
    """The steps of a closed application: correction, extension, then the answer."""
    rng = random.Random(spec.token)
    day = spec.received_on
    outcome = spec.outcome
    reply_title = spec.title
    if outcome == "corrected_then_granted":
        asked = _forward(cal, day, rng.randint(1, 4))
        wf.request_correction(
            application=app,
            by=by,
            on=asked,
            deadline=asked + timedelta(days=15),
            message=PLANS["correction_message"],
        )
        day = _forward(cal, asked, rng.randint(2, 8))
        wf.record_correction(application=app, by=by, on=day, note="申请人已补正所需信息的名称。")
        outcome = "granted"
    if outcome == "withdrawn":
        wf.withdraw(
            application=app,
            by=by,
            on=_forward(cal, day, rng.randint(2, 9)),
            note="申请人书面撤回申请。",
        )
        return
    if spec.extended:
        day = _forward(cal, day, rng.randint(15, 19))
        wf.extend(
            application=app,
            by=by,
            on=day,
            workdays=rng.choice((10, 15, 20)),
            approved_by="政府信息公开工作机构负责人",
            reason=PLANS["extension_reason"],
        )
        answered = _forward(cal, day, rng.randint(3, 9))
    else:
        answered = _forward(cal, day, rng.randint(4, 18))
    wf.answer(
        application=app,
        by=by,
        on=min(answered, today),
        outcome=outcome,
        reply_text=REPLIES[outcome].format(title=reply_title),
    )


def _load_years(today: date, users: dict) -> int:
    cal = load_work_calendar()
    anchor = _anchor(today)
    specs = [
        s for year in range(SEED_YEAR + 1, anchor.year + 1) for s in plan_year(year, cal, anchor)
    ]
    done = set(
        Application.objects.filter(client_token__in=[s.token for s in specs]).values_list(
            "client_token", flat=True
        )
    )
    orgs = Organization.objects.in_bulk({s.org_code for s in specs}, field_name="code")
    created = 0
    for spec in specs:
        if spec.token in done or spec.org_code not in orgs:
            continue
        by = users.get(spec.org_code)
        with transaction.atomic():
            app = _register(orgs[spec.org_code], spec, users)
            if spec.outcome:
                _handle(app, spec, cal, by, anchor)
        created += 1
    return created


def _case_number(kind: str, year: int, n: int, org_code: str) -> str:
    """Numbers as the reconsideration organ or 自流井区人民法院 (川0302) gives them."""
    if kind == ReviewKind.RECONSIDERATION:
        organ = "自府复" if org_code == ROOT_CODE else "自流井府复"
        return f"{organ}〔{year}〕{n}号"
    if kind == ReviewKind.LITIGATION_DIRECT:
        return f"（{year}）川0302行初{n}号"
    return f"（{year}）川0302行初{n + 50}号"


def _load_cases(today: date) -> int:
    """Reconsideration and litigation cases of every year after the seed's (表四)."""
    orgs = Organization.objects.in_bulk(PLANS["review_organizations"], field_name="code")
    planned = []
    for year_text, kinds in sorted(PLANS["review_cases"].items()):
        year = int(year_text)
        if year > today.year:
            continue
        rng = random.Random(f"zlj-demo-cases-{year}")
        for kind, count in kinds.items():
            for n in range(1, count + 1):
                org_code = rng.choice(PLANS["review_organizations"])
                received = date(year, rng.randint(2, 11), rng.randint(1, 28))
                received = min(received, today - timedelta(days=20))
                closed = received + timedelta(days=rng.randint(40, 150))
                result = _weighted(rng, PLANS["review_results"])
                if closed > today:
                    result, closed = ReviewResult.PENDING, None
                planned.append(
                    ReviewCase(
                        case_number=_case_number(kind, year, n * 7 + 3, org_code),
                        organization=orgs.get(org_code) or orgs[ROOT_CODE],
                        kind=kind,
                        received_on=received,
                        result=result,
                        closed_on=closed,
                        notes="申请人对政府信息公开申请答复不服。",
                    )
                )
    existing = set(
        ReviewCase.objects.filter(case_number__in=[c.case_number for c in planned]).values_list(
            "case_number", flat=True
        )
    )
    new = [c for c in planned if c.case_number not in existing]
    for case in new:
        case.full_clean(exclude=["application"])
    ReviewCase.objects.bulk_create(new)
    return len(new)


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
        years = _load_years(today, users)
        cases = _load_cases(today)
    stdout.write(
        _(
            "Applications and cases: %(seed)d records of 2016 (1 application on site, "
            "3 lawsuits) and %(recent)d open or recent online applications added."
        )
        % {"seed": seed, "recent": recent}
        + "\n"
    )
    stdout.write(
        _(
            "Applications of %(first)d to %(last)d added: %(years)d; reconsideration and "
            "litigation cases added: %(cases)d."
        )
        % {"first": SEED_YEAR + 1, "last": today.year, "years": years, "cases": cases}
        + "\n"
    )
