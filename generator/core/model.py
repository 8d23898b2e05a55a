"""The declaration as a typed, immutable model.

YAML keys are the form's own Chinese labels (pydantic aliases); Python attributes are English.
Every scalar arrives as the text written (see `yaml_source`), so each field parses its own text
with our validators: money into `Decimal`, dates as ISO `YYYY-MM-DD`, years as four ASCII
digits. A blank cell arrives as `None` and stays `None`: "not stated" is a different fact from
`0.00`. Cross-field rules (sums, date order, taxonomy) live in `checks`, not here, so that a
file with a wrong sum still loads into a model and every problem is reported together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.core.layouts import LAYOUT_KEYS
from generator.core.money import AmountError, MoneyUnit, parse_amount, to_yuan
from generator.core.targets import TargetReading, read_target

_YEAR = re.compile(r"(19|20|21)\d\d", re.ASCII)
YEAR_RANGE = "1900–2199"  # what _YEAR accepts, as the messages state it
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_PAGE = re.compile(r"[1-9]\d{0,4}", re.ASCII)
# 项目编码: a stable code that links the declarations of one project across years. ASCII so that
# it can be typed anywhere and compared without Unicode surprises; codes compare ignoring case.
PROJECT_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{2,39}", re.ASCII)
PROJECT_CODE_RULE = (
    "只能用英文字母、数字和“-”“_”“.”，以字母或数字开头，共 3–40 个字符，如 BS-ZGH-0003"
)


def describe_value(value: object) -> str:
    """What the user wrote, in words, for an error message."""
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    if isinstance(value, list):
        return "列表"
    return f"“{value}”"


def _parse_year(value: object) -> int:
    if isinstance(value, str) and _YEAR.fullmatch(value.strip()):
        return int(value)
    if value is None:
        raise PydanticCustomError("missing-value", "不能为空，请填写四位数年份，如 2024")
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip(), re.ASCII):
        raise PydanticCustomError(
            "year",
            "“{value}”不在可接受的年份范围 {range} 之内；请核对年份，如 2024",
            {"value": value, "range": YEAR_RANGE},
        )
    raise PydanticCustomError(
        "year",
        "“{value}”不是年份，请填写 {range} 之间的四位数年份，如 2024",
        {"value": value, "range": YEAR_RANGE},
    )


def _parse_date(value: object) -> dt.date:
    if value is None:
        raise PydanticCustomError("missing-value", "不能为空，请按 2024-01-01 的格式填写日期")
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "date", "“{value}”不是真实存在的日期", {"value": value}
            ) from None
    raise PydanticCustomError(
        "date", "“{value}”不是日期；请按 2024-01-01 的格式填写（年-月-日）", {"value": value}
    )


def _blank_is_none(parse: Any) -> Any:
    """A parser for a value the form may leave blank: a blank cell (None) stays None.

    `check` reports the blank as a warning (`value-blank`), not an error: a form is published
    as it was published. Text of only spaces is still an error: that is no blank cell.
    """

    def parse_or_blank(value: object) -> object:
        return None if value is None else parse(value)

    return parse_or_blank


def _parse_layout(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and value in LAYOUT_KEYS:
        return value
    raise PydanticCustomError(
        "form-layout",
        "“{value}”不是已知的表样；可选：{known}（上海的申报表不写此项）",
        {"value": value, "known": "、".join(LAYOUT_KEYS)},
    )


def _parse_money(value: object) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise PydanticCustomError(
            "money", "应为金额，这里是{kind}", {"kind": describe_value(value)}
        )
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise PydanticCustomError(exc.code, str(exc)) from None


def _parse_project_code(value: object) -> str | None:
    if value is None:
        return None  # `项目编码:` left blank: the project has no code, as if the line were absent
    if not isinstance(value, str):
        raise PydanticCustomError(
            "type", "应为项目编码，这里是{kind}", {"kind": describe_value(value)}
        )
    if not PROJECT_CODE.fullmatch(value):
        raise PydanticCustomError(
            "project-code",
            "项目编码“{value}”不合规：{rule}",
            {"value": value, "rule": PROJECT_CODE_RULE},
        )
    return value


def project_code_key(code: str) -> str:
    """The form in which codes are compared: `bs-zgh-0003` and `BS-ZGH-0003` are one code."""
    return code.casefold()


def _parse_required_money(value: object) -> Decimal:
    amount = _parse_money(value)
    if amount is None:
        raise PydanticCustomError("missing-value", "不能为空，请填写金额，如 120.50")
    return amount


def _parse_page(value: object) -> int:
    if isinstance(value, str) and _PAGE.fullmatch(value.strip()):
        return int(value)
    if value is None:
        raise PydanticCustomError("missing-value", "不能为空，请填写页码，如 12")
    raise PydanticCustomError(
        "type", "“{value}”不是页码；请填写从 1 起的页码，如 12", {"value": value}
    )


def _parse_text(value: object) -> str:
    if value is None:
        raise PydanticCustomError("missing-value", "不能为空")
    if not isinstance(value, str):
        raise PydanticCustomError(
            "type", "应为一段文字，这里是{kind}", {"kind": describe_value(value)}
        )
    if not value.strip():
        raise PydanticCustomError("missing-value", "不能只有空白")
    return value


_MONEY_SCHEMA: dict[str, Any] = {
    "type": ["string", "number", "null"],
    "pattern": r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$",
    "examples": ["1,846,000.00", "0.00"],
}

Text = Annotated[
    str, BeforeValidator(_parse_text), WithJsonSchema({"type": "string", "minLength": 1})
]

# Bounds on the text of each field, in characters, checked before anything reads the text. The
# published forms (Shanghai district budgets 2024–2026) have names under 40 characters, units
# under 30 and goals under 600; each limit leaves a wide margin above what a real form holds.
MAX_NAME_CHARS = 200  # 项目名称, 主管部门, 实施单位, 三级指标
MAX_CATEGORY_CHARS = 50  # 项目类别, 项目性质
MAX_TARGET_CHARS = 200  # 年度指标值
MAX_GOAL_CHARS = 5000  # 项目总目标.内容, 年度总目标
MAX_FILE_NAME_CHARS = 255  # 来源.文件
MAX_INDICATORS = 500  # 三级指标 per form; real forms have 10–40


def _text_of_at_most(limit: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = _parse_text(value)
        if len(text) > limit:
            raise PydanticCustomError(
                "text-too-long",
                "有 {length} 个字符，超过上限 {limit} 个字符；请检查是否误粘贴了其他内容",
                {"length": f"{len(text):,}", "limit": f"{limit:,}"},
            )
        return text

    return parse


def _bounded_text_schema(limit: int) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "minLength": 1, "maxLength": limit})


NameText = Annotated[
    str, BeforeValidator(_text_of_at_most(MAX_NAME_CHARS)), _bounded_text_schema(MAX_NAME_CHARS)
]
CategoryText = Annotated[
    str,
    BeforeValidator(_text_of_at_most(MAX_CATEGORY_CHARS)),
    _bounded_text_schema(MAX_CATEGORY_CHARS),
]
TargetText = Annotated[
    str,
    BeforeValidator(_text_of_at_most(MAX_TARGET_CHARS)),
    _bounded_text_schema(MAX_TARGET_CHARS),
]
FileNameText = Annotated[
    str,
    BeforeValidator(_text_of_at_most(MAX_FILE_NAME_CHARS)),
    _bounded_text_schema(MAX_FILE_NAME_CHARS),
]


def _blankable_schema(limit: int) -> WithJsonSchema:
    return WithJsonSchema({"type": ["string", "null"], "minLength": 1, "maxLength": limit})


# Text the form may leave blank (None), bounded like the required kinds. The optional columns
# and blocks of other layouts (项目属性, 项目期, split indicator columns, 中期目标 …) are bounded
# like goals: long enough for any explanation a form prints.
BlankableText = Annotated[
    str | None,
    BeforeValidator(_blank_is_none(_text_of_at_most(MAX_GOAL_CHARS))),
    _blankable_schema(MAX_GOAL_CHARS),
]
BlankableName = Annotated[
    str | None,
    BeforeValidator(_blank_is_none(_text_of_at_most(MAX_NAME_CHARS))),
    _blankable_schema(MAX_NAME_CHARS),
]
BlankableCategory = Annotated[
    str | None,
    BeforeValidator(_blank_is_none(_text_of_at_most(MAX_CATEGORY_CHARS))),
    _blankable_schema(MAX_CATEGORY_CHARS),
]
Year = Annotated[
    int,
    BeforeValidator(_parse_year),
    WithJsonSchema({"type": ["integer", "string"], "pattern": r"^\d{4}$", "examples": [2024]}),
]
BlankableYear = Annotated[
    int | None,
    BeforeValidator(_blank_is_none(_parse_year)),
    WithJsonSchema(
        {"type": ["integer", "string", "null"], "pattern": r"^\d{4}$", "examples": [2024]}
    ),
]
BlankableDate = Annotated[
    dt.date | None,
    BeforeValidator(_blank_is_none(_parse_date)),
    WithJsonSchema({"type": ["string", "null"], "format": "date", "examples": ["2024-01-01"]}),
]
LayoutKey = Annotated[
    str | None,
    BeforeValidator(_parse_layout),
    WithJsonSchema({"type": ["string", "null"], "enum": [*LAYOUT_KEYS, None]}),
]
ProjectCode = Annotated[
    str | None,
    BeforeValidator(_parse_project_code),
    WithJsonSchema(
        {
            # Digits only is a valid code; an editor may read an unquoted 310113001 as a number.
            "type": ["string", "integer", "null"],
            "pattern": f"^{PROJECT_CODE.pattern}$",
            "examples": ["BS-ZGH-0003"],
        }
    ),
]
Money = Annotated[Decimal | None, BeforeValidator(_parse_money), WithJsonSchema(_MONEY_SCHEMA)]
RequiredMoney = Annotated[
    Decimal,
    BeforeValidator(_parse_required_money),
    WithJsonSchema({**_MONEY_SCHEMA, "type": ["string", "number"]}),
]
PageNumber = Annotated[
    int,
    BeforeValidator(_parse_page),
    WithJsonSchema({"type": ["integer", "string"], "pattern": r"^[1-9]\d{0,4}$", "examples": [12]}),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class LongTermIndicator(_Strict):
    """The long-term (中期) set's cells on one row of a two-sets indicator table."""

    level2: BlankableName = Field(default=None, alias="二级指标", title="二级指标（长期）")
    name: BlankableName = Field(default=None, alias="三级指标", title="三级指标（长期）")
    target: BlankableText = Field(default=None, alias="指标值", title="指标值（长期）")


