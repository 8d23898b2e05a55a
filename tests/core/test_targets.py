"""Tests for generator.core.targets: the structured reading of 年度指标值."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.core.targets import (
    Direction,
    TargetKind,
    TargetReading,
    read_target,
    strengthened,
)

SEED = Path("/work/shared/seeds/000_b871f7c725a2f02d.txt")

HIGHER = Direction.HIGHER_IS_BETTER
LOWER = Direction.LOWER_IS_BETTER
EXACT = Direction.EXACT

# text -> (operator, value as written-normalised, unit, direction)
COMPARISONS: list[tuple[str, str, str, str | None, Direction]] = [
    # The seed file, every comparison in it.
    (">100人次", ">", "100", "人次", HIGHER),
    (">=85%", ">=", "85", "%", HIGHER),
    (">=80%", ">=", "80", "%", HIGHER),
    (">=40%", ">=", "40", "%", HIGHER),
    ("=100%", "=", "100", "%", EXACT),
    (">=100场次", ">=", "100", "场次", HIGHER),
    (">=90%", ">=", "90", "%", HIGHER),
    ("<1%", "<", "1", "%", LOWER),
    ("≥140000.00(人)", ">=", "140000.00", "人", HIGHER),
    ("=13.00(元)", "=", "13.00", "元", EXACT),
    # DOMAIN.md and the brief.
    ("=100.00(%)", "=", "100.00", "%", EXACT),
    ("≤2个工作日", "<=", "2", "个工作日", LOWER),
    ("≥1次/年", ">=", "1", "次/年", HIGHER),
    ("<=5天", "<=", "5", "天", LOWER),
    ("≧95%", ">=", "95", "%", HIGHER),
    ("≦3天", "<=", "3", "天", LOWER),
    ("⩾90%", ">=", "90", "%", HIGHER),
    ("⩽10%", "<=", "10", "%", LOWER),
    ("＝100％", "=", "100", "%", EXACT),
    ("＞50人", ">", "50", "人", HIGHER),
    ("＜5%", "<", "5", "%", LOWER),
    ("＞＝８５％", ">=", "85", "%", HIGHER),
    ("＜＝２个工作日", "<=", "2", "个工作日", LOWER),
    ("≥140,000.00(人)", ">=", "140000.00", "人", HIGHER),
    ("≥1,234,567.89元", ">=", "1234567.89", "元", HIGHER),
    ("=13.00（元）", "=", "13.00", "元", EXACT),
    ("=13.00 ( 元 )", "=", "13.00", "元", EXACT),
    ("≥１２３人", ">=", "123", "人", HIGHER),
    ("≥１２．５％", ">=", "12.5", "%", HIGHER),
    ("≥１，０００人", ">=", "1000", "人", HIGHER),
    ("1,000人", "=", "1000", "人", EXACT),
    ("1，000人", "=", "1000", "人", EXACT),
    # Bare numbers mean equality.
    ("100%", "=", "100", "%", EXACT),
    ("985米", "=", "985", "米", EXACT),
    ("0", "=", "0", None, EXACT),
    ("-5%", "=", "-5", "%", EXACT),
    ("－5%", "=", "-5", "%", EXACT),
    ("−5%", "=", "-5", "%", EXACT),
    ("≥-5%", ">=", "-5", "%", HIGHER),
    ("+3%", "=", "3", "%", EXACT),
    ("007人", "=", "7", "人", EXACT),
    ("0.0000001", "=", "0.0000001", None, EXACT),
    # Whitespace anywhere between operator, number and unit.
    (">= 85 %", ">=", "85", "%", HIGHER),
    ("  >=85%  ", ">=", "85", "%", HIGHER),
    ("\t≥\n85\n%\n", ">=", "85", "%", HIGHER),
    ("≥　85　％", ">=", "85", "%", HIGHER),  # ideographic spaces
    ("> = 85", ">=", "85", None, HIGHER),
    ("＞ ＝ 85%", ">=", "85", "%", HIGHER),
    # Word operators.
    ("不低于85%", ">=", "85", "%", HIGHER),
    ("不少于 10 场次", ">=", "10", "场次", HIGHER),
    ("不小于10场次", ">=", "10", "场次", HIGHER),
    ("至少3次", ">=", "3", "次", HIGHER),
    ("达到100%", ">=", "100", "%", HIGHER),
    ("大于85%", ">", "85", "%", HIGHER),
    ("高于85%", ">", "85", "%", HIGHER),
    ("超过1000人次", ">", "1000", "人次", HIGHER),
    ("多于3个", ">", "3", "个", HIGHER),
    ("不高于5%", "<=", "5", "%", LOWER),
    ("不超过5个工作日", "<=", "5", "个工作日", LOWER),
    ("不多于2次", "<=", "2", "次", LOWER),
    ("不大于2次", "<=", "2", "次", LOWER),
    ("至多2次", "<=", "2", "次", LOWER),
    ("低于1%", "<", "1", "%", LOWER),
    ("小于1%", "<", "1", "%", LOWER),
    ("少于3起", "<", "3", "起", LOWER),
    ("等于100%", "=", "100", "%", EXACT),
    # Suffix words: 以上/以下/以内 include the number.
    ("85%以上", ">=", "85", "%", HIGHER),
    ("85%及以上", ">=", "85", "%", HIGHER),
    ("5%以下", "<=", "5", "%", LOWER),
    ("5%及以下", "<=", "5", "%", LOWER),
    ("5%以内", "<=", "5", "%", LOWER),
    ("5个工作日内", "<=", "5", "个工作日", LOWER),
    ("30天之内", "<=", "30", "天", LOWER),
    ("3年内", "<=", "3", "年", LOWER),
    ("≥90%以上", ">=", "90", "%", HIGHER),
    ("≤5个工作日内", "<=", "5", "个工作日", LOWER),
    # Units that are not plain words.
    ("≥100m²", ">=", "100", "m²", HIGHER),
    ("≤35μg/m³", "<=", "35", "μg/m³", LOWER),
    ("≥2‰", ">=", "2", "‰", HIGHER),
    ("≥1篇", ">=", "1", "篇", HIGHER),
    ("=13.00()", "=", "13.00", None, EXACT),
]

QUALITATIVE: list[str] = [
    # The seed file, every qualitative target in it.
    "进入决赛",
    "及时",
    "按计划时间完成",
    "按照政策标准执行",
    "提升",
    "培训机制健全",
    "按计划时间内完成",
    "按政策标准执行",
    "丰富",
    "健全",
    "按时投保",
    "更多更优",
    "按预算执行",
    "扩大",
    "年度",
    "满意",
    # Not a target at all.
    "",
    " ",
    "\n\t　",
    # An operator or a number alone is not enough, nor are broken numbers.
    "≥",
    ">=",
    "＞＝",
    "%",
    "≥%",
    "≥次／年",
    "≥=85%",
    "=>85%",
    "==85",
    ".5",
    "≥.5",
    "5.",
    "5.%",
    "≥5.人",
    "1,00人",
    "1，00人",
    "1,0000人",
    "1000,000元",
    "1,000,00元",
    "12,34",
    "1 000人",
    # Superscripts, circled digits and other scripts' digits are not read as numbers.
    "≥10²",
    "≥①",
    "١٢٣",
    "≥١٢٣人",
    "≥१२३",
    # Ranges, lists and sentences.
    "≥85%，≤95%",
    "≥85%;≤95%",
    "80%-90%",
    "80-90%",
    "1-2个",
    "85%左右",
    "约85%",
    "85%上下",
    "≥85%(含)",
    "100%完成",
    "95%覆盖",
    "≥3次，确保安全",
    "完成率100%",
    "≥5个 工作日",
    # Contradictory operator and suffix.
    ">90%以上",
    "<5天以内",
    "=5%以下",
    "≥5天内",
    "5内",
    # Date-shaped text that fixes no day, and impossible dates.
    "2024年",
    "2024年度",
    "2024年前",
    "2024年6月前",
    "2024年6月",
    "2024年2月30日前",
    "2023年2月29日前",
    "2024年13月底前",
    "2024-02-30前",
    "0000年12月31日前",
    "0000年内",
    "0000年1月底",
    "5月31日前",
    "≤2024年6月30日",
    # Word operators without a number.
    "大于",
    "不低于上年",
    "高于平均水平",
]

# text -> (deadline, relation)
DATES: list[tuple[str, date, str | None]] = [
    ("2024年5月31日前", date(2024, 5, 31), "前"),
    ("2024年12月底前", date(2024, 12, 31), "前"),
    ("2024年2月底前", date(2024, 2, 29), "前"),
    ("2023年2月底前", date(2023, 2, 28), "前"),
    ("2024年6月末前", date(2024, 6, 30), "前"),
    ("2024年6月底", date(2024, 6, 30), None),
    ("2024年6月内", date(2024, 6, 30), "内"),
    ("2024年6月份内", date(2024, 6, 30), "内"),
    ("2024年6月30日之前", date(2024, 6, 30), "之前"),
    ("2024年6月30日以前", date(2024, 6, 30), "以前"),
    ("2024年6月30日止", date(2024, 6, 30), "止"),
    ("2024年6月30日为止", date(2024, 6, 30), "为止"),
    ("2024年6月30日", date(2024, 6, 30), None),
    ("2024年6月30号前", date(2024, 6, 30), "前"),
    ("2024年6月30日前完成", date(2024, 6, 30), "前"),
    ("2024-06-30前", date(2024, 6, 30), "前"),
    ("2024-6-30", date(2024, 6, 30), None),
    ("2024/6/30前", date(2024, 6, 30), "前"),
    ("2024.06.30前", date(2024, 6, 30), "前"),
    ("2024年内", date(2024, 12, 31), "内"),
    ("2024年以内", date(2024, 12, 31), "以内"),
    ("2024年度内", date(2024, 12, 31), "内"),
    ("2024年底前", date(2024, 12, 31), "前"),
    ("2024年末", date(2024, 12, 31), None),
    ("2024年度末前", date(2024, 12, 31), "前"),
    (" 2024 年 5 月 31 日 前 ", date(2024, 5, 31), "前"),
    ("２０２４年５月３１日前", date(2024, 5, 31), "前"),
    ("２０２４－０６－３０前", date(2024, 6, 30), "前"),
]


def _seed_targets() -> list[str]:
    """Every 年度指标值 in the seed: the last non-empty cell of each indicator row."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    targets: list[str] = []
    in_indicators = False
    for line in lines:
        cells = [cell.strip() for cell in line.split("\t")]
        if "年度指标值" in cells:
            in_indicators = True
            continue
        if line.strip() == "财政项目支出绩效目标申报表":
            in_indicators = False
        if not in_indicators:
            continue
        filled = [cell for cell in cells if cell]
        # A row with only 一级/二级 names has no third-level indicator and no target.
        if len(filled) >= 2 and not filled[-1].endswith("指标"):
            targets.append(filled[-1])
    return targets


