"""Demo petitions and proposals of 自流井区 from 2015 to the current year.

`load(stdout)` is idempotent (records are recognised by their demo numbers)
and deterministic (a seeded generator). The records are chosen so that the
statistics selectors (`requests_app.petitions.stats`) give the seed report's 2016 figures
and every change against 2015 it states; the 2015 integers were worked out
from those changes, see docs/seed-differences.md. The personal data is made
up: names from common surnames, phone numbers in mobile ranges, identity
numbers with a valid check character but random dates and serials.

The figures are in `demo/data/petition_plans.json` and the words the records are
made of in `demo/data/petition_vocabulary.json`; this module holds the rules.
The years after 2016 are plausible volumes. A proposal is led by the bureau of
its subject's domain and answered with what that bureau did and plans
(`demo/data/proposal_subjects.json`); a petition is handled by the department
of its subject.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from demo import datafiles
from disclosure.models import Organization, OrganizationKind
from disclosure.models.calendar import load_work_calendar
from disclosure.validators import id_check_character
from disclosure.workdays import WorkCalendar
from requests_app.petitions.models import (
    AcceptanceDecision,
    Petition,
    PetitionChannel,
    PetitionSource,
)
from requests_app.petitions.rules import (
    ACCEPTANCE_PERIOD_DAYS,
    COLLECTIVE_VISIT_MIN_PERSONS,
    acceptance_deadline,
)
from requests_app.petitions.services import ensure_default_sources, mailbox_prefix
from requests_app.proposals.models import (
    Proposal,
    ProposalKind,
    ProposalProposer,
    ResultCategory,
)
from requests_app.proposals.services import ProposerData, default_due_on
from requests_app.tracking import TrackingSequence

ORG_CODE = "zlj"
REF_PREFIX = "DEMO-XF"
SEED = 20161231


# --- the figures (demo/data/petition_plans.json) -------------------------------------------


@dataclass(frozen=True)
class VisitGroup:
    """Visits of one kind (collective or not, first or repeat): batches and persons."""

    collective: bool
    kind: str
    batches: int
    persons: int


@dataclass(frozen=True)
class PetitionYearPlan:
    year: int
    letters: int
    online: list[str]  # source codes, one per online complaint
    visits: list[VisitGroup]
    late_decisions: int  # decisions on acceptance made after the 15 days
    not_accepted: int


@dataclass(frozen=True)
class ProposalYearPlan:
    year: int
    kind: str
    session: str
    assigned_on: date
    categories: dict[str, int]
    satisfaction: dict[str, int]  # in the order the categories are generated


PLANS = datafiles.read_json("petition_plans.json")
# 2016: the seed's section 三（六）; 2015: derived from the changes it states (the README
# of demo/data and docs/seed-differences.md say how).
PETITION_PLANS = {
    plan["year"]: PetitionYearPlan(
        year=plan["year"],
        letters=plan["letters"],
        online=plan["online"],
        visits=[VisitGroup(**group) for group in plan["visits"]],
        late_decisions=plan["late_decisions"],
        not_accepted=plan["not_accepted"],
    )
    for plan in PLANS["petitions"]
}
# Seed section 七 (2016) and the 2015 figures derived from its changes.
PROPOSAL_PLANS = [
    ProposalYearPlan(**{**plan, "assigned_on": datafiles.to_date(plan["assigned_on"])})
    for plan in PLANS["proposals"]
]

# The one suggestion the seed names: 罗瑛代表's, category C, 不满意.
NAMED_SUGGESTION = PLANS["named_suggestion"]
LUO_YING_TITLE = NAMED_SUGGESTION["title"]


# --- made-up but realistic-looking data (demo/data/petition_vocabulary.json) ---------------

VOCABULARY = datafiles.read_json("petition_vocabulary.json")
SURNAMES = VOCABULARY["surnames"]  # one character each
GIVEN = VOCABULARY["given_name_characters"]
STREETS = VOCABULARY["streets"]  # [街道/乡镇, its streets]
SECTORS = VOCABULARY["sectors"]  # 政协界别
INDIVIDUAL_SUBJECTS = VOCABULARY["individual_subjects"]
COLLECTIVE_SUBJECTS = VOCABULARY["collective_subjects"]
ONLINE_SUBJECTS = VOCABULARY["online_subjects"]
LETTER_SUBJECTS = VOCABULARY["letter_subjects"]
# The subjects of suggestions and proposals, the bureau that leads each domain (by the
# keywords of the subject) and the facts its reply states (`proposal_subjects.json`).
SUBJECTS = datafiles.read_json("proposal_subjects.json")
DOMAINS = SUBJECTS["domains"]
TOPIC_TEXTS = {t["title"]: t for t in SUBJECTS["topics"]}
# The subjects titles are made of (the seed's named suggestion is not drawn again).
TOPICS = [name for name, t in TOPIC_TEXTS.items() if not t.get("named")]
REPLY_PARTS = SUBJECTS["replies"]
INTERSESSION = "区人大常委会闭会期间"
# The department that handles a petition, by the keywords of its subject.
HANDLERS = VOCABULARY["handlers"]


def handler_of(subject: str) -> str | None:
    return next((code for words, code in HANDLERS if any(w in subject for w in words)), None)


def domain_of(subject: str) -> dict | None:
    """The first domain one of whose keywords the subject contains."""
    return next((d for d in DOMAINS if any(k in subject for k in d["keywords"])), None)


def _topic_of(title: str) -> dict:
    return next(t for name, t in TOPIC_TEXTS.items() if name in title)


TITLE_LEADS = ["", "进一步", "切实"]
NOT_ACCEPTED_REPLY = (
    "经审查，该事项属于依法应当通过诉讼途径解决的诉求，不予受理，已书面告知信访人向人民法院提出。"
)


def _person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "135", "158", "182", "187", "152"]) + "".join(
        str(rng.randrange(10)) for _ in range(8)
    )


def _id_number(rng: random.Random) -> str:
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    first17 = f"510302{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_character(first17)


def _address(rng: random.Random) -> str:
    _area, streets = rng.choice(STREETS)
    return f"四川省自贡市自流井区{rng.choice(streets)}{rng.randrange(1, 200)}号"


def _weekday_in(rng: random.Random, year: int, last: date | None = None) -> date:
    while True:
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        if day.weekday() < 5 and day.year == year and (last is None or day <= last):
            return day


def split_persons(rng: random.Random, batches: int, persons: int, low: int, high: int) -> list[int]:
    """`batches` numbers between low and high (inclusive) that add up to `persons`."""
    if not low * batches <= persons <= high * batches:
        raise ValueError(f"cannot split {persons} persons into {batches} batches of {low}-{high}")
    sizes = [low] * batches
    remaining = persons - low * batches
    while remaining:
        i = rng.randrange(batches)
        if sizes[i] < high:
            step = min(remaining, high - sizes[i], rng.randint(1, 5))
            sizes[i] += step
            remaining -= step
    return sizes


# --- loading -------------------------------------------------------------------------------


def _organization() -> Organization:
    org, _created = Organization.objects.get_or_create(
        code=ORG_CODE,
        defaults={
            "name": "自贡市自流井区人民政府",
            "short_name": "自流井区",
            "kind": OrganizationKind.GOVERNMENT,
        },
    )
    return org


def _decision_dates(rng, received_on, late: bool, calendar: WorkCalendar) -> date:
    if late:
        # After the last day, which a weekend or holiday moves on (民法典第二百零三条).
        return acceptance_deadline(received_on, calendar) + timedelta(days=rng.randint(1, 6))
    # Some decisions fall on the last day, so the boundary is exercised by the demo too.
    return received_on + timedelta(
        days=rng.choice([0, 0, 1, 2, 3, 5, 7, 10, ACCEPTANCE_PERIOD_DAYS])
    )


def _petitions_for_year(
    plan: PetitionYearPlan, org, sources, rng, today: date | None = None
) -> list[Petition]:
    calendar = load_work_calendar()
    items: list[dict] = []
    for i in range(plan.letters):
        items.append(
            {
                "channel": PetitionChannel.LETTER,
                "source": sources["post"],
                "subject": LETTER_SUBJECTS[i % len(LETTER_SUBJECTS)],
            }
        )
    for i, code in enumerate(plan.online):
        items.append(
            {
                "channel": PetitionChannel.ONLINE,
                "source": sources[code],
                "subject": ONLINE_SUBJECTS[i % len(ONLINE_SUBJECTS)],
            }
        )
    for group in plan.visits:
        if group.collective:
            sizes = split_persons(
                rng, group.batches, group.persons, COLLECTIVE_VISIT_MIN_PERSONS, 60
            )
            subjects = COLLECTIVE_SUBJECTS
        else:
            sizes = split_persons(
                rng, group.batches, group.persons, 1, COLLECTIVE_VISIT_MIN_PERSONS - 1
            )
            subjects = INDIVIDUAL_SUBJECTS
        for size in sizes:
            items.append(
                {
                    "channel": PetitionChannel.VISIT,
                    "source": sources["on-site"],
                    "subject": rng.choice(subjects),
                    "persons": size,
                    "visit_kind": group.kind,
                }
            )
    late = set(rng.sample(range(len(items)), plan.late_decisions))
    refused = set(rng.sample(sorted(set(range(len(items))) - late), plan.not_accepted))
    received = sorted(_weekday_in(rng, plan.year, today) for _ in items)
    rng.shuffle(items)

    petitions = []
    for n, (item, received_on) in enumerate(zip(items, received, strict=True), start=1):
        persons = item.get("persons", 1)
        accepted_on = _decision_dates(rng, received_on, n - 1 in late, calendar)
        not_accepted = n - 1 in refused
        petition = Petition(
            organization=org,
            external_reference=f"{REF_PREFIX}-{plan.year}-{n:04d}",
            channel=item["channel"],
            source=item["source"],
            received_on=received_on,
            persons=persons,
            visit_kind=item.get("visit_kind", ""),
            subject=item["subject"],
            petitioner_name=_person_name(rng),
            phone=_phone(rng),
            id_number=_id_number(rng),
            address=_address(rng),
            decision=(
                AcceptanceDecision.NOT_ACCEPTED if not_accepted else AcceptanceDecision.ACCEPTED
            ),
            accepted_on=accepted_on,
        )
        petition.content = _content(petition)
        if not_accepted:
            petition.reply = NOT_ACCEPTED_REPLY
            petition.replied_on = accepted_on
            petition.closed_on = accepted_on
        else:
            petition.replied_on = accepted_on + timedelta(days=rng.randint(10, 55))
            petition.reply = _petition_reply(petition)
            petition.closed_on = petition.replied_on + timedelta(days=rng.randint(0, 15))
        if today is not None:
            _not_yet(petition, today)
        petition.derive(calendar)
        petitions.append(petition)
    return petitions


def _not_yet(petition: Petition, today: date) -> None:
    """Undo what would happen after today: recent petitions are still being handled."""
    if petition.closed_on and petition.closed_on > today:
        petition.closed_on = None
    if petition.replied_on and petition.replied_on > today:
        petition.replied_on, petition.reply, petition.closed_on = None, "", None
    if petition.accepted_on and petition.accepted_on > today:
        petition.decision, petition.accepted_on = "", None
        petition.replied_on, petition.reply, petition.closed_on = None, "", None


def _content(petition: Petition) -> str:
    topic = petition.subject.removeprefix("反映").removeprefix("咨询").removesuffix("问题")
    if (
        petition.channel == PetitionChannel.VISIT
        and petition.persons >= COLLECTIVE_VISIT_MIN_PERSONS
    ):
        return (
            f"{petition.petitioner_name}等{petition.persons}人来访，反映{topic}问题，"
            "请求有关部门尽快协调解决。"
        )
    return f"本人{petition.petitioner_name}，住{petition.address}，反映{topic}问题，请求予以解决。"


def _petition_reply(petition: Petition) -> str:
    topic = petition.subject.removeprefix("反映").removeprefix("咨询").removesuffix("问题")
    return (
        f"您反映的{topic}问题收悉。经调查核实，已责成有关部门依法依规处理，"
        "处理情况已当面告知。如对处理意见不服，可自收到本意见之日起30日内请求复查。"
    )


def _departments(org) -> list[Organization]:
    """Up to twelve departments under the district (from the catalogue demo), if any."""
    children = Organization.objects.filter(parent=org).order_by("sort_order", "code")
    departments = children.filter(kind=OrganizationKind.DEPARTMENT)
    return list(departments[:12]) or list(children[:12])


def _load_petitions(org, stdout, today: date) -> int:
    ensure_default_sources()
    sources = {s.code: s for s in PetitionSource.objects.all()}
    handlers = _departments(org)
    by_subject = Organization.objects.in_bulk(
        [code for _keywords, code in HANDLERS], field_name="code"
    )
    existing = set(
        Petition.objects.filter(
            organization=org, external_reference__startswith=f"{REF_PREFIX}-"
        ).values_list("external_reference", flat=True)
    )
    created = 0
    for _year, plan in sorted(PETITION_PLANS.items()):
        if plan.year > today.year:
            continue
        rng = random.Random(SEED + plan.year)
        current = today if plan.year == today.year else None
        petitions = _petitions_for_year(plan, org, sources, rng, current)
        _mailbox_letters(plan, org, petitions)
        missing = [p for p in petitions if p.external_reference not in existing]
        if not missing:
            continue
        Petition.objects.bulk_create(missing)
        created += len(missing)
        if handlers:
            saved = Petition.objects.filter(
                organization=org,
                external_reference__in=[p.external_reference for p in missing],
            ).values_list("pk", "external_reference")
            through = Petition.handling_organizations.through
            links = []
            subjects = {p.external_reference: p.subject for p in missing}
            for pk, ref in saved:
                serial = int(ref.rsplit("-", 1)[1])
                handler = by_subject.get(handler_of(subjects[ref]) or "")
                handler = handler or handlers[serial % len(handlers)]
                links.append(through(petition_id=pk, organization_id=handler.pk))
            through.objects.bulk_create(links)
    return created


def _mailbox_letters(plan: PetitionYearPlan, org, petitions: list[Petition]) -> None:
    """Letters through the leader's mailbox get a tracking number; two 2016 ones are
    published anonymised, as 来信选登 would show them."""
    prefix = mailbox_prefix(org)
    serial = 0
    for petition in petitions:
        if petition.source and petition.source.code == "leader-mailbox":
            serial += 1
            petition.tracking_number = f"{prefix}-{plan.year}-{serial:06d}"
            petition.consent_to_publish = True
            if plan.year == 2016 and petition.decision == AcceptanceDecision.ACCEPTED:
                topic = petition.subject.removeprefix("反映").removeprefix("咨询")
                petition.published = True
                petition.public_title = f"关于{topic}的来信"
                petition.public_summary = f"有群众来信{petition.subject}，希望有关部门予以解决。"
                petition.public_reply = (
                    f"来信收悉。针对来信{petition.subject}，区政府已责成相关部门现场核实，"
                    "依法依规进行处理，并将持续跟踪整改落实情况。感谢您对我区工作的关心和支持。"
                )
    if serial:
        seq, _created = TrackingSequence.objects.get_or_create(
            prefix=prefix.upper(), year=plan.year
        )
        if seq.last < serial:
            seq.last = serial
            seq.save(update_fields=["last"])


def _titles(rng: random.Random, count: int, suffix: str) -> list[str]:
    topics = TOPICS[:]
    rng.shuffle(topics)
    titles = []
    for i in range(count):
        lead = TITLE_LEADS[(i // len(topics)) % len(TITLE_LEADS)]
        topic = topics[i % len(topics)]
        if lead and topic.startswith(lead):
            lead = ""
        titles.append(f"关于{lead}{topic}的{suffix}")
    return titles


def _load_proposals(org, stdout, today: date) -> int:
    codes = {c for d in DOMAINS for c in (d["lead"], *d["co"])}
    leads = Organization.objects.in_bulk(codes, field_name="code")
    existing = set(Proposal.objects.values_list("kind", "session", "number"))
    planned: list[tuple[Proposal, list[ProposerData], list[Organization]]] = []
    for plan in PROPOSAL_PLANS:
        if plan.assigned_on > today:
            continue
        rng = random.Random(f"{SEED}-{plan.year}-{plan.kind}")
        for item in _proposals_for_plan(plan, leads, rng, org):
            key = (item[0].kind, item[0].session, item[0].number)
            if key not in existing:
                planned.append(item)
    for item in _intersession(today, leads, org):
        key = (item[0].kind, item[0].session, item[0].number)
        if key not in existing:
            planned.append(item)
    if not planned:
        return 0
    # Bulk writes: a handful of queries for the 177 proposals instead of several each.
    Proposal.objects.bulk_create([proposal for proposal, _people, _co in planned])
    pks = {
        (kind, session, number): pk
        for pk, kind, session, number in Proposal.objects.filter(
            session__in={p.session for p, _people, _co in planned}
        ).values_list("pk", "kind", "session", "number")
    }
    proposers, links = [], []
    through = Proposal.co_organizations.through
    for proposal, people, co in planned:
        pk = pks[(proposal.kind, proposal.session, proposal.number)]
        proposers += [
            ProposalProposer(proposal_id=pk, name=p.name, affiliation=p.affiliation, sort_order=i)
            for i, p in enumerate(people)
        ]
        links += [through(proposal_id=pk, organization_id=o.pk) for o in co]
    ProposalProposer.objects.bulk_create(proposers)
    through.objects.bulk_create(links)
    return len(planned)


def _lead_and_co(title: str, leads: dict, rng: random.Random, fallback) -> tuple:
    """The bureau whose domain the subject belongs to, and sometimes its usual partner."""
    domain = domain_of(title)
    lead = leads.get(domain["lead"]) if domain else None
    if lead is None:
        return fallback, []
    co = [leads[c] for c in domain["co"][:1] if c in leads] if rng.random() < 0.3 else []
    return lead, co


def _intersession(today: date, leads: dict, org):
    """Deputies' suggestions of the current year made between sessions, still open: one
    overdue, two due within weeks, so the proposals desk has work."""
    rng = random.Random(f"{SEED}-{today.year}-intersession")
    topics = rng.sample(TOPICS, 3)
    for n, (days_back, topic) in enumerate(zip((100, 60, 25), topics, strict=True), start=1):
        assigned = today - timedelta(days=days_back)
        while assigned.weekday() >= 5:
            assigned -= timedelta(days=1)
        lead, co = _lead_and_co(topic, leads, rng, org)
        area, _streets = rng.choice(STREETS)
        people = [ProposerData(_person_name(rng), f"{area}代表团")]
        proposal = Proposal(
            kind=ProposalKind.DEPUTY_SUGGESTION,
            session=f"{today.year}年{INTERSESSION}",
            number=f"B{n:02d}",
            title=f"关于{topic}的建议",
            content=_proposal_content(topic, today.year),
            lead_organization=lead,
            assigned_on=assigned,
            year=assigned.year,
            due_on=default_due_on(assigned),
        )
        yield proposal, people, co


def _proposal_content(topic: str, year: int) -> str:
    return (
        f"近年来，群众对{topic.removeprefix('加快').removeprefix('加强')}问题反映较多。"
        f"建议有关部门深入调研，制定切实可行的工作措施，明确责任单位和完成时限，"
        f"在{year}年内取得明显成效。"
    )


def _proposals_for_plan(plan: ProposalYearPlan, leads: dict, rng, org):
    deputy = plan.kind == ProposalKind.DEPUTY_SUGGESTION
    categories = [c for c, n in plan.categories.items() for _ in range(n)]
    satisfaction = [s for s, n in plan.satisfaction.items() for _ in range(n)]
    titles = _titles(rng, len(categories), "建议" if deputy else "提案")
    due_on = default_due_on(plan.assigned_on)
    published_at = timezone.make_aware(datetime.combine(due_on, time(9)))
    for n, (category, satisfied, title) in enumerate(
        zip(categories, satisfaction, titles, strict=True), start=1
    ):
        if deputy:
            area, _streets = rng.choice(STREETS)
            people = [ProposerData(_person_name(rng), f"{area}代表团")]
        else:
            people = [
                ProposerData(_person_name(rng), rng.choice(SECTORS))
                for _ in range(rng.choice((1, 1, 1, 2, 3)))
            ]
        named = NAMED_SUGGESTION
        if (plan.year, plan.kind, category) == (named["year"], named["kind"], named["category"]):
            # The one suggestion the seed names (罗瑛代表, C, 不满意).
            title = named["title"]
            people = [ProposerData(named["proposer"], named["affiliation"])]
        lead, co = _lead_and_co(title, leads, rng, org)
        # Every demo answer is within the due date (seed: 所有委员提案已在规定时限内按要求办结).
        answered_on = plan.assigned_on + timedelta(
            days=rng.randint(35, (due_on - plan.assigned_on).days - 1)
        )
        proposal = Proposal(
            kind=plan.kind,
            session=plan.session,
            number=f"{n:03d}",
            title=title,
            content=_proposal_content(_topic_of(title)["title"], plan.year)
            if any(name in title for name in TOPIC_TEXTS)
            else "",
            lead_organization=lead,
            assigned_on=plan.assigned_on,
            year=plan.assigned_on.year,
            due_on=due_on,
            answered_on=answered_on,
            category=category,
            satisfaction=satisfied,
            publish_reply=True,
            published_at=published_at,
        )
        proposal.reply_text = _proposal_reply(proposal, people, category, rng)
        yield proposal, people, co


def _proposal_reply(proposal: Proposal, proposers, category: str, rng: random.Random) -> str:
    """The lead bureau's reply: what was done on the subject, and what is planned by when."""
    names = "、".join(p.name for p in proposers)
    role = "代表" if proposal.kind == ProposalKind.DEPUTY_SUGGESTION else "委员"
    if not any(name in proposal.title for name in TOPIC_TEXTS):
        return _generic_reply(proposal, names, role, category)
    topic = _topic_of(proposal.title)
    lead = proposal.lead_organization
    year = proposal.assigned_on.year
    facts = {"n": rng.randint(3, 25), "year": year, "next": year + 1}
    values = {
        "names": names,
        "role": role,
        "title": proposal.title,
        "done": topic["done"].format(**facts),
        "plan": topic["plan"].format(**facts),
        "short": "我区" if lead.kind == OrganizationKind.GOVERNMENT else lead.short_name,
        "lead": lead.name,
        "phone": lead.phone or "0813-2203651",
        "date": f"{proposal.answered_on.year}年{proposal.answered_on.month}月"
        f"{proposal.answered_on.day}日",
    }
    return "\n".join(
        REPLY_PARTS[part].format(**values) for part in ("opening", category, "closing")
    )


