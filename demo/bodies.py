"""Bodies and attachments of the demo's generated catalogue items.

A generated item gets several paragraphs of 公文 text of its kind (a 通知 that
印发 a plan, a 公示, a procurement notice, a 政策解读, a reply to a netizen, a
月度财政收支情况 with figures …), from the paragraph templates in
`demo/data/document_bodies.json`, filled with the item's organization, dates and
subject. A sample of items also gets an attachment generated at load time (the
plan as .docx, the monthly figures as .xlsx, the procurement requirements and
the application forms as .docx), stored through the attachment storage.

Deterministic: each item's choices are seeded by its 索引号, so the generator of
titles (seeded by the year) is not disturbed and a body never changes between runs.
"""

from __future__ import annotations

import io
import random
import re
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils.html import escape

from demo import datafiles

TEMPLATES = datafiles.read_json("document_bodies.json")
KINDS = TEMPLATES["kinds"]
ADDRESSEES = TEMPLATES["addressees"]
METHODS = TEMPLATES["procurement_methods"]
RECEIVERS = TEMPLATES["news_receivers"]
# Paragraphs shown in bold: the section headings of a plan or an interpretation.
HEADING = re.compile(r"^[一二三四五六七八九十]+、[^。：]{2,12}$")
# Attachments are given to a sample of the items published from this year on.
ATTACHMENTS_FROM = 2024


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _workdays_after(day: date, n: int) -> date:
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def kind_of(category: str, title: str, genre: str) -> str:
    """Which body a generated item gets, from its column and title."""
    if "印发《" in title and title.endswith("的通知"):
        return "plan_notice"
    if category == "policy-interpretation":
        return "interpretation" if title.startswith("《") else "plan_interpretation"
    if "通报" in title and "表扬" in title:
        return "commendation"
    if "调整" in title and "成员" in title:
        return "group_notice"
    if category == "key-public-finance":
        return "finance_stats" if "财政收支" in title else "fund_notice"
    if category == "key-public-resources":
        return "procurement_result" if re.search("中标|成交", title) else "procurement"
    if category == "responses":
        return "response"
    if category == "online-interviews":
        return "interview"
    if category == "press-conferences":
        return "press"
    if category == "news":
        return "news_event" if re.search("活动|宣传|举行|开展“", title) else "news_meeting"
    if "办事指南" in title:
        return "service_guide"
    if "招聘编外" in title:
        return "recruitment"
    if title.endswith("的通知"):
        return "work_notice"
    if category in ("key-administrative-power", "key-public-supervision", "key-credit"):
        return "enforcement"
    if "公示" in title:
        return "publicity"
    return "default"


SUBJECT_RULES = [
    # (pattern whose first group is the subject, for the titles of one kind)
    r"表扬\d{4}年度(.+?)先进集体",
    r"调整(.+?)成员的通知",
    r"关于(?:做好|开展)(.+?)的通知$",
    r"在线访谈：(?:\d{4}年)?(.+)$",
    r"^自流井区\d{4}年(.+?)新闻发布会$",
    r"^(.+?)办事指南",
]


def _subject(title: str) -> str:
    """The matter a title is about: 关于X的通知 → X; a plain title stays as it is."""
    text = re.sub(r"（[^）]*）$", "", title)
    for rule in SUBJECT_RULES:
        match = re.search(rule, text)
        if match:
            return match.group(1)
    match = re.search(r"关于(.+?)的(?:通知|公示|公告|通报|回复|消费提示)$", text)
    if match:
        return match.group(1)
    # 区环保局2025年3月行政许可办理结果公示 → …办理结果 (the body says 公示 or 公开 itself).
    return re.sub(r"(?:公示|公开)$", "", text)


def _plan(title: str) -> str:
    match = re.search(r"《(.+?)》", title)
    return match.group(1) if match else _subject(title)


def _finance_figures(rng: random.Random, month: int) -> dict[str, str]:
    """Plausible cumulative figures of a district of about 350,000 people, in 万元."""
    revenue = round(rng.uniform(1.0, 1.3) * 16000 * month / 12)
    tax = round(revenue * rng.uniform(0.62, 0.74))
    spending = round(revenue * rng.uniform(2.1, 2.6))
    education = round(spending * rng.uniform(0.15, 0.19))
    social = round(spending * rng.uniform(0.16, 0.21))
    health = round(spending * rng.uniform(0.07, 0.10))
    community = round(spending * rng.uniform(0.10, 0.14))
    return {
        "revenue": f"{revenue:.0f}",
        "growth": f"{rng.uniform(-3.5, 8.9):.1f}",
        "progress": f"{min(99.6, month / 12 * 100 * rng.uniform(0.93, 1.05)):.1f}",
        "tax": f"{tax:.0f}",
        "tax_share": f"{tax / revenue * 100:.1f}",
        "nontax": f"{revenue - tax:.0f}",
        "spending": f"{spending:.0f}",
        "spending_growth": f"{rng.uniform(-2.0, 9.5):.1f}",
        "education": f"{education:.0f}",
        "social": f"{social:.0f}",
        "health": f"{health:.0f}",
        "community": f"{community:.0f}",
        "livelihood": f"{rng.uniform(72.0, 81.0):.1f}",
    }