SEED_TARGETS = _seed_targets()


def test_seed_extraction_finds_every_target() -> None:
    # Guards the extraction itself: the three forms carry 12 + 9 + 9 targets.
    expected = [
        *[">100人次", ">=85%", ">=80%", ">=40%", "进入决赛", "及时", "按计划时间完成"],
        *["按照政策标准执行", ">=85%", "提升", "培训机制健全", ">=85%"],
        *["=100%", ">=100场次", ">=90%", "按计划时间内完成", "按政策标准执行", "丰富", "<1%"],
        *["培训机制健全", ">=85%"],
        *["≥140000.00(人)", "健全", "按时投保", "=13.00(元)", "更多更优", "按预算执行", "扩大"],
        *["年度", "满意"],
    ]
    assert _seed_targets() == expected


@pytest.mark.parametrize("text", SEED_TARGETS)
def test_every_seed_target_is_covered_by_a_case(text: str) -> None:
    covered = {row[0] for row in COMPARISONS} | set(QUALITATIVE) | {row[0] for row in DATES}
    assert text in covered


@pytest.mark.parametrize("text", SEED_TARGETS)
def test_every_seed_target_keeps_its_text(text: str) -> None:
    assert read_target(text).text == text


@pytest.mark.parametrize(("text", "operator", "value", "unit", "direction"), COMPARISONS)
def test_comparison(
    text: str, operator: str, value: str, unit: str | None, direction: Direction
) -> None:
    reading = read_target(text)
    assert reading.text == text
    assert reading.kind is TargetKind.COMPARISON
    assert reading.operator == operator
    assert isinstance(reading.value, Decimal)
    assert reading.value == Decimal(value)
    assert format(reading.value, "f") == value  # trailing zeros as written
    assert reading.unit == unit
    assert reading.direction is direction
    assert reading.deadline is None
    assert reading.deadline_relation is None
    assert reading.is_measurable()