def _generic_reply(proposal: Proposal, names: str, role: str, category: str) -> str:
    """The reply to the one suggestion the seed names (its subject is not in the table)."""
    body = {
        ResultCategory.SOLVED: "您所提问题已经解决，相关措施已落实到位。",
        ResultCategory.IN_PROGRESS: "您所提问题正在解决，已列入下一年度工作计划，将分步实施。",
        ResultCategory.FOR_REFERENCE: (
            "受财力等条件限制，您所提问题暂时不能解决，我们将留作参考，待条件成熟时统筹考虑。"
        ),
    }[category]
    return (
        f"{names}{role}：\n您提出的《{proposal.title}》收悉，现答复如下：{body}"
        "感谢您对政府工作的关心和支持。"
    )


def load(stdout, *, today: date | None = None) -> None:
    today = today or timezone.localdate()
    with transaction.atomic():
        org = _organization()
        petitions = _load_petitions(org, stdout, today)
        proposals = _load_proposals(org, stdout, today)
    stdout.write(
        gettext(
            "Petitions and proposals of %(organization)s: %(petitions)d petitions and "
            "%(proposals)d proposals added (%(first)d to %(last)d)."
        )
        % {
            "organization": org.name,
            "petitions": petitions,
            "proposals": proposals,
            "first": min(PETITION_PLANS),
            "last": today.year,
        }
        + "\n"
    )