STAGES = ("竞争性谈判公告", "公开招标公告", "中标候选人公示", "成交结果公告")
SUPPLIERS = ["四川某某建设工程有限公司", "自贡某某市政工程有限公司", "四川某某科技有限公司",
             "自贡某某物业服务有限公司", "四川某某设备有限公司"]  # fmt: skip


def _procurement(title: str, rng: random.Random) -> dict[str, str]:
    """The project and stage of a procurement notice, and made-up supplier and price."""
    stage = next((s for s in STAGES if title.endswith(s)), "")
    candidate = stage.startswith("中标候选人")
    budget = rng.randint(12, 980)
    return {
        "amount": str(budget),
        "project": title.removesuffix(stage) if stage else title,
        "stage": stage,
        "method": {
            "公开招标公告": "公开招标",
            "中标候选人公示": "公开招标",
            "竞争性谈判公告": "竞争性谈判",
        }.get(stage, rng.choice(["竞争性谈判", "竞争性磋商"])),
        "first_label": "第一中标候选人" if candidate else "成交供应商",
        # 招标投标法实施条例第五十四条: candidates are shown for at least 3 days.
        "notice_period": "自本公示发布之日起3日" if candidate else "自本公告发布之日起1个工作日",
        "price_label": "投标报价" if candidate else "成交金额",
        "supplier": rng.choice(SUPPLIERS),
        "price": f"{budget * rng.uniform(0.86, 0.98):.2f}",
    }


def values_for(item, org, rng: random.Random) -> dict[str, str]:
    """The placeholders of the templates for one item."""
    day = item.published_on or item.written_on
    title = item.title
    period_match = re.search(r"(\d{4})年(\d{1,2})月", title)
    month = int(period_match.group(2)) if period_match else max(1, day.month - 1)
    period = f"{period_match.group(1)}年1—{month}月" if period_match else f"{day.year}年"
    issuer = org.name
    if "自贡市自流井区人民政府办公室" in title:
        issuer = "自贡市自流井区人民政府办公室"
    elif title.startswith("自贡市自流井区人民政府关于"):
        issuer = "自贡市自流井区人民政府"
    work = _plan(title)
    for prefix in (f"自流井区{day.year}年", f"自流井区{day.year - 1}年"):
        work = work.removeprefix(prefix)
    values = {
        "addressees": ADDRESSEES,
        "org": org.name,
        "short": org.short_name,
        "issuer": issuer,
        "title": title,
        "subject": _subject(title),
        "plan": _plan(title),
        "work": work.removesuffix("实施方案").removesuffix("工作方案").removesuffix("工作要点")
        or "各项",
        "year": str(day.year),
        "last_year": str(day.year - 1),
        "date": chinese_date(item.written_on),
        "deadline": chinese_date(_workdays_after(day, rng.choice((5, 7, 10)))),
        "deadline5": chinese_date(_workdays_after(item.written_on, 5)),
        "promise": str(rng.randint(3, 15)),
        "leaflets": str(rng.randint(4, 60) * 50),
        "participants": rng.choice(
            [
                "区级有关部门负责同志",
                "各镇（乡）、街道分管负责同志",
                "区级有关部门和各镇（乡）、街道负责同志",
            ]
        ),
        "day_of_month": str(rng.choice((5, 10, 25))),
        "phone": org.phone or "0813-2203651",
        "address": org.address or "四川省自贡市自流井区丹桂大街99号",
        "hours": org.office_hours or "工作日上午9:00—12:00，下午14:00—17:30",
        "receiver": rng.choice(RECEIVERS),
        "lead": org.short_name,
        "units": "、".join(
            rng.sample(
                [
                    "五星街街道",
                    "区教育局",
                    "舒坪街道",
                    "区卫生和计划生育局",
                    "郭家坳街道",
                    "区财政局",
                    "仲权镇",
                ],
                2,
            )
        ),
        "count": str(rng.randint(3, 28)),
        "persons": str(rng.randint(20, 260)),
        "amount": str(rng.randint(12, 980)),
        "method": rng.choice(METHODS),
        **(_procurement(title, rng) if item.category == "key-public-resources" else {}),
        "issue": _subject(title).removeprefix("网民反映“").split("”")[0],
        "period": period,
        **_finance_figures(rng, month),
    }
    if "网民反映" in title:
        values["issue"] = title.split("“", 1)[1].split("”", 1)[0]
    return values