@pytest.mark.parametrize("text", QUALITATIVE)
def test_qualitative(text: str) -> None:
    reading = read_target(text)
    assert reading == TargetReading(text=text, kind=TargetKind.QUALITATIVE)
    assert not reading.is_measurable()


@pytest.mark.parametrize(("text", "deadline", "relation"), DATES)
def test_date(text: str, deadline: date, relation: str | None) -> None:
    reading = read_target(text)
    assert reading == TargetReading(
        text=text, kind=TargetKind.DATE, deadline=deadline, deadline_relation=relation
    )
    assert not reading.is_measurable()


def test_case_lists_do_not_overlap() -> None:
    comparisons = [row[0] for row in COMPARISONS]
    dates = [row[0] for row in DATES]
    everything = comparisons + QUALITATIVE + dates
    assert len(everything) == len(set(everything))


def test_operator_is_always_ascii() -> None:
    for text, *_ in COMPARISONS:
        operator = read_target(text).operator
        assert operator in {">", ">=", "<", "<=", "="}


def test_direction_follows_operator() -> None:
    expected = {">": HIGHER, ">=": HIGHER, "<": LOWER, "<=": LOWER, "=": EXACT}
    for text, *_ in COMPARISONS:
        reading = read_target(text)
        assert reading.operator is not None
        assert reading.direction is expected[reading.operator]


