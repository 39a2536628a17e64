"""Chinese segmentation and normalisation shared by the index and the queries.

The same functions turn a document into index tokens and a query into query tokens, so
the two always agree, on SQLite (FTS5) as on PostgreSQL (tsvector).

Segmenter: rjieba (Python binding of jieba-rs, jieba's dictionary and algorithm in Rust),
its dictionary extended with data/dict.txt (文种, 公文 vocabulary, 机构名称). Measured
against jieba 0.42.1 on 10,000 demo-like bodies (docs/architecture.md "Search"): 13× faster
(what makes indexing a million documents a matter of minutes), and jieba has had no
release since 2020.

Normalisation is length-preserving (one character in, one character out), so positions
found in normalised text are positions in the original text (used by the snippets):
NFKC full-width → half-width, lower case, and every kind of 文号 bracket to `[` `]`.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

DICTIONARY = Path(__file__).with_name("data") / "dict.txt"

# 〔2016〕 【2016】 （2016） (2016) ［2016］ [2016] ﹝2016﹞ all become [2016].
_BRACKETS = str.maketrans(
    {
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "（": "[",
        "）": "]",
        "(": "[",
        ")": "]",
        "［": "[",
        "］": "]",
        "﹝": "[",
        "﹞": "]",
        "〖": "[",
        "〗": "]",
        "｛": "[",
        "｝": "]",
        "{": "[",
        "}": "]",
    }
)

# A token is kept when it holds a letter or a digit (punctuation and spaces are not indexed).
_WORDLIKE = re.compile(r"[^\W_]")
# Runs of letters and digits inside a code such as 环发[2016]12号 or 1151…/2016-00012.
_ALNUM_RUN = re.compile(r"[^\W_]+")
_HAS_DIGIT = re.compile(r"\d")


def _normalize_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).lower()
    if len(folded) != 1:
        # NFKC expands a few characters (①, ㈠, ligatures): keep them as they are, so the
        # normalised text has exactly the positions of the original.
        folded = char.lower() if len(char.lower()) == 1 else char
    return folded.translate(_BRACKETS)


class _Folding(dict):
    """The translation table of `normalize`, filled on first sight of each character
    (str.translate then runs in C for every character seen before)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _normalize_char(chr(code))
        return folded


_FOLDING = _Folding()


def normalize(text: str) -> str:
    """Full-width → half-width, lower case, 文号 brackets unified; same length as `text`."""
    if not text:
        return ""
    return text.translate(_FOLDING)


def compact(text: str) -> str:
    """A code without its punctuation: `环发[2016]12号` → `环发201612号` (one whole token)."""
    return "".join(_ALNUM_RUN.findall(normalize(text)))


class _Segmenter:
    """rjieba's segmenter (jieba-rs) with the government dictionary, loaded once per
    process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokenizer = None

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = load_segmenter()
        return self._tokenizer


def dictionary_entries(path: Path = DICTIONARY) -> list[tuple[str, int | None]]:
    """(word, frequency) of the dictionary file: `word [frequency]` a line, # comments."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        frequency = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        entries.append((normalize(parts[0]), frequency))
    return entries


def load_segmenter():
    import rjieba

    segmenter = rjieba.Jieba()
    for word, frequency in dictionary_entries():
        segmenter.add_word(word, frequency, None)
    return segmenter


_segmenter = _Segmenter()


_ALNUM_WORD = re.compile(r"[^\W_]+")


def _clean(tokens) -> list[str]:
    """Tokens of letters and digits only (punctuation inside a token is dropped, so neither
    FTS5 nor PostgreSQL ever splits a token again)."""
    cleaned = []
    for token in tokens:
        if _ALNUM_WORD.fullmatch(token):
            cleaned.append(token)
        elif _WORDLIKE.search(token):
            cleaned.append("".join(_ALNUM_RUN.findall(token)))
    return cleaned


# Sub-words are looked for inside words of up to this length, and are at most this long.
MAX_WORD_SCAN = 16
MAX_SUBWORD = 8


@lru_cache(maxsize=200_000)
def _expand(word: str) -> tuple[str, ...]:
    """The index tokens of one segmented word: the word, then the dictionary words inside
    it (of any length ≥ 2); for a word with punctuation (pm2.5, 2026-00057) the word without
    it and its runs of letters and digits; nothing for punctuation."""
    if _ALNUM_WORD.fullmatch(word):
        tokens = [word]
        if 2 < len(word) <= MAX_WORD_SCAN and not word.isascii():
            has_word = _segmenter.tokenizer.has_word
            for size in range(min(len(word) - 1, MAX_SUBWORD), 1, -1):
                for start in range(len(word) - size + 1):
                    sub = word[start : start + size]
                    if has_word(sub):
                        tokens.append(sub)
        return tuple(tokens)
    runs = _ALNUM_RUN.findall(word)
    if not runs:
        return ()
    whole = "".join(runs)
    return (whole, *runs) if len(runs) > 1 else (whole,)


def index_tokens(text: str) -> list[str]:
    """Search-mode tokens of `text` in reading order: each word and the dictionary words
    inside it (中华人民共和国 → 中华人民共和国, 人民共和国, 中华人民, 共和国, 中华, 人民, 共和 …;
    区文化广播电视体育局 → … 广播电视, 体育局 …), so a sub-word typed alone still finds the
    document."""
    text = normalize(text)
    if not text.strip():
        return []
    tokens: list[str] = []
    for word in _segmenter.tokenizer.cut(text, True):
        tokens.extend(_expand(word))
    return tokens


def query_tokens(text: str) -> list[str]:
    """Precise-mode tokens of one query word (each is among the index tokens of a text that
    holds the word, segmented alike)."""
    text = normalize(text)
    if not text.strip():
        return []
    return _clean(_segmenter.tokenizer.cut(text, True))


def code_tokens(code: str) -> list[str]:
    """A 文号 or 索引号 indexed whole (compact) and as its parts."""
    code = normalize(code).strip()
    if not code:
        return []
    whole = compact(code)
    parts = index_tokens(code)
    return ([whole] if whole else []) + [part for part in parts if part != whole]


def looks_like_code(word: str) -> bool:
    """A query word with digits among other characters (a 文号, 索引号 or date) is matched
    whole or by its parts."""
    normalized = normalize(word)
    if not _HAS_DIGIT.search(normalized):
        return False
    runs = _ALNUM_RUN.findall(normalized)
    # 环发[2016]12号 (several runs) or 自环发201612号 (digits among other characters).
    return len(runs) > 1 or (len(runs) == 1 and not runs[0].isdigit())


def month_token(day) -> str:
    """The token of a document's month of publication (`@202611`), added to its tokens on
    PostgreSQL so that the token index itself finds the matches of a month (a search's date
    slices, disclosure.search.query). No text gives it: text tokens are letters and digits."""
    return f"@{day:%Y%m}"