# One 三级指标 row, every column kept as the form printed it. (No docstring: pydantic would
# publish it as the schema's description, and the schema's words are Chinese.)
class Indicator(_Strict):
    name: NameText = Field(alias="三级指标", title="三级指标", description="指标名称，按原表填写。")
    target: TargetText = Field(
        alias="年度指标值",
        title="年度指标值",
        description='目标值，按原表原样填写，如 ">=85%"、"=13.00(元)"、按计划时间完成。'
        "以 > 或 < 开头的值要加引号。",
    )

    medium_target: BlankableText = Field(
        default=None,
        alias="中期指标值",
        title="中期指标值",
        description="可选：原表在年度指标值旁另列的中期（或长期）指标值，按原表填写。",
    )
    # The budget system's split columns (预算管理一体化): each as written, blank where blank.
    nature: BlankableText = Field(
        default=None, alias="指标性质", title="指标性质", description="可选：如 ≥、≤、=、定性。"
    )
    direction: BlankableText = Field(
        default=None, alias="指标方向", title="指标方向", description="可选：如 ≥、≤、=、定性。"
    )
    direction_sense: BlankableText = Field(
        default=None, alias="指标方向性", title="指标方向性", description="可选：如 正向、反向。"
    )
    measure_unit: BlankableText = Field(
        default=None, alias="计量单位", title="计量单位", description="可选：指标值的单位。"
    )
    degree_unit: BlankableText = Field(
        default=None, alias="度量单位", title="度量单位", description="可选：指标值的单位。"
    )
    weight: BlankableText = Field(default=None, alias="权重", title="权重")
    score: BlankableText = Field(default=None, alias="分值", title="分值")
    score_weight: BlankableText = Field(default=None, alias="分值权重", title="分值权重")
    value_type: BlankableText = Field(
        default=None, alias="指标值类型", title="指标值类型", description="可选：定量 或 定性。"
    )
    explanation: BlankableText = Field(default=None, alias="指标解释", title="指标解释")
    scoring: BlankableText = Field(default=None, alias="评分标准", title="评（扣）分标准")
    long_term: LongTermIndicator | None = Field(
        default=None,
        alias="长期指标",
        title="长期指标",
        description="可选：两套指标并列的表（二级指标(长期) | 三级指标(长期) | 指标值(长期)）"
        "中与本行并列的长期（中期）指标。",
    )
    other_columns: dict[str, BlankableText] | None = Field(
        default=None,
        alias="其他列",
        title="其他列",
        description="可选：原表中 jixiao 不认识的列，按“表头: 值”原样保留。",
    )

    # Kept on the instance, which is frozen (and never copied with model_copy, which would carry
    # a cached value over): every table and total reads it, and under `mkdocs serve` an
    # unchanged declaration's models live on from one rebuild to the next.
    @cached_property
    def reading(self) -> TargetReading:
        """The target read into kind, operator, value and unit."""
        return _cached_reading(self.target, self.operator_column, self.unit_column)

    @property
    def operator_column(self) -> str | None:
        """The split column that holds the comparison (≥, ≤, =), if the form has one."""
        for text in (self.nature, self.direction):
            if text is not None and text.strip() in _OPERATORS:
                return text.strip()
        return None

    @property
    def unit_column(self) -> str | None:
        """The unit from a split column, when the form prints one (计量单位 or 度量单位)."""
        return self.measure_unit if self.measure_unit is not None else self.degree_unit

    @property
    def medium_reading(self) -> TargetReading | None:
        """The medium- or long-term target read like the annual one, when the form has it."""
        text = self.medium_target
        if text is None and self.long_term is not None:
            text = self.long_term.target
        return None if text is None else _cached_reading(text, self.operator_column, None)