def test_full_width_text_is_kept_raw() -> None:
    reading = read_target("＞＝８５％")
    assert reading.text == "＞＝８５％"
    assert reading.unit == "%"


def test_reading_is_frozen() -> None:
    reading = read_target(">=85%")
    with pytest.raises(FrozenInstanceError):
        reading.value = Decimal(1)  # type: ignore[misc]


def test_reading_has_no_instance_dict() -> None:
    # slots=True: a mistyped attribute name fails instead of silently adding a field.
    assert not hasattr(read_target(">=85%"), "__dict__")


def test_enums_are_strings() -> None:
    # Other modules and the exported data rely on these exact values.
    assert [str(kind) for kind in TargetKind] == ["comparison", "date", "qualitative"]
    assert [str(direction) for direction in Direction] == ["正向", "反向", "精确"]
    assert isinstance(Direction.EXACT, str)


# --- to_json -------------------------------------------------------------------------------

JSON_KEYS = ["kind", "operator", "value", "unit", "direction", "deadline", "deadline_relation"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "≥140,000.00(人)",
            {
                "kind": "comparison",
                "operator": ">=",
                "value": "140000.00",
                "unit": "人",
                "direction": "正向",
                "deadline": None,
                "deadline_relation": None,
            },
        ),
        (
            "=13.00(元)",
            {
                "kind": "comparison",
                "operator": "=",
                "value": "13.00",
                "unit": "元",
                "direction": "精确",
                "deadline": None,
                "deadline_relation": None,
            },
        ),
        (
            "<1%",
            {
                "kind": "comparison",
                "operator": "<",
                "value": "1",
                "unit": "%",
                "direction": "反向",
                "deadline": None,
                "deadline_relation": None,
            },
        ),
        (
            "0",
            {
                "kind": "comparison",
                "operator": "=",
                "value": "0",
                "unit": None,
                "direction": "精确",
                "deadline": None,
                "deadline_relation": None,
            },
        ),
        (
            "0.0000001",
            {
                "kind": "comparison",
                "operator": "=",
                "value": "0.0000001",  # never "1E-7"
                "unit": None,
                "direction": "精确",
                "deadline": None,
                "deadline_relation": None,
            },
        ),
        (
            "2024年12月底前",
            {
                "kind": "date",
                "operator": None,
                "value": None,
                "unit": None,
                "direction": None,
                "deadline": "2024-12-31",
                "deadline_relation": "前",
            },
        ),
        (
            "按时投保",
            {
                "kind": "qualitative",
                "operator": None,
                "value": None,
                "unit": None,
                "direction": None,
                "deadline": None,
                "deadline_relation": None,
            },
        ),
    ],
)
def test_to_json(text: str, expected: dict[str, str | None]) -> None:
    result = read_target(text).to_json()
    assert result == expected
    assert list(result) == JSON_KEYS  # stable key order for diffs of exported data
    for value in result.values():
        # Plain str, not a StrEnum or Decimal, so any JSON encoder writes the same thing.
        assert value is None or type(value) is str


