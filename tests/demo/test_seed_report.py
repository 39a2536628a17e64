"""`load_demo` regenerates the seed report (自流井区's 2016 annual report) from the data.

`annual_report --org zlj --year 2016 --format narrative2007 --output text` is compared
with the seed paragraph by paragraph, after normalising whitespace and punctuation widths
(the seed's web copy mixes ASCII commas, brackets and quotes into Chinese text). The only
differences allowed are the ones documented in docs/seed-differences.md ("The annual
report"), listed in CORRECTIONS with their reason; each must still be needed, so a
difference that disappears or a new one fails the test.
"""

import json
import re
from collections import Counter
from contextlib import redirect_stdout
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from demo import reports as reports_demo
from reports.engine.formats import sections
from reports.engine.placeholders import keys_in
from reports.models import EnteredFigure, Report, ReportSection

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The seed as stored in shared/seed/ (outside the repository, so a copy lives here; see
# test_the_embedded_seed_is_the_shared_one).
SEED_TEXT = (
    "根据《中华人民共和国政府信息公开条例》(下文简称《条例》)和《自贡市政府信息公开实施办"
    "法》等文件精神,现将我区2016年信息公开总结如下。全文包括概述、政府信息主动公开情况、"
    "依申请公开办理情况、收费及减免情况、行政诉讼(复议)情况、存在的主要问题及改进措施、其"
    "他情况七个部分。本总结统计数据的期限为2016年1月1日至12月31日。\n"
    "一 、概 述\n"
    '2016年,我区认真贯彻《条例》精神,落实"六个走在前列"要求,以打造"阳光政府"为目标,全面加'
    "强服务型政府建设,稳妥有序地推进政府信息公开各项工作。\n"
    "一是高度重视,认真做好行政权力信息公开。推行权力清单制度建设是党的十八届三、四中全会"
    "作出的一项重要部署,区委、区政府高度重视,以行政审批制度改革为突破口,大力推进简政放权,"
    "在区政府门户网站公布了《行政审批项目目录》、《自流井区区级行政权力责任清单》和《行政"
    "审批项目流程清单》。《行政审批项目流程清单》从审批程序、申请材料、承诺期限、申请地点"
    "等16个方面对行政审批事项的办理进行规范,让企业、群众知道他们所办理的事项需要经过哪些"
    "环节、准备哪些资料、到哪里找谁办理以及办理的进展情况等信息,既方便了企业、群众办事,又"
    "加强了对政府行政权力运行的监督。\n"
    "二是认真梳理,深化公开重点领域政府信息。为深入贯彻落实中共中央办公厅、国务院办公厅《"
    "关于全面推进政务公开工作的意见》、省政府办公厅《关于贯彻落实国务院办公厅2016年政务公"
    "开工作要点的通知》(川办发〔2016〕31号)和市政府办公室《关于贯彻落实国务院办公厅2016年"
    "政务公开工作要点的实施意见》(自府办发〔2016〕15号)精神,进一步细化公开任务,明确公开重"
    '点,配合市政府推进网站集约化建设,新增了"政府重点信息公开专栏"。2016年在新门户网站公开'
    "和更新行政权力、财政资金、公共资源配置、公共服务、公共监管等重点领域政府信息400多条,"
    '其中,有56个区级相关部门在政府门户网站公示了2015年度经费决算和"三公经费"情况。\n'
    "三是完善系统,不断升级重点办事服务事项。通过项目清理、流程优化、资源整合,进一步精减完"
    '善了全区行政许可事项的在线办理。全面梳理了"户口办理、生育证办理、身份证办理、企业优'
    '惠扶持、老年人福利待遇、残疾人服务、房屋产权登记"等重点办事服务专栏,确保了企业、群众'
    "在各种情况下都能找到办事途径。\n"
    "二 、政府信息主动公开情况\n"
    '2016年通过自流井区门户网站"政务动态、政务公开、政府文件"等栏目主动公开各类信息1191条'
    ",图片信息100多幅,通过网上政务大厅发布政务办件信息97458条、办结信息97456条,使政府信息"
    '传播更加可读、可感,进一步增强政府网站的吸引力和亲和力。2014年,"微自流井"政务微博在腾'
    '讯微博正式开通, 2016年共发布了官方微博信息169条。2015年11月,政务微信"微自流井"(微信'
    "号:zlj-zwwx)正式开通,2016年共发布政务微信141条,现区内各部门已开通政务微信、微博共13"
    "个,2016年共发布各类信息5000余条。通过在机关大楼公示栏、电梯间、政务中心办事大厅、外"
    "在机关单位张贴二维码广告牌,加大对我区政务微信的宣传力度,让群众更好地关注我区政务动态"
    "。\n"
    "三、重点领域公开和五公开情况\n"
    "(一)推进行政权力信息公开\n"
    "我区高度重视行政审批制度改革,大力推进简政放权,依据《行政审批项目目录》(2015年3月16日"
    '发布于区门户网站的"自贡市自流井区人民政府关于自贡市自流井区区级行政许可项目目录的公'
    '告")公布了行政审批项目182项(其中区本级158项,市级管理部门24项),进一步规范行政审批事项'
    "办理流程,方便了群众办事。我区本级及各部门分别公开权力责任清单,强化了对政府部门权力运"
    "行的监督管理。\n"
    "(二)推进财政资金信息公开\n"
    '为进一步推进财政资金信息公开,让"财政资金"在阳光下运行。2016年区财政局通过区政府门户'
    "网站公开了全区各部门2015年部门决算情况、2016年部门预算情况及2017年部门预算情况,全区"
    "三公经费2015年决算、2016年预算。\n"
    "(三)加强公共资源配置信息公开\n"
    "2016年区政务中心根据政府采购等相关法律法规和现行文件,对我区政府采购、公共资源交易等"
    "信息在四川政府采购网进行公开、公示。共计408条。\n"
    "(四)加强公共服务信息公开\n"
    "网站集约化建设环境下我区门户网站设立办事服务信息栏目,整合了婚姻收养、招生信息、医疗"
    "卫生、就业信息、社会保障等14项公共服务信息资源,推动以教育、卫生为重点的公共服务信息"
    "公开。及时向社会扩大招生政策、招生计划、小升初、中考招生等相关信息公开范围;进一步完"
    "善医务公开工作的实施方案和指导性目录,全面公布辖区内药店信息、医疗服务的价格信息;着重"
    "做好住房、交通、企业服务等信息公开,逐步拓展公共服务信息公开范围。\n"
    "(五)加强公共监管信息公开\n"
    "整合环境保护、生产安全、食品安全、信用信息等公共监管信息专栏。在市环保局网站和区政府"
    "网站上对每季度的环评审批、排污许可证审批、行政处罚、排污费收取、集中式饮用水源水质情"
    "况和重点排污情况进行了主动公开;在区政府常务会议上配合水务局对《自贡市集中式饮用水水"
    '源地保护管理条例》进行了解读。在区门户网站重点信息公开专栏"环境保护"栏目公开了"自流'
    '井区环保局2016年8—11月已审批建设项目环境影响评价文件的公示"、"自流井区环保护关于2016'
    '年度第三季度"双随机"抽测检查情况的公示"、"2016年7月城市集中式饮用水水源";"食品药品安'
    '全"栏目公开了"自流井区食药局食用农产品抽检公示表";"生产安全"栏目公开了相关法律法规政'
    '策;"信用信息"栏目公开了我区小微企业信息名录。切实做到监管过程、结果全面公开。\n'
    "(六)积极回应社会热点和关切\n"
    '围 绕全区工作重点和公众关注热点,拓展了政府网站信息公开范围,一是开设了"政策解读"、"回'
    '应关切"、"在线访谈"和"新闻发布会"等栏目。重要政策法规出台后,针对公众关切,加强解疑释'
    '惑,通过政府网站发布解读信息,及时予以回应。二是建设"领导信箱"栏目和"网上投诉受理"平台'
    "。全年网上流转量543件,通过四川省网上信息信访系统、人民网、市委书记市长信箱转交办件达"
    "占所有信访件的50.1%,信访件共录入262件,录入率100%。2016年,我区信访局共受理信访总量129"
    "6件(人)次,其中受理来信3件,受理网上投诉件6件,接待来访群众253批1287人次(其中集体访60批"
    "917人次),及时受理率100%,来访较去年同期批次下降10.28%,人次下降34.77%;群访60批917人次,"
    "较去年批次下降29.41%,人次下降43.88%;初访201批886人次,较去年批次下降21.18%,人次下降46"
    ".40%。针对涉及群众切身利益的重要决策,向社会广泛征求群众意见。针对教育、医疗、社保、"
    '就业、住房、出行等民生工程,开展网上 "民意征集"调查。对电子政务服务的需求、行政审批项'
    "目流程清单、公共交通服务民生、党风廉政建设和反腐倡廉等工作进行了问卷调查。\n"
    "四、政府信息依申请公开情况\n"
    "随着社会群众法治意识的不断增强,对政府的依法行政提出了更高的要求,人民群众的政府信息依"
    "申请公开数量逐年增多,政府信息公开申请主要涉及征地拆迁、安置补偿、社保低保等与人民群"
    "众生产、生活利益息息相关的政府信息。截至目前,2016年区本级共受理政府信息公开申请1件,"
    "其中现场申请1件,回复率100%。同时,强化各部门对网络依申请公开的重视度,督促及时做好答复"
    "工作。\n"
    "五、政府信息公开的收费及减免情况\n"
    "在政府信息公开工作中,我区没有对公民、法人和其他组织收取复印、递送等成本费用。\n"
    "六、因政府信息公开\n"
    "申请行政复议和提起行政诉讼的情况\n"
    "2016年度因政府信息公开引起的行政诉讼案件共3起,其中行政诉讼案办结2起,正在办理1起。\n"
    "七、人大代表建议和政协委员提案办理结果公开情况\n"
    "2016年,区政府共承办区人大代表意见建议14件,办结率为100%,满意件13件,不满意件1件(C类办"
    "理件,为罗瑛代表提出关于每年为退休科技干部和退休工人体检一次的建议)。其中,A类办理件共"
    "11件,比去年增加1件,占总件数的78.57%,同比增加25.94%;B类办理件共2件,比去年减少4件,占总"
    "件数的14.28%,同比减少17.3%;1件C类办理件,比去年增加2件,占总件数的7.14%,同比减少8.65%"
    "。\n"
    "2016年,区政府办理区政协委员提案74件,涉及城乡建设和管理、道路交通、经济发展、农业农村"
    "、社会事业等方面内容。其中A类办理件共35件,占总数的47.3%;B类办理件共37件,占总数的50%;"
    "C类办理件共2件,点总数的2.7%。所有委员提案已在规定时限内按要求办结,其中,满意74件,无不"
    "满意件。\n"
    "八、政府信息公开存在的主要问题及改进措施\n"
    "(一)做好政府信息主动公开工作。建立完善政府信息主动公开工作机制,及时、准确、全面公开"
    "涉及群众切身利益和需要社会广泛知晓的政府信息。\n"
    "(二)落实政府信息公开主体责任。进一步规范政府信息依申请公开的受理、审查、处理、答复工"
    "作流程,形成全区政府信息公开主动、及时、准确、全面的良好氛围。\n"
    "(三)加强对办事服务信息公开工作的指导。加强对办事服务信息公开工作情况的调查研究,促进"
    "全区办事服务信息公开工作深入开展。\n"
    "(四)积极推进政府信息公开载体建设。优化升级信息公开网站平台,及时更新和完善公共查阅点"
    "的政府信息,拓宽公开渠道,方便公众获取信息。\n"
    "(五)加强政府信息公开工作队伍建设。开展全区政府信息公开专干培训,进一步提升政府信息公"
    "开专干队伍的业务水平和综合素质。\n"
    "九、 其他情况\n"
    "我区政务服务窗口接待群众办事、咨询服务约3.7万人次,日均接待135余人次。共开展延时服务"
    "件约430余次,预约服务件110余次、上门服务件40余次、快递服务件3次。\n"
    "|"
)

# The seed breaks one heading over two lines.
SEED_HEADING_BREAK = ("六、因政府信息公开", "申请行政复议和提起行政诉讼的情况")

KEY_AREAS_HEADING = sections("narrative2007")[3].heading

# (in the normalised seed, in the normalised output, why): docs/seed-differences.md.
CORRECTIONS = [
    (
        "全文包括概述、政府信息主动公开情况、依申请公开办理情况、收费及减免情况、行政诉讼（复议）情况、"
        "存在的主要问题及改进措施、其他情况七个部分",
        "全文包括概述、政府信息主动公开情况、重点领域公开和五公开情况、依申请公开办理情况、"
        "收费及减免情况、行政诉讼（复议）情况、人大代表建议和政协委员提案办理结果公开情况、"
        "存在的主要问题及改进措施、其他情况九个部分",
        "the seed has nine sections but its introduction lists seven",
    ),
    (
        "三、重点领域公开和五公开情况",
        KEY_AREAS_HEADING,
        "headings come from the narrative2007 format (reports/formats.py)",
    ),
    (
        "重点领域政府信息400多条",
        "重点领域政府信息426条",
        "counted from the catalogue's key-area columns instead of the seed's round figure",
    ),
    (
        "人次下降46.40%",
        "人次下降46.4%",
        "percentages are printed with at most two decimals, trailing zeros dropped",
    ),
    (
        "同比增加25.94%",
        "同比增加25.94个百分点",
        "a change of a share is in percentage points",
    ),
    (
        "占总件数的14.28%，同比减少17.3%",
        "占总件数的14.29%，同比减少17.29个百分点",
        "2/14 = 14.2857% rounds to 14.29 (the seed truncated); the change follows; points",
    ),
    (
        "比去年增加2件，占总件数的7.14%，同比减少8.65%",
        "比去年减少2件，占总件数的7.14%，同比减少8.65个百分点",
        "C went from 3 (2015) to 1: a decrease of 2; a change of a share is in points",
    ),
]

WIDTHS = str.maketrans(
    {",": "，", "(": "（", ")": "）", ":": "：", ";": "；"}
    | dict.fromkeys('"“”‘’', "“")  # quotation marks: any kind, any level
)


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(WIDTHS)


def seed_paragraphs() -> list[str]:
    lines = [normalise(line) for line in SEED_TEXT.splitlines()]
    lines = [line for line in lines if line and line != "|"]  # "|": an artefact of the copy
    first, second = SEED_HEADING_BREAK
    i = lines.index(first)
    assert lines[i + 1] == second
    lines[i : i + 2] = [first + second]
    return lines


def seed_paragraphs_corrected() -> list[str]:
    text = "\n".join(seed_paragraphs())
    for seed, output, reason in CORRECTIONS:
        if seed == output:
            continue
        assert text.count(seed) == 1, f"correction no longer applies ({reason}): {seed}"
        text = text.replace(seed, output)
    return text.split("\n")


def numbers(text: str) -> Counter:
    return Counter(re.findall(r"\d+(?:\.\d+)?", text))


def run_load_demo() -> str:
    out = StringIO()
    with time_machine.travel(f"{TODAY.isoformat()} 10:00 +0800", tick=False):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def annual_report(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with redirect_stdout(out):
        call_command("annual_report", *args, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                yield run_load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def seed_report(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return annual_report(
            "--org", "zlj", "--year", "2016", "--format", "narrative2007", "--output", "text"
        )


@pytest.fixture(scope="module")
def seed_json(demo, django_db_blocker):
    with django_db_blocker.unblock():
        out, _err = annual_report(
            "--org", "zlj", "--year", "2016", "--format", "narrative2007", "--output", "json"
        )
    return json.loads(out)


def output_paragraphs(text: str) -> list[str]:
    lines = [normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    title = lines.pop(0)
    assert title == "【草稿】自贡市自流井区人民政府2016年政府信息公开工作年度报告"
    return lines


def test_the_embedded_seed_is_the_shared_one():
    shared = Path(settings.BASE_DIR).parent / "shared" / "seed"
    files = sorted(shared.glob("*.txt")) if shared.is_dir() else []
    if not files:
        pytest.skip("shared/seed is not next to the repository")
    assert files[0].read_text(encoding="utf-8") == SEED_TEXT


def test_the_report_is_the_seed_paragraph_by_paragraph(seed_report):
    text, errors = seed_report

    assert errors == ""  # no failing check
    assert output_paragraphs(text) == seed_paragraphs_corrected()


def test_the_nine_section_headings_come_in_the_seeds_order(seed_report):
    text, _errors = seed_report
    headings = [s.heading for s in sections("narrative2007") if s.heading]
    lines = [line.strip() for line in text.splitlines()]

    assert len(headings) == 9
    positions = [lines.index(h) for h in headings]
    assert positions == sorted(positions)
    seed = seed_paragraphs()
    for heading in headings:
        if heading != KEY_AREAS_HEADING or KEY_AREAS_HEADING in seed:
            assert normalise(heading) in seed


def test_every_number_of_the_seed_is_in_the_report_but_the_corrected_ones(seed_report):
    text, _errors = seed_report
    seed, output = numbers(SEED_TEXT), numbers("\n".join(output_paragraphs(text)))

    # 400多 → 426 (counted), 46.40 → 46.4 (format), 14.28 → 14.29 and 17.3 → 17.29 (rounding).
    assert seed - output == Counter(["400", "46.40", "14.28", "17.3"])
    assert output - seed == Counter(["426", "46.4", "14.29", "17.29"])


def test_every_figure_of_the_report_is_computed_or_entered(seed_json):
    report = Report.objects.get(organization__code="zlj", year=2016, format="narrative2007")
    used = {
        key
        for text in ReportSection.objects.filter(report=report).values_list("text", flat=True)
        for key in keys_in(text)
    }
    figures = {f["key"]: f for f in seed_json["figures"]}

    assert report.include_children
    assert len(used) >= 60
    assert all(figures[key]["value"] is not None for key in used)
    entered = {key for key in used if figures[key]["source"] == "entered"}
    computed = {key for key in used if figures[key]["source"] == "computed"}
    assert entered | computed == used
    assert entered == {e.key for e in reports_demo.ENTERED_2016}
    # The seed's 1191, 426 (400多), 56, 182 and every petition and proposal figure are counted.
    assert {
        "disclosures.published",
        "disclosures.key_areas",
        "disclosures.budget_departments",
        "approvals.items_total",
        "petitions.total",
        "proposals.npc.b.share",
        "proposals.npc.dissatisfied_detail",
        "applications.received",
        "reviews.litigation.total",
    } <= computed


def test_entered_figures_carry_the_seeds_qualifiers(seed_json):
    figures = {f["key"]: f for f in seed_json["figures"]}

    assert (figures["portal.images"]["value"], figures["portal.images"]["qualifier"]) == (
        100,
        "more",
    )
    assert figures["window.visitors"]["qualifier"] == "about"
    assert figures["services.extended_hours"]["qualifier"] == "about_over"
    assert figures["petitions.forwarded_share"]["value"] == 50.1
    assert figures["approvals.items_total"]["value"] == 182


def test_the_placeholder_and_entered_figure_checks_pass(seed_json):
    checks = {c["rule"]: c for c in seed_json["checks"]}

    assert checks["placeholders"]["ok"], checks["placeholders"]["message"]
    assert checks["entered_figures"]["ok"], checks["entered_figures"]["message"]
    assert all(c["ok"] for c in seed_json["checks"])


def test_the_current_years_national_report_passes_its_checks(demo):
    report = Report.objects.get(organization__code="zlj", year=TODAY.year, format="gb2021")
    out, errors = annual_report(
        "--org", "zlj", "--year", str(TODAY.year), "--format", "gb2021", "--output", "json"
    )
    data = json.loads(out)
    checks = {c["rule"]: c for c in data["checks"]}

    assert report.include_children
    # The district is a people's government: its 五 has the 第五十条（四） paragraph.
    assert {s.key: s.text for s in report.sections.all()} == {
        s.key: s.default_for(report.organization.kind) for s in sections("gb2021")
    }
    for rule in ("R1", "R2", "R3", "R4", "placeholders", "entered_figures"):
        assert checks[rule]["ok"], checks[rule]["message"]
    assert errors == ""
    # The demo's open and answered 2026 applications are in 表三; 表二's entered cells too.
    assert data["tables"]["table3"]["new_received"]["total"] >= 7
    assert data["tables"]["table2"]["administrative_fees"]["amount_10k_yuan"] == 386.52


def test_loading_again_adds_nothing_and_keeps_edits(demo):
    figure = EnteredFigure.objects.get(organization__code="zlj", year=2016, key="hall.cases_closed")
    figure.value = Decimal(97457)
    figure.save()
    section = ReportSection.objects.get(
        report__organization__code="zlj", report__year=2016, key="fees"
    )
    section.text = "本年度未收取任何费用。"
    section.save()
    before = (EnteredFigure.objects.count(), Report.objects.count(), ReportSection.objects.count())

    out = StringIO()
    reports_demo.load(out, today=TODAY)

    after = (EnteredFigure.objects.count(), Report.objects.count(), ReportSection.objects.count())
    assert after == before
    figure.refresh_from_db()
    section.refresh_from_db()
    assert figure.value == 97457
    assert section.text == "本年度未收取任何费用。"
    assert "0" in out.getvalue()