_OPERATORS = frozenset({">", ">=", "≥", "<", "<=", "≤", "=", "＝", "＞", "＜", "＞＝", "＜＝"})


@lru_cache(maxsize=65536)
def _cached_reading(text: str, operator: str | None, unit: str | None) -> TargetReading:
    """A one-cell target as written; split columns (`≥` | `90` | `%`) read as `≥90%` would."""
    if operator is None and unit is None:
        return read_target(text)
    composed = text.strip()
    if unit is not None and not composed.endswith(unit.strip()):
        composed += unit.strip()
    if operator is not None and not composed.startswith(tuple(_OPERATORS)):
        composed = operator + composed
    reading = read_target(composed)
    return replace(reading, text=text)


class ProjectFunds(_Strict):
    """整个项目期的资金（申报表左栏）。"""

    total: Money = Field(alias="项目资金总额", title="项目资金总额")
    fiscal: Money = Field(alias="财政资金", title="其中：财政资金")
    other: Money = Field(
        alias="其他资金",
        title="其他资金",
        description="项目期的其他资金；原表空白请留空。",
    )


class AnnualFunds(_Strict):
    """本年度申请的资金（申报表右栏）。"""

    total: Money = Field(alias="年度资金申请总额", title="年度资金申请总额")
    appropriation: Money = Field(alias="当年财政拨款", title="其中：当年财政拨款")
    carry_over: Money = Field(alias="上年结转资金", title="上年结转资金")
    other: Money = Field(
        alias="其他资金",
        title="其他资金（年度）",
        description="本年度的其他资金，与项目资金中的其他资金是两个不同的数。",
    )


