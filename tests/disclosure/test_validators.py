"""Check characters of the 统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643-1999)."""

import pytest
from django.core.exceptions import ValidationError

from disclosure.validators import (
    id_check_character,
    is_valid_resident_id,
    is_valid_uscc,
    uscc_check_character,
    validate_org_code,
    validate_resident_id,
    validate_uscc,
)

# --- GB 32100: unified social credit code --------------------------------------------------


def test_uscc_check_character_worked_by_hand():
    # 91350100M000100Y4 → alphabet values 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4
    # Σ value × weight (1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28)
    #   = 9 + 3 + 27 + 135 + 0 + 26 + 0 + 0 + 420 + 0 + 0 + 0 + 8 + 0 + 0 + 900 + 112 = 1640
    # 1640 mod 31 = 28; 31 − 28 = 3 → check character "3".
    assert uscc_check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # published example of the standard's format
        "11100000000013127D",  # 国务院办公厅 (published)
        # Real-world format for 自贡市自流井区 (510302); check characters from the algorithm.
        "11510302MB1518283L",  # 11 = 机关
        "12510302MB0F387163",  # 12 = 事业单位
        "91510302MA62Y0K5RR",  # 91 = 企业
        "115103020082093812",
    ],
)
def test_valid_credit_codes(code):
    assert is_valid_uscc(code)
    validate_uscc(code)  # does not raise


def test_credit_code_is_read_case_and_space_insensitively():
    assert is_valid_uscc(" 91350100m000100y43 ")


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91350100M000100Y44", "wrong check character"),
        ("91350100M000100Y4", "17 characters"),
        ("91350100M000100Y433", "19 characters"),
        ("", "empty"),
        ("91350100O000100Y43", "O is not in the alphabet"),
        ("91350100I000100Y43", "I is not in the alphabet"),
        ("9135010SM000100Y43", "S is not in the alphabet"),
        ("91350100V000100Y43", "V is not in the alphabet"),
        ("91350100Z000100Y43", "Z is not in the alphabet"),
        ("91350100M000100Y4-", "punctuation"),
        ("91350100M00０100Y43", "full-width digit"),
        ("11510302MB1518283T", "check character of a transposed code"),
    ],
)
def test_invalid_credit_codes(code, why):
    assert not is_valid_uscc(code), why
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc(code)
    assert excinfo.value.code == "invalid_uscc"


def test_credit_code_error_names_the_value():
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc("91350100M000100Y44")
    assert "91350100M000100Y44" in excinfo.value.messages[0]


def test_none_is_not_a_credit_code():
    assert not is_valid_uscc(None)


# --- GB 11643: resident identity card number ----------------------------------------------


def test_id_check_character_worked_by_hand():
    # 1,1,0,1,0,5,1,9,4,9,1,2,3,1,0,0,2 × (7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2)
    #   = 7 + 9 + 0 + 5 + 0 + 20 + 2 + 9 + 24 + 27 + 7 + 18 + 30 + 5 + 0 + 0 + 4 = 167
    # 167 mod 11 = 2 → "10X98765432"[2] = "X"
    assert id_check_character("11010519491231002") == "X"
    assert id_check_character("44052418800101001") == "4"


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the standard's own example, check character X
        "440524188001010014",  # the standard's second example
        "11010119900307803X",
        "11010519491231002x",  # lower-case x is accepted
    ],
)
def test_valid_resident_ids(number):
    assert is_valid_resident_id(number)
    validate_resident_id(number)


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("110105194912310021", "wrong check digit"),
        ("440524188001010015", "wrong check digit"),
        ("11010519491231002", "17 characters"),
        ("11010519491231002X1", "19 characters"),
        ("1101051949123100X2", "X not at the end"),
        ("11010519491231002Y", "letter other than X"),
        ("", "empty"),
        ("110105-9491231002X", "punctuation"),
    ],
)
def test_invalid_resident_ids(number, why):
    assert not is_valid_resident_id(number), why
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id(number)
    assert excinfo.value.code == "invalid_resident_id"


# --- organization codes --------------------------------------------------------------------


@pytest.mark.parametrize("code", ["zlj", "zlj-fgj", "zlj_wjw", "a", "a" * 32, "jd2"])
def test_valid_org_codes(code):
    validate_org_code(code)


@pytest.mark.parametrize("code", ["", "ZLJ", "2zlj", "zlj fgj", "自流井", "a" * 33, "-zlj"])
def test_invalid_org_codes(code):
    with pytest.raises(ValidationError) as excinfo:
        validate_org_code(code)
    assert excinfo.value.code == "invalid_org_code"