def compose(item, org) -> str:
    """The HTML body of a generated item: paragraphs of its kind, filled in."""
    rng = random.Random(f"zlj-demo-body-{item.index_number}")
    kind = kind_of(item.category, item.title, item.genre)
    values = values_for(item, org, rng)
    paragraphs = []
    for variants in KINDS[kind]:
        text = rng.choice(variants).format(**values)
        html = escape(text)
        if HEADING.match(text):
            html = f"<strong>{html}</strong>"
        paragraphs.append(f"<p>{html}</p>")
    return "".join(paragraphs)


# --- attachments -------------------------------------------------------------------------


def attachment_kind(item) -> str | None:
    """Which generated file an item gets, if any: a sample, recent years mostly."""
    kind = kind_of(item.category, item.title, item.genre)
    year = (item.published_on or item.written_on).year
    if year < ATTACHMENTS_FROM or not item.published_on:
        return None
    if kind == "plan_notice":
        return "plan"
    if kind == "finance_stats":
        return "finance"
    # One in five of the others (by the last digit of the 索引号).
    if kind == "procurement" and item.index_number[-1] in "05":
        return "procurement"
    if kind == "service_guide" and item.index_number[-1] in "05":
        return "form"
    return None


def _docx(title: str, paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    heading = document.add_paragraph()
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(18)
    run.font.name = "宋体"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading.alignment = 1  # centred
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        grid.style = "Table Grid"
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "公开表"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["A"].width = 36
    for letter in "BCDE"[: len(header) - 1]:
        sheet.column_dimensions[letter].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attachment_for(item, org) -> tuple[str, ContentFile] | None:
    """(title, file) of the item's generated attachment, or None."""
    kind = attachment_kind(item)
    if kind is None:
        return None
    rng = random.Random(f"zlj-demo-file-{item.index_number}")
    values = values_for(item, org, rng)
    if kind == "plan":
        plan = values["plan"]
        # The plan itself: the paragraphs after its title in the notice.
        start = KINDS["plan_notice"].index(["{plan}"]) + 1
        paragraphs = [
            rng.choice(variants).format(**values) for variants in KINDS["plan_notice"][start:]
        ]
        data = _docx(plan, paragraphs)
        return plan, ContentFile(data, name=f"{plan}.docx")
    if kind == "finance":
        name = f"{values['period']}自流井区财政收支情况表"
        rows = [
            ["一般公共预算收入", float(values["revenue"]), float(values["growth"])],
            ["　其中：税收收入", float(values["tax"]), round(rng.uniform(-5, 10), 1)],
            ["　　　　非税收入", float(values["nontax"]), round(rng.uniform(-8, 12), 1)],
            ["一般公共预算支出", float(values["spending"]), float(values["spending_growth"])],
            ["　其中：教育支出", float(values["education"]), round(rng.uniform(-3, 9), 1)],
            ["　　　　社会保障和就业支出", float(values["social"]), round(rng.uniform(0, 12), 1)],
            ["　　　　卫生健康支出", float(values["health"]), round(rng.uniform(-4, 10), 1)],
            ["　　　　城乡社区支出", float(values["community"]), round(rng.uniform(-10, 8), 1)],
        ]
        data = _xlsx(name, ["项目", "累计完成（万元）", "同比增长（%）"], rows)
        return name, ContentFile(data, name=f"{name}.xlsx")
    if kind == "procurement":
        name = f"{values['project'].removesuffix('采购')}采购需求"
        table = [["序号", "内容", "数量", "技术要求"]] + [
            [str(n), f"采购内容{n}", str(rng.randint(1, 30)), "符合国家及行业现行标准"]
            for n in range(1, 4)
        ]
        paragraphs = [
            f"项目名称：{values['project']}",
            f"采购方式：{values['method']}",
            f"预算金额：{values['amount']}万元",
            "一、采购内容及技术要求",
        ]
        data = _docx(name, paragraphs, table)
        return name, ContentFile(data, name=f"{name}.docx")
    name = f"{values['subject'].removesuffix('办事指南')}申请表"
    table = [
        ["申请人名称", "", "统一社会信用代码或身份证件号码", ""],
        ["联系人", "", "联系电话", ""],
        ["申请事项", "", "", ""],
        ["申请理由", "", "", ""],
        ["申请人（签章）", "", "申请日期", "　　年　月　日"],
    ]
    data = _docx(name, ["（申请人填写，不得涂改）"], table)
    return name, ContentFile(data, name=f"{name}.docx")