class OverallGoal(_Strict):
    # Blank where the form leaves them blank ("项目总目标" without a year span): a warning.
    start_year: BlankableYear = Field(
        alias="起始年度", title="起始年度", description="项目总目标期间的起始年；原表空白请留空。"
    )
    end_year: BlankableYear = Field(
        alias="终止年度", title="终止年度", description="项目总目标期间的终止年；原表空白请留空。"
    )
    text: BlankableText = Field(alias="内容", title="内容", description="项目总目标的内容。")


def _empty_category_is_empty_list(value: object) -> object:
    # `经济效益指标:` with nothing after it is how people write "this category has no
    # indicators"; it means the same as `[]`, and the category is kept either way.
    if isinstance(value, dict):
        _check_indicator_count(value)
        return {
            l1: (
                {l2: ([] if items is None else items) for l2, items in l2s.items()}
                if isinstance(l2s, dict)
                else l2s
            )
            for l1, l2s in value.items()
        }
    return value


def _check_indicator_count(tree: dict[Any, Any]) -> None:
    """Counted before pydantic builds a model of each: a form of 10^5 indicators is refused."""
    count = sum(
        len(items)
        for l2s in tree.values()
        if isinstance(l2s, dict)
        for items in l2s.values()
        if isinstance(items, list)
    )
    if count > MAX_INDICATORS:
        raise PydanticCustomError(
            "too-many-indicators",
            "共有 {count} 个三级指标，超过上限 {limit} 个；申报表通常只有几十个指标，"
            "请检查是否把多份申报表合在了一个文件里",
            {"count": f"{count:,}", "limit": f"{MAX_INDICATORS:,}"},
        )


