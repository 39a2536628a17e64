"""Reading the State Council's notice of a year's holidays, as published.

"国务院办公厅关于YYYY年部分节假日安排的通知" gives one numbered item per holiday:
the days off ("10月1日至8日放假调休，共8天", "1月1日放假，1月2日（星期一）补休") and the
weekend days worked instead (调休: "9月30日（星期六）上班"). The year comes from the
title or is given. The items are the only text read; the preamble, the closing
paragraph, the signature and the date are not.

Pure: no database. The result lists every day off (every day of each range,
weekends included) and every 调休 workday; `HolidayNotice.exceptions()` gives the
calendar exceptions they imply. Anything the reader is not sure of (an unreadable
date, a range that runs backwards, a weekday that does not match its date, a day
both off and worked, a count of days that does not add up) is an error naming the
line: a wrong calendar moves every statutory deadline, so nothing is guessed.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

# The years the calendar tables accept (CalendarYear's check constraint).
MIN_YEAR, MAX_YEAR = 2000, 2100

_NUMBERED = re.compile(r"^[一二三四五六七八九十]+[、.]")
# Several items pasted on one line: "…上班。二、春节：…".
_NEXT_ITEM = re.compile(r"(?<=。)(?=[一二三四五六七八九十]+、)")
_TITLE = re.compile(r"关于(\d{4})年(?:部分)?节假日(?:放假)?安排的通知")
_DOCUMENT = re.compile(r"(国办发明电)[〔\[(](\d{4})[〕\])](\d+)号")
_SENTENCE_END = re.compile(r"[。;.]")
_TOKEN = re.compile(
    r"(?P<date>(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日)"
    r"|(?P<paren>\([^()]*\))"
    r"|(?P<count>共?(?P<n>\d+)天)"
    r"|(?P<to>至|到|[-~—–―])"
    r"|(?P<sep>,)"
    r"|(?P<stray>\d[\d年月号]*|[〇一二三四五六七八九十]+[月日]|[()])"
)
_WEEKDAY = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
_OFF_WORDS = ("放假", "补休", "休息", "休假")
_WORK_WORD = "上班"
# A sentence that encourages (鼓励…带薪年休假) arranges nothing: "安排职工在除夕（2月9日）
# 休息" in the 2024 notice is advice to employers, not a day off.
_ADVICE_WORD = "鼓励"


@dataclass(frozen=True)
class LineError:
    """A problem with the notice; `line` is 1-based, 0 when it concerns no single line."""

    line: int
    text: str
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return _("Line %(line)s “%(text)s”: %(problem)s") % {
            "line": self.line,
            "text": self.text,
            "problem": self.message,
        }


class NoticeError(Exception):
    """The notice cannot be read; `errors` says where and why, in line order."""

    def __init__(self, errors: list[LineError]):
        self.errors = sorted(errors, key=lambda e: e.line)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(frozen=True)
class NoticeDay:
    day: date
    is_workday: bool
    holiday: str
    line: int

    @property
    def mark(self) -> str:
        return "班" if self.is_workday else "休"

    @property
    def exception(self) -> tuple[bool, str] | None:
        """The calendar exception this day implies: (is_workday, note), or None when the
        Monday–Friday rule already gives it (a day off on a weekend)."""
        weekend = self.day.weekday() >= 5
        if self.is_workday and weekend:
            return True, f"{self.holiday}调休上班"[:100]
        if not self.is_workday and not weekend:
            return False, self.holiday[:100]
        return None


@dataclass(frozen=True)
class HolidayNotice:
    year: int
    reference: str  # the document number, e.g. 国办发明电〔2025〕7号; "" when not in the text
    days: tuple[NoticeDay, ...]  # in date order

    def exceptions(self) -> dict[date, tuple[bool, str]]:
        """The calendar exceptions the notice implies, by date: (is_workday, note)."""
        return {d.day: d.exception for d in self.days if d.exception is not None}

    def listing(self) -> list[str]:
        """One line per day, "YYYY-MM-DD 休" or "YYYY-MM-DD 班", in date order."""
        return [f"{d.day.isoformat()} {d.mark}" for d in self.days]


def parse_notice(text: str, *, year: int | None = None) -> HolidayNotice:
    """Read the notice; `year` is required when the text has no title. Raises NoticeError."""
    raw_lines = text.splitlines()
    lines = [_normalize(line) for line in raw_lines]
    notice_year = _notice_year(lines, raw_lines, year)

    errors: list[LineError] = []
    off: dict[date, NoticeDay] = {}
    work: dict[date, NoticeDay] = {}
    for number, (raw, line) in enumerate(zip(raw_lines, lines, strict=True), start=1):
        if not _NUMBERED.match(line):
            continue
        for item in _NEXT_ITEM.split(line):
            reader = _ItemReader(notice_year, number, raw.strip())
            reader.read(item)
            errors.extend(reader.errors)
            for day in reader.off:
                if day in work:
                    errors.append(reader.error(_both_message(day)))
                else:
                    off.setdefault(day, NoticeDay(day, False, reader.name, number))
            for day in reader.work:
                if day in off:
                    errors.append(reader.error(_both_message(day)))
                elif day.weekday() < 5:
                    errors.append(
                        reader.error(
                            _(
                                "%(date)s is a %(weekday)s, a working day anyway: only a "
                                "Saturday or Sunday can be a 调休 working day."
                            )
                            % {"date": day.isoformat(), "weekday": _WEEKDAY_NAMES[day.weekday()]}
                        )
                    )
                else:
                    work.setdefault(day, NoticeDay(day, True, reader.name, number))
    if not errors and not off:
        errors.append(
            LineError(
                0,
                "",
                _(
                    "No holiday found: the notice's arrangements are its numbered lines, "
                    "such as “一、元旦：1月1日放假…”."
                ),
            )
        )
    if errors:
        raise NoticeError(errors)
    days = sorted([*off.values(), *work.values()], key=lambda d: d.day)
    return HolidayNotice(year=notice_year, reference=_reference(lines), days=tuple(days))


def _normalize(line: str) -> str:
    """Full-width forms to half-width (digits, colon, parentheses, commas), no spaces."""
    return re.sub(r"[\s\u200b\ufeff]+", "", unicodedata.normalize("NFKC", line))


def _both_message(day: date) -> str:
    return _("%(date)s is both a day off and a working day in this notice.") % {
        "date": day.isoformat()
    }


def _notice_year(lines: list[str], raw_lines: list[str], given: int | None) -> int:
    # The title may be broken over two lines ("…关于2017年" / "部分节假日安排的通知").
    found = None
    for number, line in enumerate(lines, start=1):
        joined = line + (lines[number] if number < len(lines) else "")
        match = _TITLE.search(joined)
        if match and match.start(1) < len(line):
            found = (int(match.group(1)), number)
            break
    if found and given is not None and found[0] != given:
        raise NoticeError(
            [
                LineError(
                    found[1],
                    raw_lines[found[1] - 1].strip(),
                    _("the title is for %(title)s, but the year given is %(given)s.")
                    % {"title": found[0], "given": given},
                )
            ]
        )
    notice_year = found[0] if found else given
    if notice_year is None:
        raise NoticeError(
            [
                LineError(
                    0,
                    "",
                    _(
                        "The year cannot be determined: the text has no title "
                        "“国务院办公厅关于YYYY年部分节假日安排的通知”; give the year."
                    ),
                )
            ]
        )
    if not MIN_YEAR <= notice_year <= MAX_YEAR:
        line = found[1] if found else 0
        raise NoticeError(
            [
                LineError(
                    line,
                    raw_lines[line - 1].strip() if line else "",
                    _("the year %(year)s is outside %(min)s–%(max)s.")
                    % {"year": notice_year, "min": MIN_YEAR, "max": MAX_YEAR},
                )
            ]
        )
    return notice_year


def _reference(lines: list[str]) -> str:
    for line in lines:
        match = _DOCUMENT.search(line)
        if match:
            return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号"
    return ""


class _Clause:
    def __init__(self):
        self.ranges: list[tuple[date, date]] = []
        self.words = ""


class _ItemReader:
    """Reads one numbered item: "二、春节：1月27日至2月2日放假调休，共7天。…上班。"."""

    def __init__(self, year: int, line: int, text: str):
        self.year = year
        self.line = line
        self.text = text
        self.name = ""
        self.off: list[date] = []
        self.work: list[date] = []
        self.errors: list[LineError] = []
        self._last: date | None = None  # the last date read, for "至3日" and "、28日"

    def error(self, message: str) -> LineError:
        return LineError(self.line, self.text, message)

    def _fail(self, message: str) -> None:
        self.errors.append(self.error(message))

    def read(self, item: str) -> None:
        body = _NUMBERED.sub("", item, count=1)
        name, colon, rest = body.partition(":")
        if not colon:
            # No "名称：": the name is what comes before the first date.
            first_digit = re.search(r"\d", body)
            cut = first_digit.start() if first_digit else len(body)
            name, rest = body[:cut], body[cut:]
        self.name = name.strip("、,:")
        for sentence in _SENTENCE_END.split(rest):
            if sentence and _ADVICE_WORD not in sentence:
                self._read_sentence(sentence)
        if not self.off and not self.work and not self.errors:
            self._fail(_("no date found: write dates as 1月1日, ranges as 1月1日至3日."))

    def _read_sentence(self, sentence: str) -> None:
        clauses = [_Clause()]
        count: int | None = None
        after_date = False  # the previous token was a date (or its parenthesis)
        range_open = False  # a "至" waits for its end date
        position = 0
        for token in _TOKEN.finditer(sentence):
            gap = sentence[position : token.start()]
            clauses[-1].words += gap
            position = token.end()
            if gap:
                after_date = False
            kind = token.lastgroup
            if kind in ("y", "m", "d", "n"):
                kind = next(k for k in ("date", "count") if token.group(k))
            if kind == "date":
                day = self._resolve(token, range_end=range_open)
                if day is None:
                    return
                current = clauses[-1].ranges
                if range_open:
                    start = current[-1][0]
                    if day < start:
                        self._fail(
                            _("the range %(start)s to %(end)s runs backwards.")
                            % {"start": start.isoformat(), "end": day.isoformat()}
                        )
                        return
                    current[-1] = (start, day)
                    range_open = False
                else:
                    current.append((day, day))
                self._last = day
                after_date = True
                continue
            if kind == "paren":
                if not self._check_parenthesis(token.group("paren"), after_date):
                    return
                continue
            if range_open or (kind == "to" and not after_date):
                self._fail(
                    _("cannot read “%(text)s”: a range is written 1月1日至3日.")
                    % {"text": sentence}
                )
                return
            after_date = False
            if kind == "to":
                range_open = True
            elif kind == "sep":
                clauses.append(_Clause())
            elif kind == "count":
                count = int(token.group("n"))
            else:
                self._fail(
                    _("cannot read “%(part)s” in “%(text)s”: write dates as 1月1日.")
                    % {"part": token.group(), "text": sentence}
                )
                return
        clauses[-1].words += sentence[position:]
        if range_open:
            self._fail(
                _("cannot read “%(text)s”: a range is written 1月1日至3日.") % {"text": sentence}
            )
            return

        days_off = 0
        for clause in clauses:
            if not clause.ranges:
                continue
            works = _WORK_WORD in clause.words
            rests = any(word in clause.words for word in _OFF_WORDS)
            if works == rests:
                self._fail(
                    _(
                        "cannot tell whether the dates in “%(text)s” are days off "
                        "(放假, 补休) or working days (上班)."
                    )
                    % {"text": sentence}
                )
                return
            days = [day for start, end in clause.ranges for day in _each_day(start, end)]
            if works:
                self.work.extend(days)
            else:
                self.off.extend(days)
                days_off += len(days)
        if count is not None and count != days_off:
            self._fail(
                _("“%(text)s” says %(count)s days, but its dates give %(days)s days off.")
                % {"text": sentence, "count": count, "days": days_off}
            )

    def _resolve(self, token: re.Match, *, range_end: bool) -> date | None:
        """The date of a "[YYYY年][M月]D日" token; None (and an error) when it is none."""
        year, month = token.group("y"), token.group("m")
        if month is None or (year is None and range_end):
            # "至3日", "、28日", "至2月2日": the month and year, or the year, run on.
            if self._last is None:
                self._fail(
                    _("“%(date)s” has no month: write it as 1月1日.") % {"date": token.group()}
                )
                return None
            month = month or self._last.month
            year = year or self._last.year
        year = int(year) if year else self.year
        if abs(year - self.year) > 1:
            self._fail(
                _("%(date)s is not near the notice's year %(year)s.")
                % {"date": token.group(), "year": self.year}
            )
            return None
        try:
            return date(year, int(month), int(token.group("d")))
        except ValueError:
            self._fail(_("there is no date %(date)s.") % {"date": token.group()})
            return None

    def _check_parenthesis(self, text: str, after_date: bool) -> bool:
        """A weekday in parentheses must be the weekday of the date before it; the rest
        (农历腊月二十八) is left aside. A date in parentheses is not read: refuse it."""
        if re.search(r"\d", text):
            self._fail(
                _("cannot read the date in “%(text)s”: only a weekday is read in parentheses.")
                % {"text": text}
            )
            return False
        weekday = _WEEKDAY.search(text)
        if weekday and after_date and self._last is not None:
            said = _WEEKDAYS[weekday.group(1)]
            if said != self._last.weekday():
                self._fail(
                    _("%(date)s is a %(actual)s, but the notice says %(said)s.")
                    % {
                        "date": self._last.isoformat(),
                        "actual": _WEEKDAY_NAMES[self._last.weekday()],
                        "said": weekday.group(0),
                    }
                )
                return False
        return True


def _each_day(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
