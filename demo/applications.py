"""Demo data of disclosure applications and cases, for `load_demo`.

- The seed's 2016 application: "2016年区本级共受理政府信息公开申请1件，其中现场申请1件，
  回复率100%" — one application to 自流井区人民政府, handed in on site, answered.
- The seed's three 2016 lawsuits: "行政诉讼案件共3起，其中行政诉讼案办结2起，正在办理1起".
- A handful of open 2026 online applications in every state of the workflow, at
  the two departments that have demo staff accounts, so that staff can try each
  step. Their dates are counted back from today (at the latest 30 November 2026,
  so that due dates stay inside the calendar, which covers 2026 at most).

Idempotent: every record carries a fixed marker (`client_token` "demo-…", or its
case number) and is created only if missing. All applications are made through
the workflow services, so their event logs and due dates are real.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from disclosure.models import Organization
from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import WorkCalendar
from requests_app.applications.deadlines import CONSULTATION_ORGAN, CONSULTATION_THIRD_PARTY
from requests_app.applications.fees import FeeMethod
from requests_app.applications.models import (
    Application,
    ApplicationEvent,
    EventKind,
    Outcome,
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
LATEST_ANCHOR = date(2026, 11, 30)

SEED_2016_TOKEN = "demo-2016-on-site"

# The three lawsuits of 2016 (自流井区人民法院 is 川0302). Results other than
# "closed" are not in the seed; one judgment upheld the answer, one case ended
# by withdrawal of the suit (其他结果).
LAWSUITS_2016 = [
    (
        "（2016）川0302行初8号",
        date(2016, 3, 15),
        ReviewResult.UPHELD,
        date(2016, 6, 20),
        "原告诉请公开征地拆迁安置补偿相关信息，法院判决驳回诉讼请求。",
    ),
    (
        "（2016）川0302行初21号",
        date(2016, 5, 9),
        ReviewResult.OTHER,
        date(2016, 9, 13),
        "原告要求公开棚户区改造项目资料，审理中原告撤回起诉。",
    ),
    (
        "（2016）川0302行初37号",
        date(2016, 11, 2),
        ReviewResult.PENDING,
        None,
        "原告要求公开低保审批信息，截至2016年底尚未审结。",
    ),
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


DEMO_2026 = [
    DemoApplication(
        "demo-awaiting-confirmation",
        "zlj-hbj",
        "刘晓燕",
        "natural_person",
        "resident_id",
        "510302199208250616",
        "13990001234",
        "四川省自贡市自流井区汇东路12号",
        "2026年第三季度辖区空气质量监测数据",
        "请提供2026年第三季度本区各空气质量监测点位的日均值数据。",
        0,
        confirm=False,
    ),
    DemoApplication(
        "demo-in-progress",
        "zlj-office",
        "陈建国",
        "natural_person",
        "resident_id",
        "510302197803124527",
        "13890005678",
        "四川省自贡市自流井区五星街38号",
        "2026年区政府常务会议纪要（涉及老旧小区改造部分）",
        "请提供2026年区政府常务会议研究老旧小区改造事项的会议纪要。",
        3,
    ),
    DemoApplication(
        "demo-awaiting-correction",
        "zlj-office",
        "王丽",
        "natural_person",
        "resident_id",
        "510303196501012038",
        "13700002345",
        "四川省自贡市自流井区新街1号",
        "",
        "我要那个拆迁的文件。",
        4,
        steps=[
            (
                "request_correction",
                2,
                {
                    "deadline_days": 10,
                    "message": "请写明所需信息的名称、文号或涉及的具体项目、地块，以便我们查找。",
                },
            )
        ],
    ),
    DemoApplication(
        "demo-in-consultation",
        "zlj-hbj",
        "自贡某某化工有限公司",
        "commercial_enterprise",
        "credit_code",
        "91510302MA6XKQ2P0C",
        "0813-2201234",
        "四川省自贡市自流井区工业园区9号",
        "某企业环境影响评价报告书",
        "请提供辖区某化工项目的环境影响评价报告书全文。",
        8,
        steps=[
            (
                "start_consultation",
                3,
                {"kind": CONSULTATION_THIRD_PARTY, "party": "四川某某化工项目建设单位"},
            )
        ],
    ),
    DemoApplication(
        "demo-extended",
        "zlj-office",
        "某某律师事务所",
        "legal_service_org",
        "credit_code",
        "52510302MJ0Q7T1A5R",
        "0813-8801234",
        "四川省自贡市自流井区滨江路66号",
        "2020年至2025年区级行政复议决定书",
        "请提供2020年至2025年区政府作出的全部行政复议决定书。",
        17,
        steps=[
            (
                "extend",
                2,
                {
                    "workdays": 10,
                    "approved_by": "区政府办公室主任",
                    "reason": "申请涉及六个年度的案卷，需逐件调阅并作区分处理。",
                },
            )
        ],
    ),
    DemoApplication(
        "demo-awaiting-payment",
        "zlj-office",
        "张伟",
        "natural_person",
        "resident_id",
        "510321198811307722",
        "13500003456",
        "四川省自贡市自流井区东兴寺街7号",
        "2025年度区级部门预算执行情况明细",
        "请提供2025年度区级各部门预算执行情况明细表（纸质）。",
        6,
        steps=[("notify_fee", 1, {"method": FeeMethod.BY_PAGES, "pages": 120})],
    ),
    DemoApplication(
        "demo-overdue",
        "zlj-office",
        "李强",
        "natural_person",
        "resident_id",
        "51030219700506331X",
        "13600004567",
        "四川省自贡市自流井区解放路20号",
        "舒坪片区征收补偿方案",
        "请提供舒坪片区房屋征收补偿方案及其批准文件。",
        24,
        steps=[
            ("start_consultation", 20, {"kind": CONSULTATION_ORGAN, "party": "区住房和城乡建设局"}),
            ("end_consultation", 18, {}),
        ],
    ),
    DemoApplication(
        "demo-answered",
        "zlj-office",
        "赵敏",
        "natural_person",
        "resident_id",
        "510304199502171268",
        "13800005678",
        "四川省自贡市自流井区檀木林街3号",
        "2026年区级民生实事项目清单",
        "请提供2026年区级民生实事项目清单及进展情况。",
        15,
        steps=[
            (
                "answer",
                5,
                {
                    "outcome": Outcome.GRANTED,
                    "reply_text": "经查，您申请的信息属于公开范围，现将《2026年区级民生实事"
                    "项目清单》及进展情况提供给您（见附件）。",
                },
            )
        ],
    ),
]


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
        app = register_application(
            organization=root,
            by=by,
            channel=SubmissionChannel.IN_PERSON,
            received_on=date(2016, 7, 12),
            applicant_type="natural_person",
            applicant_name="周某",
            id_type="resident_id",
            id_number="51030219830909358X",
            information_title="舒坪片区征地拆迁安置补偿方案",
            description="申请公开本人房屋所在片区的征地拆迁安置补偿方案。",
            provision_form="paper",
            delivery_method="pickup",
        )
        Application.objects.filter(pk=app.pk).update(client_token=SEED_2016_TOKEN)
        wf.answer(
            application=app,
            by=by,
            on=date(2016, 7, 26),
            outcome=Outcome.GRANTED,
            reply_text="经审查，您申请公开的安置补偿方案属于公开范围，现提供纸质复印件一份。",
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
        stdout.write("Applications: skipped, the demo organizations are not loaded.\n")
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
        f"Applications and cases: {seed} records of 2016 (1 application on site, 3 lawsuits) "
        f"and {recent} open or recent online applications added.\n"
    )