IndicatorTree = Annotated[
    dict[str, dict[str, list[Indicator]]], BeforeValidator(_empty_category_is_empty_list)
]


class FundingNarrative(_Strict):
    """同一 PDF 中该项目的《项目经费情况说明》所写的年度预算。"""

    page: PageNumber = Field(
        alias="页码", title="页码", description="项目经费情况说明所在的 PDF 页码。"
    )
    amount: RequiredMoney = Field(
        alias="金额",
        title="金额",
        description="说明中写的年度预算金额，按原文的数字（半角）填写；单位见“单位”。",
    )
    unit: MoneyUnit = Field(
        alias="单位", title="单位", description="说明中金额的单位：元 或 万元。"
    )


class Source(_Strict):
    """从已发布的部门预算 PDF 导入时记下的来源，供核对原表。"""

    file: FileNameText = Field(alias="文件", title="文件", description="导入时的 PDF 文件名。")
    page: PageNumber | None = Field(
        default=None,
        alias="页码",
        title="页码",
        description="申报表所在的 PDF 页码；跨页的表写第一页。",
    )
    narrative: FundingNarrative | None = Field(
        default=None,
        alias="经费说明",
        title="经费说明",
        description="同一项目的《项目经费情况说明》；jixiao check 核对其金额与年度资金申请总额。",
    )


class AcknowledgedProblem(_Strict):
    """原表本身的一处问题（如合计不符）：按原表发布，并在网站上说明，而不是改动官方数字。"""

    code: Text = Field(
        alias="代码",
        title="代码",
        description="jixiao check 报告的问题代码，如 funding-sum；只有核对类的代码可以记入。",
    )
    at: Text = Field(
        alias="字段",
        title="字段",
        description="问题所在的字段，按 jixiao check 的写法，如 项目资金.项目资金总额。",
    )
    note: Text | None = Field(
        default=None, alias="说明", title="说明", description="可选：简短说明，如 原表如此。"
    )


