"""The national format's tables as grids of cells with merged headers (国办公开办函〔2021〕30号).

One layout feeds every output (HTML, docx, xlsx, text), so the exact labels and
merges are written once. Each data cell carries its stable key
("table3.granted.total") so that checks can point at it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from reports.engine.tables import TABLE3_COLUMNS


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    key: str = ""  # the figure key of a data cell
    # A header labelling the data cells to its right (the left-hand labels), rather than
    # those below it: screen readers announce it with each cell of its row(s).
    row_header: bool = False

    @property
    def scope(self) -> str:
        """The HTML `scope` of a header cell: row, rowgroup, col or colgroup."""
        if self.row_header:
            return "rowgroup" if self.rowspan > 1 else "row"
        return "colgroup" if self.colspan > 1 else "col"


def row_label(text: str, *, rowspan: int = 1, colspan: int = 1) -> Cell:
    """A left-hand label of a table row (or a group of rows)."""
    return Cell(text, rowspan=rowspan, colspan=colspan, header=True, row_header=True)


Grid = list[list[Cell]]
Value = Callable[[str], str]  # figure key → text


TABLE3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

TABLE3_GROUPS = [
    ("（三）不予公开", [
        ("1.属于国家秘密", "withheld_state_secret"),
        ("2.其他法律行政法规禁止公开", "withheld_prohibited_by_law"),
        ("3.危及“三安全一稳定”", "withheld_security_stability"),
        ("4.保护第三方合法权益", "withheld_third_party_rights"),
        ("5.属于三类内部事务信息", "withheld_internal_affairs"),
        ("6.属于四类过程性信息", "withheld_process_information"),
        ("7.属于行政执法案卷", "withheld_enforcement_file"),
        ("8.属于行政查询事项", "withheld_administrative_query"),
    ]),
    ("（四）无法提供", [
        ("1.本机关不掌握相关政府信息", "unavailable_not_held"),
        ("2.没有现成信息需要另行制作", "unavailable_needs_creation"),
        ("3.补正后申请内容仍不明确", "unavailable_unclear_after_correction"),
    ]),
    ("（五）不予处理", [
        ("1.信访举报投诉类申请", "not_processed_petition"),
        ("2.重复申请", "not_processed_duplicate"),
        ("3.要求提供公开出版物", "not_processed_publication"),
        ("4.无正当理由大量反复申请", "not_processed_excessive"),
        ("5.要求行政机关确认或重新出具已获取信息", "not_processed_confirmation"),
    ]),
    ("（六）其他处理", [
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "other_no_correction"),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         "other_fee_unpaid"),
        ("3.其他", "other"),
    ]),
]  # fmt: skip


def _values(row: str, value: Value) -> list[Cell]:
    return [Cell(value(f"table3.{row}.{c}"), key=f"table3.{row}.{c}") for c in TABLE3_COLUMNS]


def table3(value: Value) -> Grid:
    grid: Grid = [
        [
            Cell(TABLE3_CORNER, rowspan=3, colspan=3, header=True),
            Cell("申请人情况", colspan=7, header=True),
        ],
        [
            Cell("自然人", rowspan=2, header=True),
            Cell("法人或其他组织", colspan=5, header=True),
            Cell("总计", rowspan=2, header=True),
        ],
        [
            Cell(t, header=True)
            for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
        ],
        [
            row_label("一、本年新收政府信息公开申请数量", colspan=3),
            *_values("new_received", value),
        ],
        [
            row_label("二、上年结转政府信息公开申请数量", colspan=3),
            *_values("carried_over", value),
        ],
    ]
    results_rows = 2 + sum(len(rows) for _, rows in TABLE3_GROUPS) + 1
    grid.append(
        [
            row_label("三、本年度办理结果", rowspan=results_rows),
            row_label("（一）予以公开", colspan=2),
            *_values("granted", value),
        ]
    )
    grid.append(
        [
            row_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2),
            *_values("partially_granted", value),
        ]
    )
    for heading, rows in TABLE3_GROUPS:
        for i, (label, key) in enumerate(rows):
            lead = [row_label(heading, rowspan=len(rows))] if i == 0 else []
            grid.append([*lead, row_label(label), *_values(key, value)])
    grid.append([row_label("（七）总计", colspan=2), *_values("total_processed", value)])
    grid.append(
        [row_label("四、结转下年度继续办理", colspan=3), *_values("carried_forward", value)]
    )
    return grid


def table2(value: Value) -> Grid:
    def doc_row(label, row):
        return [row_label(label)] + [
            Cell(value(f"table2.{row}.{c}"), key=f"table2.{row}.{c}")
            for c in ("issued", "repealed", "in_force")
        ]

    def single_row(label, row, column):
        key = f"table2.{row}.{column}"
        return [row_label(label), Cell(value(key), colspan=3, key=key)]

    return [
        [Cell("第二十条第（一）项", colspan=4, header=True)],
        [
            Cell(t, header=True)
            for t in ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
        ],
        doc_row("规章", "regulations"),
        doc_row("行政规范性文件", "normative_documents"),
        [Cell("第二十条第（五）项", colspan=4, header=True)],
        [Cell("信息内容", header=True), Cell("本年处理决定数量", colspan=3, header=True)],
        single_row("行政许可", "administrative_licensing", "decisions"),
        [Cell("第二十条第（六）项", colspan=4, header=True)],
        [Cell("信息内容", header=True), Cell("本年处理决定数量", colspan=3, header=True)],
        single_row("行政处罚", "administrative_penalty", "decisions"),
        single_row("行政强制", "administrative_coercion", "decisions"),
        [Cell("第二十条第（八）项", colspan=4, header=True)],
        [Cell("信息内容", header=True), Cell("本年收费金额（单位：万元）", colspan=3, header=True)],
        single_row("行政事业性收费", "administrative_fees", "amount_10k_yuan"),
    ]


TABLE4_RESULT_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
TABLE4_RESULT_KEYS = ["upheld", "corrected", "other", "pending", "total"]


def table4(value: Value) -> Grid:
    groups = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    return [
        [Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
        [Cell(t, rowspan=2, header=True) for t in TABLE4_RESULT_LABELS]
        + [
            Cell("未经复议直接起诉", colspan=5, header=True),
            Cell("复议后起诉", colspan=5, header=True),
        ],
        [Cell(t, header=True) for t in TABLE4_RESULT_LABELS * 2],
        [
            Cell(value(f"table4.{g}.{c}"), key=f"table4.{g}.{c}")
            for g in groups
            for c in TABLE4_RESULT_KEYS
        ],
    ]


TABLES = {"table2": table2, "table3": table3, "table4": table4}
TABLE_TITLES = {
    "table2": "二、主动公开政府信息情况",
    "table3": "三、收到和处理政府信息公开申请情况",
    "table4": "四、政府信息公开行政复议、行政诉讼情况",
}


def place(grid: Grid) -> tuple[list[tuple[int, int, Cell]], int, int]:
    """Absolute (row, column) of each cell after the merges: for docx and xlsx writers."""
    occupied: set[tuple[int, int]] = set()
    placed = []
    width = 0
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied.add((r + dr, c + dc))
            c += cell.colspan
            width = max(width, c)
    height = max(r for r, _ in occupied) + 1 if occupied else 0
    return placed, height, width