# --- strengthened --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (">=90%", ">=95%", True),
        (">=95%", ">=90%", False),
        ("<=5天", "<=3天", True),
        ("<=3天", "<=5天", False),
        (">=85%", ">85%", True),
        (">85%", ">=85%", False),
        ("<=5天", "<5天", True),
        ("<5天", "<=5天", False),
        (">85%", ">=86%", True),  # a larger number outweighs the strict operator
        (">=86%", ">85%", False),
        ("≥90%", ">= 95 ％", True),  # spelling does not matter
        ("不低于90%", "＞＝９５％", True),
        ("≥140,000.00(人)", "≥150000(人)", True),
        ("≥1次/年", "≥2次/年", True),
        ("<1%", "<0.5%", True),
        ("≥-5%", "≥-3%", True),
        ("≤-3%", "≤-5%", True),
        ("85%以上", ">=90%", True),
        # Equal targets.
        (">=85%", ">=85%", None),
        (">=85%", "≥85.00%", None),
        ("<5天", "<5天", None),
        # Not comparable: exact targets, direction, unit, kind.
        ("=100%", "=95%", None),
        ("=100%", "=100%", None),
        ("100%", ">=100%", None),
        (">=85%", "<=85%", None),
        (">=85%", "<90%", None),
        (">=85人", ">=90%", None),
        (">=85", ">=90%", None),
        ("≥2次/年", "≥3次", None),
        ("≥85%", "满意", None),
        ("满意", "健全", None),
        ("满意", "满意", None),
        ("2024年6月30日前", "≥85%", None),
        # Deadlines with the same relation: earlier is stricter.
        ("2024年6月30日前", "2024年5月31日前", True),
        ("2024年5月31日前", "2024年6月30日前", False),
        ("2024年内", "2024年6月内", True),
        ("2024年6月30日前", "2024-06-30前", None),
        ("2024年6月30日前", "2024年5月31日止", None),
    ],
)
def test_strengthened(before: str, after: str, expected: bool | None) -> None:
    assert strengthened(read_target(before), read_target(after)) is expected


@pytest.mark.parametrize(("before", "after"), [(">=90%", ">=95%"), ("<=5天", "<3天")])
def test_strengthened_is_antisymmetric(before: str, after: str) -> None:
    a, b = read_target(before), read_target(after)
    assert strengthened(a, b) is True
    assert strengthened(b, a) is False


# --- properties ----------------------------------------------------------------------------

_OPERATOR_SPELLINGS: dict[str, list[str]] = {
    ">": [">", "＞", "大于", "高于", "超过"],
    ">=": [">=", "≥", "≧", "⩾", "＞＝", "> =", "不低于", "不少于", "至少", "达到"],
    "<": ["<", "＜", "低于", "小于", "少于"],
    "<=": ["<=", "≤", "≦", "⩽", "＜＝", "不超过", "不高于", "不多于", "至多"],
    "=": ["=", "＝", "等于", ""],
}
_DIRECTION_OF = {">": HIGHER, ">=": HIGHER, "<": LOWER, "<=": LOWER, "=": EXACT}
_UNITS = ["%", "人次", "元", "人", "个工作日", "次/年", "场次", "万元", "m²", "‰", "天", None]
_FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
_SPACES = st.sampled_from(["", " ", "  ", "\t", "　"])


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ",".join(groups)


