"""The search index and queries (run on SQLite and on PostgreSQL alike)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import Attachment, Disclosure, DisclosureStatus, SearchDocument
from disclosure.search import index, query, segment
from tests.factories import CategoryFactory, DisclosureFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def found(text, queryset=None):
    queryset = Disclosure.objects.all() if queryset is None else queryset
    return set(query.search(queryset, text).values_list("title", flat=True))


# A fixed set of documents: the same queries must find the same ones on both databases.
CORPUS = [
    {
        "title": "关于开展2016年环境监测工作的通知",
        "document_number": "自环发〔2016〕12号",
        "body": "<p>各乡镇：为做好大气污染防治，现将环境监测有关事项通知如下。</p>",
        "published_on": date(2016, 5, 3),
    },
    {
        "title": "区生态环境局2017年工作要点",
        "document_number": "自环发〔2017〕3号",
        "body": "<p>加强环境执法。全年开展水质监测十二次，完善监测网络。</p>",
        "published_on": date(2017, 2, 10),
    },
    {
        "title": "关于公开招聘事业单位工作人员的公告",
        "document_number": "自人社发〔2018〕7号",
        "body": "<p>根据《事业单位人事管理条例》，现公开招聘工作人员20名。</p>",
        "published_on": date(2018, 6, 1),
    },
    {
        "title": "区政府办公室关于印发信息公开指南的通知",
        "document_number": "自府办发〔2019〕1号",
        "body": "<p>政府信息公开工作按照依申请公开程序办理，申请人可以申请行政复议。</p>",
        "published_on": date(2019, 1, 15),
    },
    {
        "title": "食品安全抽检结果公告",
        "document_number": "",
        "body": "<p>本次抽检食品120批次，合格率98%。ＰＭ２．５ 年均浓度下降。</p>",
        "published_on": date(2020, 9, 9),
    },
]

QUERIES = {
    "环境 监测": {"关于开展2016年环境监测工作的通知", "区生态环境局2017年工作要点"},
    "环境监测": {"关于开展2016年环境监测工作的通知"},
    "监测": {"关于开展2016年环境监测工作的通知", "区生态环境局2017年工作要点"},
    "关于 招聘": {"关于公开招聘事业单位工作人员的公告"},
    "招聘": {"关于公开招聘事业单位工作人员的公告"},
    "自环发[2016]12号": {"关于开展2016年环境监测工作的通知"},
    "自环发(2016)12号": {"关于开展2016年环境监测工作的通知"},
    "自环发（2016）12号": {"关于开展2016年环境监测工作的通知"},
    "自环发【2016】12号": {"关于开展2016年环境监测工作的通知"},
    "环发201612号": set(),
    "自环发201612号": {"关于开展2016年环境监测工作的通知"},
    '"依申请公开"': {"区政府办公室关于印发信息公开指南的通知"},
    '"申请行政复议"': {"区政府办公室关于印发信息公开指南的通知"},
    '"复议申请"': set(),
    "行政复议": {"区政府办公室关于印发信息公开指南的通知"},
    "pm2.5": {"食品安全抽检结果公告"},
    "食品 合格率": {"食品安全抽检结果公告"},
    "食品 招聘": set(),
    "无关词语": set(),
}


@pytest.fixture
def corpus():
    organization = OrganizationFactory(code="hbj", name="自流井区生态环境局")
    category = CategoryFactory(name="通知公告")
    return [
        DisclosureFactory(organization=organization, category=category, **fields)
        for fields in CORPUS
    ]


def test_same_documents_on_every_database(corpus):
    results = {text: found(text) for text in QUERIES}
    assert results == QUERIES, connection.vendor


def test_normalisation_keeps_length_and_unifies_brackets():
    for text in ["自环发〔2016〕12号", "ＡＢＣ（2016）", "【2016】", "Ｐｍ２．５"]:
        assert len(segment.normalize(text)) == len(text)
    forms = ["[2016]", "〔2016〕", "（2016）", "(2016)", "【2016】"]
    assert {segment.normalize(f) for f in forms} == {"[2016]"}
    assert segment.normalize("ＰＭ２．５") == "pm2.5"


def test_index_number_finds_its_document(corpus):
    target = corpus[2]
    assert target.index_number
    assert found(target.index_number) == {target.title}
    assert found(segment.compact(target.index_number)) == {target.title}


def test_word_only_in_an_attachment_finds_the_document(corpus):
    target = corpus[4]
    assert found("检验报告编号") == set()
    attachment = Attachment.objects.create(disclosure=target, file="a.pdf", title="附件")
    # As the extraction job stores the text: the field set, then the disclosure re-indexed.
    Attachment.objects.filter(pk=attachment.pk).update(extracted_text="附件：检验报告编号 QX-77")
    index.update_disclosures([target.pk])
    assert found("检验报告编号") == {target.title}
    assert "<mark>检验报告编号</mark>" in query.snippet(target, "检验报告编号")
    # Deleting the attachment takes its words out of the index (after commit).
    attachment.delete()
    assert found("检验报告编号") == set()


def test_only_published_documents_and_withdrawn_leave_at_once(corpus):
    draft = DisclosureFactory(title="草稿：环境监测方案", status=DisclosureStatus.DRAFT)
    assert not SearchDocument.objects.filter(disclosure=draft).exists()
    assert draft.title not in found("环境监测")
    target = corpus[0]
    target.status = DisclosureStatus.WITHDRAWN
    target.withdrawal_reason = "内容有误"
    target.save()
    assert not SearchDocument.objects.filter(disclosure=target).exists()
    assert found("环境监测") == set()
    target.delete()
    assert found("自环发[2016]12号") == set()


def test_deleted_document_leaves_the_index(corpus):
    corpus[3].delete()
    assert found("行政复议") == set()
    assert SearchDocument.objects.count() == len(CORPUS) - 1


def test_rebuild(corpus):
    index.clear()
    assert found("监测") == set()
    lines = []
    assert index.rebuild(progress=lambda done, total: lines.append((done, total))) == 5
    assert lines[-1] == (5, 5)
    assert found("环境 监测") == QUERIES["环境 监测"]


def test_ranking_title_first_then_recent(corpus):
    older = DisclosureFactory(
        title="河道水质情况", body="<p>水质良好</p>", published_on=date(2015, 1, 1)
    )
    newer = DisclosureFactory(
        title="河道水质情况", body="<p>水质良好</p>", published_on=date(2021, 1, 1)
    )
    in_title = DisclosureFactory(
        title="水质监测月报", body="<p>本月情况</p>", published_on=date(2010, 1, 1)
    )
    ranked = list(query.order(query.search(Disclosure.objects.all(), "水质")))
    ids = [d.pk for d in ranked]
    # Equal texts: the recent one first.
    assert ids.index(newer.pk) < ids.index(older.pk)
    assert in_title.pk in ids
    by_date = [d.pk for d in query.order(query.search(Disclosure.objects.all(), "水质"), True)]
    assert by_date[0] == newer.pk and by_date[-1] == in_title.pk


def test_snippet_marks_and_escapes(corpus):
    target = DisclosureFactory(
        title="测试", body="<p>前言 &lt;script&gt; 环境监测站点</p><p>" + "其他内容" * 80 + "</p>"
    )
    html = query.snippet(target, "环境 监测")
    assert "<mark>环境</mark>" in html and "<mark>监测</mark>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    html = query.snippet(target, "环境监测")
    assert "<mark>环境监测</mark>" in html


def test_facets_count_the_matches(corpus):
    other = OrganizationFactory(code="rsj", name="人社局")
    DisclosureFactory(organization=other, title="监测人员招聘", published_on=date(2016, 7, 1))
    facets = query.facets(query.search(Disclosure.objects.all(), "监测"))
    assert dict(facets["organization"]) == {"hbj": 2, "rsj": 1}
    assert dict(facets["year"]) == {2016: 2, 2017: 1}
    assert sum(n for _, n in facets["genre"]) == 3


def test_suggest_any_distinctive_word(corpus):
    titles = [d.title for d in query.suggest("我想申请公开今年的食品安全抽检情况")]
    assert titles and titles[0] == "食品安全抽检结果公告"
    assert query.suggest("请提供信息") == []


def test_query_count_does_not_grow(corpus):
    def count(text):
        with CaptureQueriesContext(connection) as captured:
            qs = query.search(Disclosure.objects.all(), text)
            list(query.order(qs)[:20])
            query.facets(qs)
        return len(captured)

    small = count("监测")
    for n in range(20):
        DisclosureFactory(title=f"监测报告{n}")
    assert count("监测") == small


def test_publish_and_withdraw_through_the_services(corpus):
    from disclosure.services.publishing import publish_disclosure, withdraw_disclosure

    draft = DisclosureFactory(
        title="区水务局防汛抢险预案", status=DisclosureStatus.DRAFT, published_on=None
    )
    assert found("防汛抢险") == set()
    publish_disclosure(disclosure=draft, by=None)
    assert found("防汛抢险") == {draft.title}
    withdraw_disclosure(disclosure=draft, by=None, reason="内容有误")
    assert found("防汛抢险") == set()
    assert not SearchDocument.objects.filter(disclosure=draft).exists()


def test_rows_written_without_signals_are_indexed_by_the_catch_up(corpus):
    """Bulk writes send no signals: `index_missing` (the job an import starts, and beat's
    catch-up) indexes the published rows missing from the index, and only those."""
    from disclosure.search.index import index_missing, missing_ids

    common = {"organization": corpus[0].organization, "category": corpus[0].category}
    Disclosure.objects.bulk_create(
        [
            Disclosure(
                index_number="BULK/2026-00001",
                title="批量导入的河长制工作通报",
                written_on=date(2026, 1, 5),
                published_on=date(2026, 1, 6),
                status=DisclosureStatus.PUBLISHED,
                body="<p>河长制</p>",
                **common,
            ),
            Disclosure(
                index_number="BULK/2026-00002",
                title="批量导入的河长制草稿",
                written_on=date(2026, 1, 5),
                status=DisclosureStatus.DRAFT,
                body="<p>河长制</p>",
                **common,
            ),
        ]
    )
    assert found("河长制") == set()
    assert len(missing_ids()) == 1
    assert index_missing() == 1
    assert found("河长制") == {"批量导入的河长制工作通报"}
    assert missing_ids() == []
    assert index_missing() == 0
