"""The two report formats: their sections in order, headings, tables and default texts.

Default texts produce a complete report from the figures alone; staff replace
them with their own prose in the report record. Every number in a default
text is a placeholder. A section may have a different default for people's
governments (`government_text`), whose reports the 条例 asks more of.
"""

from dataclasses import dataclass

from disclosure.models import OrganizationKind

# 第五十条（四）: "各级人民政府" — county-level and above (`government`) and townships.
PEOPLES_GOVERNMENTS = frozenset({OrganizationKind.GOVERNMENT, OrganizationKind.TOWNSHIP})


@dataclass(frozen=True)
class SectionDef:
    key: str
    heading: str
    default_text: str
    table: str = ""  # "table2" | "table3" | "table4": rendered after the prose
    government_text: str = ""  # the default for a people's government, when it differs

    def default_for(self, kind: str | None) -> str:
        """The default text of this section for an organization of `kind`."""
        if self.government_text and kind in PEOPLES_GOVERNMENTS:
            return self.government_text
        return self.default_text


NARRATIVE2007 = [
    SectionDef(
        "intro",
        "",
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》），现将{report.organization}"
        "{report.year}年政府信息公开工作情况报告如下。全文包括概述、政府信息主动公开情况、重点领域公开情况、"
        "依申请公开办理情况、收费及减免情况、行政复议和行政诉讼情况、人大代表建议和政协委员提案办理结果公开情况、"
        "存在的主要问题及改进措施、其他情况九个部分。本报告统计数据的期限为{report.year}年1月1日至12月31日。",
    ),
    SectionDef(
        "overview",
        "一、概述",
        "{report.year}年，{report.organization}认真贯彻《条例》，稳妥有序地推进政府信息公开各项工作。"
        "全年主动公开政府信息{disclosures.published}条，新收政府信息公开申请{applications.received}件。",
    ),
    SectionDef(
        "proactive",
        "二、政府信息主动公开情况",
        "{report.year}年通过门户网站等渠道主动公开各类政府信息{disclosures.published}条，"
        "其中政策解读{disclosures.interpretations}条。",
    ),
    SectionDef(
        "key_areas",
        "三、重点领域公开情况",
        "围绕行政权力、财政资金、公共资源配置、公共服务、公共监管等重点领域，及时公开相关政府信息。",
    ),
    SectionDef(
        "applications",
        "四、政府信息依申请公开情况",
        "{report.year}年共受理政府信息公开申请{applications.received}件，上年结转{applications.carried_over}件；"
        "办结{applications.closed}件，答复率{applications.reply_rate:pct}；"
        "结转下年度继续办理{applications.carried_forward}件。",
    ),
    # Reports of this format were written under the 2007 条例, whose 第二十七条 allowed only
    # 检索、复制、邮寄等成本费用; the 信息处理费 came with the 2019 条例.
    SectionDef(
        "fees",
        "五、政府信息公开的收费及减免情况",
        "根据《条例》第二十七条，行政机关依申请提供政府信息，除可以收取检索、复制、邮寄等成本费用外，"
        "不得收取其他费用。{report.year}年，{report.organization}{fees.cost_statement}。",
    ),
    SectionDef(
        "reviews",
        "六、因政府信息公开申请行政复议和提起行政诉讼的情况",
        "{report.year}年度因政府信息公开引起的行政复议案件{reviews.reconsideration.total}起，"
        "行政诉讼案件{reviews.litigation.total}起，其中行政诉讼案件已审结{reviews.litigation.closed}起，"
        "尚未审结{reviews.litigation.pending}起。",
    ),
    SectionDef(
        "proposals",
        "七、人大代表建议和政协委员提案办理结果公开情况",
        "{report.year}年，承办人大代表建议{proposals.npc.count}件，办结率{proposals.npc.closure_rate:pct}；"
        "承办政协委员提案{proposals.cppcc.count}件，办结率{proposals.cppcc.closure_rate:pct}。",
    ),
    SectionDef(
        "problems",
        "八、政府信息公开存在的主要问题及改进措施",
        "政府信息公开工作仍存在公开内容不够全面、更新不够及时等问题。下一步将进一步规范依申请公开工作流程，"
        "加强政府信息公开工作队伍建设。",
    ),
    SectionDef("other", "九、其他情况", "无其他需要报告的事项。"),
]

GB2021_PROBLEMS = (
    "政府信息公开工作仍存在公开内容不够全面、更新不够及时等问题。下一步将进一步规范依申请公开工作流程，"
    "加强政府信息公开工作队伍建设。"
)
# 第五十条（四）, for people's governments only.
GB2021_ASSESSMENT = (
    "工作考核、社会评议和责任追究结果情况：{report.year}年，{report.organization}将政府信息公开工作"
    "纳入年度绩效考核，通过政府网站听取社会公众对政府信息公开工作的评议意见；本年度未发生因政府"
    "信息公开工作被追究责任的情况。"
)

GB2021 = [
    SectionDef(
        "intro",
        "",
        "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作"
        "年度报告格式》（国办公开办函〔2021〕30号）编制。本报告统计期限为{report.year}年1月1日至12月31日。"
        "本报告电子版可在{report.organization}政府信息公开网站查阅或下载。如对本报告有疑问，请与"
        "{report.office}联系（地址：{report.address}；电话：{report.phone}）。",
    ),
    SectionDef(
        "overview",
        "一、总体情况",
        "{report.year}年，{report.organization}认真贯彻落实《条例》，全年主动公开政府信息"
        "{disclosures.published}条，新收政府信息公开申请{applications.received}件，"
        "办结{applications.closed}件。",
    ),
    SectionDef("proactive", "二、主动公开政府信息情况", "", table="table2"),
    SectionDef("applications", "三、收到和处理政府信息公开申请情况", "", table="table3"),
    SectionDef("reviews", "四、政府信息公开行政复议、行政诉讼情况", "", table="table4"),
    SectionDef(
        "problems",
        "五、存在的主要问题及改进情况",
        GB2021_PROBLEMS,
        # 第五十条（四）: a people's government's report also gives the results of the
        # work's assessment, public appraisal and accountability.
        government_text=GB2021_PROBLEMS + "\n" + GB2021_ASSESSMENT,
    ),
    SectionDef("other", "六、其他需要报告的事项", "无其他需要报告的事项。"),
]

FORMATS: dict[str, list[SectionDef]] = {"narrative2007": NARRATIVE2007, "gb2021": GB2021}


def sections(format_key: str) -> list[SectionDef]:
    return FORMATS[format_key]