class Declaration(_Strict):
    """一份财政项目支出绩效目标申报表。"""

    year: Year = Field(alias="年度", title="年度", description="申报年度，须与文件所在目录一致。")
    name: NameText = Field(alias="项目名称", title="项目名称")
    project_code: ProjectCode = Field(
        default=None,
        alias="项目编码",
        title="项目编码",
        description="可选：同一项目在各年度申报中不变的编码（如预算系统中的项目编码），"
        f"用来把不同年度的申报连成项目的历史；{PROJECT_CODE_RULE}。"
        "同一年度内不能重复（不区分大小写）。",
    )
    layout: LayoutKey = Field(
        default=None,
        alias="表样",
        title="表样",
        description="可选：原表的表样（见 README「申报表的各种表样」）；上海的申报表不写此项。"
        "决定哪些字段必须写出（原表空白也写出并留空）、网页按哪种表样排版。",
    )
    category: BlankableCategory = Field(
        default=None,
        alias="项目类别",
        title="项目类别",
        description="如 经常性项目、特定目标类、一次性项目、其他运转类、人员类、运转类。",
    )
    nature: CategoryText | None = Field(
        default=None,
        alias="项目性质",
        title="项目性质",
        description="可选：一次性项目、阶段性项目、经常性项目（较新的表格单列此项）。",
    )
    attribute: BlankableName = Field(
        default=None,
        alias="项目属性",
        title="项目属性",
        description="可选：如 基础建设、修缮类；新增项目、延续项目（项目支出绩效目标表）。",
    )
    department: NameText = Field(
        alias="主管部门",
        title="主管部门",
        description="须与 content/departments.yaml 中的名称一致。",
    )
    department_code: BlankableCategory = Field(
        default=None,
        alias="部门代码",
        title="部门代码",
        description="可选：原表写在主管部门前方括号里的代码，如 [015001] 中的 015001。",
    )
    implementing_unit: BlankableName = Field(default=None, alias="实施单位", title="实施单位")
    start_date: BlankableDate = Field(default=None, alias="计划开始日期", title="计划开始日期")
    end_date: BlankableDate = Field(default=None, alias="计划完成日期", title="计划完成日期")
    period: BlankableCategory = Field(
        default=None,
        alias="项目期",
        title="项目期",
        description="可选：原表写的项目起止时间或项目期，按原样，如 202001-202012、2023-2025。",
    )
    unit: MoneyUnit = Field(
        alias="资金单位", title="资金单位", description="原表“项目资金”一栏的单位：元 或 万元。"
    )
    # A layout without a project-period block or an overall goal (central units) leaves the
    # key out; the model then holds the block with every cell blank.
    project_funds: ProjectFunds = Field(
        default_factory=lambda: ProjectFunds.model_construct(total=None, fiscal=None, other=None),
        alias="项目资金",
        title="项目资金（项目期）",
    )
    annual_funds: AnnualFunds = Field(alias="年度资金", title="年度资金（本年度）")
    execution_score: BlankableText = Field(
        default=None,
        alias="执行率分值",
        title="执行率分值",
        description="可选：原表“执行率分值（10）”中的分值（中央部门项目绩效目标表）。",
    )
    overall_goal: OverallGoal = Field(
        default_factory=lambda: OverallGoal.model_construct(
            start_year=None, end_year=None, text=None
        ),
        alias="项目总目标",
        title="项目总目标",
    )
    medium_goal: BlankableText = Field(
        default=None, alias="中期目标", title="中期目标", description="可选：总体目标中的中期目标。"
    )
    long_goal: BlankableText = Field(
        default=None, alias="长期目标", title="长期目标", description="可选：总体目标中的长期目标。"
    )
    annual_goal: BlankableText = Field(default=None, alias="年度总目标", title="年度总目标")
    indicators: IndicatorTree = Field(
        alias="绩效指标",
        title="绩效指标",
        description="一级指标 → 二级指标 → 三级指标列表；没有指标的二级指标写 [] 并保留。",
    )
    column_totals: dict[str, BlankableText] | None = Field(
        default=None,
        alias="指标列合计",
        title="指标列合计",
        description="可选：指标表表头中写明的合计，如“分值权重（90）”写作 分值权重: 90。",
    )
    source: Source | None = Field(
        default=None,
        alias="来源",
        title="来源",
        description="可选：从 PDF 导入时写入的文件、页码和项目经费情况说明。",
    )
    # Last of all fields, so that other optional fields can be added before it.
    acknowledged: list[AcknowledgedProblem] | None = Field(
        default=None,
        alias="原表问题",
        title="原表问题",
        description="可选：已发布的原表本身就有的问题（代码、字段、说明）。jixiao check 把它们"
        "报告为提示而不是错误，网站照样发布并在项目页的“核对提示”中说明；"
        "不再存在的问题记在这里是错误。",
    )

    def indicator_rows(self) -> tuple[tuple[str, str, Indicator], ...]:
        """Every indicator with its two category levels, in the form's order."""
        return self._indicator_rows

    # Computed once per declaration (see Indicator.reading): the pages, the tables, the totals
    # and the exports each walk the indicators several times.
    @cached_property
    def _indicator_rows(self) -> tuple[tuple[str, str, Indicator], ...]:
        return tuple(
            (l1, l2, indicator)
            for l1, l2s in self.indicators.items()
            for l2, items in l2s.items()
            for indicator in items
        )

    @cached_property
    def annual_total_in_yuan(self) -> Decimal | None:
        """年度资金申请总额 in 元, whatever unit the form used; None when blank."""
        amount = self.annual_funds.total
        return None if amount is None else to_yuan(amount, self.unit)

    @cached_property
    def appropriation_in_yuan(self) -> Decimal | None:
        """当年财政拨款 in 元; None when blank."""
        amount = self.annual_funds.appropriation
        return None if amount is None else to_yuan(amount, self.unit)

    @cached_property
    def measurable_count(self) -> int:
        """The targets that can be checked against a number at year end: one count for every
        place that shows it (the project page, the tables, the explorer, the quality page)."""
        return sum(1 for _, _, i in self._indicator_rows if i.reading.is_measurable())

    def adopt_measurable_count(self, count: int) -> None:
        """`measurable_count` as counted before from a file of the same text (the build cache's
        download share), so that a rebuild does not read every target again to count them."""
        self.__dict__.setdefault("measurable_count", count)