@st.composite
def _written_targets(
    draw: st.DrawFn,
) -> tuple[str, str, Decimal, str | None]:
    operator = draw(st.sampled_from(sorted(_OPERATOR_SPELLINGS)))
    spelling = draw(st.sampled_from(_OPERATOR_SPELLINGS[operator]))
    integer = draw(st.integers(min_value=0, max_value=10**12))
    places = draw(st.integers(min_value=0, max_value=4))
    fraction = draw(st.integers(min_value=0, max_value=10**places - 1))
    negative = draw(st.booleans()) and (integer or fraction)
    digits = str(integer)
    if draw(st.booleans()):
        digits = _group_thousands(digits)
    number = ("-" if negative else "") + digits
    if places:
        number += "." + str(fraction).zfill(places)
    value = Decimal(number.replace(",", ""))
    if draw(st.booleans()):
        number = number.translate(_FULL_WIDTH)
    unit = draw(st.sampled_from(_UNITS))
    written_unit = ""
    if unit is not None:
        written_unit = draw(st.sampled_from([unit, f"({unit})", f"（{unit}）"]))
    text = draw(_SPACES) + spelling + draw(_SPACES) + number + draw(_SPACES) + written_unit
    text += draw(_SPACES)
    return text, operator, value, unit


@given(_written_targets())
@example(("≥140,000.00(人)", ">=", Decimal("140000.00"), "人"))
@example(("＞＝８５％", ">=", Decimal("85"), "%"))
def test_written_comparisons_are_recovered_exactly(
    case: tuple[str, str, Decimal, str | None],
) -> None:
    text, operator, value, unit = case
    reading = read_target(text)
    assert reading.text == text
    assert reading.kind is TargetKind.COMPARISON
    assert reading.operator == operator
    assert reading.value == value
    # Exactly, including the number of places: 13.00 stays 13.00.
    assert reading.value is not None
    assert reading.value.as_tuple() == value.as_tuple()
    assert reading.unit == unit
    assert reading.direction is _DIRECTION_OF[operator]


@given(st.text())
@example("≥")
@example("\ud800")
@example("9" * 5000)
def test_any_text_reads_without_error_and_keeps_its_text(text: str) -> None:
    reading = read_target(text)
    assert reading.text == text
    assert isinstance(reading.kind, TargetKind)
    if reading.kind is TargetKind.COMPARISON:
        assert isinstance(reading.value, Decimal)
        assert reading.direction is not None
    else:
        assert reading.value is None
        assert reading.operator is None
    json = reading.to_json()
    assert list(json) == JSON_KEYS


@given(st.text(alphabet=st.characters(categories=["Lo"]), min_size=1))
def test_chinese_words_without_digits_are_qualitative(text: str) -> None:
    # Words like 及时 / 满意 carry no number; a comparison needs one. Chinese numerals are not
    # read (see the 万 check below), so such text can never become a comparison.
    assert read_target(text).kind is TargetKind.QUALITATIVE


def test_chinese_numerals_are_not_read_as_numbers() -> None:
    assert read_target("≥一百人").kind is TargetKind.QUALITATIVE
    assert read_target("三次").kind is TargetKind.QUALITATIVE
    # ... but 万 in a unit is a word, not a digit.
    assert read_target("≥1万元").unit == "万元"


@given(
    st.sampled_from(["≥", ">=", ""]),
    st.integers(min_value=0, max_value=10**9),
    st.sampled_from(["%", "人次", "元"]),
)
def test_comparison_never_uses_float(prefix: str, number: int, unit: str) -> None:
    reading = read_target(f"{prefix}{number}.10{unit}")
    assert type(reading.value) is Decimal
    assert reading.value == Decimal(number) + Decimal("0.10")
    assert re.fullmatch(r"[0-9]+\.10", format(reading.value, "f"))
