"""The year-end self-evaluation (项目支出绩效自评表) as a typed, immutable model.

One self-evaluation per file, beside the declaration it answers:

    content/<年度>/<部门代码>/<项目代码>.yaml        the declaration (申报表)
    content/<年度>/<部门代码>/<项目代码>.自评.yaml   its self-evaluation (自评表)

A project slug never holds a dot (`registry.SLUG`), so the suffix `.自评.yaml` cannot be part of
a declaration's name: the loader, `fmt`, `check --changed`, history and the site tell the two
apart by the name alone (`is_evaluation_file`). Either file may exist without the other.

Keys are the national form's Chinese labels (财预〔2020〕10号). The other layouts' headers are
mapped onto them on import and the layout is recorded in `表式`, so a page can print the headers
the source printed (see `evaluation_layouts`). Nothing is computed here: every number is the one
printed, blank stays `None` (≠ 0), and the checks (`evaluation_checks`) and our own reading
(`evaluation_analysis`) work on what was written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.core.model import (
    AcknowledgedProblem,
    CategoryText,
    Money,
    NameText,
    Source,
    TargetText,
    Year,
    _Strict,
    _text_of_at_most,
    describe_value,
)
from generator.core.money import MoneyUnit

EVALUATION_SUFFIX = ".自评.yaml"
MAX_EVALUATION_INDICATORS = 500
MAX_FUNDING_ROWS = 20
MAX_EXTRA_COLUMNS = 20
MAX_SCORE = Decimal(1000)  # a 分值/得分/总分 above this is a misplaced number, not a score
_SCORE = re.compile(r"-?(?:\d{1,4})(?:\.\d{1,4})?", re.ASCII)


def is_evaluation_file(name: str) -> bool:
    """True for `<项目代码>.自评.yaml`, the only name a self-evaluation file may have."""
    return name.endswith(EVALUATION_SUFFIX)


def evaluation_slug(name: str) -> str:
    """`bs-zgh-0003.自评.yaml` → `bs-zgh-0003`: the slug of the declaration it answers."""
    return name[: -len(EVALUATION_SUFFIX)] if is_evaluation_file(name) else name


# `x.自評.yaml`, `x.自评表.yaml`, `x.自评 .yaml`, `x-自评.yaml`: a 自评表 under a suffix that is
# not `.自评.yaml`. Read as a declaration it would only give a generic name error and a screen
# of missing declaration fields; read as what it is, it gets one error that names the suffix
# (`jixiao check`), `fmt` refuses it with that error, and `diff` shows it as a 自评表.
_NEAR_SUFFIX = re.compile(r"(?P<slug>.+?)\s*[.\-_—]\s*自\s*[评評]\s*表?\s*\.yaml")


def misnamed_evaluation(name: str) -> str | None:
    """The slug part of a file named like a 自评表 with another suffix, None otherwise (and for
    a file named right)."""
    if name.isascii() or name.endswith(EVALUATION_SUFFIX):
        return None  # the common case, without NFKC: a project code is ASCII
    match = _NEAR_SUFFIX.fullmatch(unicodedata.normalize("NFKC", name))
    return None if match is None else match["slug"]


def misnamed_message(name: str, slug: str) -> str:
    """What `check` says of a 自评表 named with a near suffix (`slug` is
    `misnamed_evaluation(name)`); `fmt` refuses the file with the same words, `diff` flags it."""
    return (
        f"文件名“{name}”的后缀不对：自评表的文件名必须以“{EVALUATION_SUFFIX}”结尾"
        f"（简体的“评”，前面是英文句点，中间没有空格，不加“表”字）；"
        f"请改名为“{slug}{EVALUATION_SUFFIX}”，这份自评表才会和同名的申报表对应并发布。"
    )


def named_as_evaluation(name: str) -> bool:
    """A file name that says 自评表: `<项目代码>.自评.yaml`, or a near suffix (misnamed)."""
    return is_evaluation_file(name) or misnamed_evaluation(name) is not None


def _parse_score(value: object) -> Decimal | None:
    if value is None:
        return None  # blank cell: not scored, which is not 0
    if not isinstance(value, str):
        raise PydanticCustomError(
            "score", "应为分数，这里是{kind}", {"kind": describe_value(value)}
        )
    text = value.strip()
    if not _SCORE.fullmatch(text):
        raise PydanticCustomError(
            "score",
            "“{value}”不是分数；请用半角数字书写，如 8 或 7.5，原表空白请留空",
            {"value": value},
        )
    score = Decimal(text)
    if score.is_signed() or score > MAX_SCORE:  # -0 too: a minus is never in a score
        raise PydanticCustomError(
            "score", "分数 {value} 不在 0–1000 之间；请核对原表", {"value": value}
        )
    return score


Score = Annotated[
    Decimal | None,
    BeforeValidator(_parse_score),
    WithJsonSchema(
        {
            "type": ["string", "number", "null"],
            "pattern": r"^\d{1,4}(\.\d{1,4})?$",
            "examples": ["10", "7.5"],
        }
    ),
]


def _blank_or_text_of_at_most(limit: int) -> Callable[[object], str | None]:
    """A blank cell (None), or a text of at most `limit` characters; the text's parser is made
    once here, not on every cell (tens of thousands per check)."""
    text = _text_of_at_most(limit)

    def parse(value: object) -> str | None:
        return None if value is None else text(value)

    return parse


RateText = Annotated[
    str | None,
    BeforeValidator(_blank_or_text_of_at_most(20)),
    WithJsonSchema({"type": ["string", "null"], "maxLength": 20, "examples": ["95.30%"]}),
]
CellText = Annotated[
    str | None,
    BeforeValidator(_blank_or_text_of_at_most(200)),
    WithJsonSchema({"type": ["string", "null"], "maxLength": 200}),
]
LongText = Annotated[
    str | None,
    BeforeValidator(_blank_or_text_of_at_most(5000)),
    WithJsonSchema({"type": ["string", "null"], "maxLength": 5000}),
]


def _bounded_list(limit: int, what: str) -> Any:
    def check(value: object) -> object:
        if isinstance(value, list) and len(value) > limit:
            raise PydanticCustomError(
                "too-many-rows",
                "共有 {count} 行{what}，超过上限 {limit} 行；"
                "请检查是否把多份自评表合在了一个文件里",
                {"count": f"{len(value):,}", "what": what, "limit": f"{limit:,}"},
            )
        return value

    return BeforeValidator(check)


def _bounded_columns(value: object) -> object:
    if isinstance(value, dict) and len(value) > MAX_EXTRA_COLUMNS:
        raise PydanticCustomError(
            "too-many-columns",
            "共有 {count} 个其他列，超过上限 {limit} 个",
            {"count": f"{len(value):,}", "limit": f"{MAX_EXTRA_COLUMNS:,}"},
        )
    return value


ExtraColumns = Annotated[dict[str, CellText] | None, BeforeValidator(_bounded_columns)]


class EvaluationLayout(StrEnum):
    """表式: which published layout the form follows (DOMAIN.md, Self-evaluation)."""

    NATIONAL = "全国"  # 财预〔2020〕10号 附件
    BUDGET_SYSTEM = (
        "预算系统"  # 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析
    )
    SICHUAN = "四川"  # 分值 before 年度指标值; 报表编号, 评价结论, 负责人


class FundingRow(_Strict):
    """预算执行情况的一行（年度资金总额、其中：当年财政拨款、上年结转资金、其他资金……）。"""

    source: NameText = Field(
        alias="资金来源",
        title="资金来源",
        description="行名，按原表原样填写，如 年度资金总额、其中：当年财政拨款、上年结转资金。",
    )
    initial_budget: Money = Field(default=None, alias="年初预算数", title="年初预算数")
    budget: Money = Field(
        default=None, alias="全年预算数", title="全年预算数", description="即调整后预算数。"
    )
    spent: Money = Field(
        default=None, alias="全年执行数", title="全年执行数", description="即预算执行数。"
    )
    points: Score = Field(default=None, alias="分值", title="分值", description="通常为 10。")
    rate: RateText = Field(
        default=None,
        alias="执行率",
        title="执行率",
        description="按原表原样填写，如 95.30%；"
        "jixiao check 按原表的小数位核对全年执行数÷全年预算数。",
    )
    score: Score = Field(default=None, alias="得分", title="得分")
    extra: ExtraColumns = Field(
        default=None, alias="其他列", title="其他列", description="原表其他列：表头 → 内容。"
    )


class EvaluationGoal(_Strict):
    """年度总体目标：预期目标与实际完成情况并列。"""

    expected: LongText = Field(
        default=None,
        alias="预期目标",
        title="预期目标",
        description="四川表式为“年初设定目标”。",
    )
    achieved: LongText = Field(
        default=None,
        alias="实际完成情况",
        title="实际完成情况",
        description="四川表式为“年度总体目标完成情况综述”。",
    )


class EvaluationIndicator(_Strict):
    """自评表的一行绩效指标，每一列按原表原样保留。"""

    level1: NameText = Field(
        alias="一级指标",
        title="一级指标",
        description="按原表原样填写，可带分值，如 产出指标(50分)。",
    )
    level2: NameText | None = Field(default=None, alias="二级指标", title="二级指标")
    name: NameText = Field(alias="三级指标", title="三级指标")
    target: TargetText | None = Field(
        default=None,
        alias="年度指标值",
        title="年度指标值",
        description='全国和四川表式的目标值，原样填写，如 ">=85%"；'
        "预算系统表式留空，见指标性质等列。",
    )
    actual: CellText = Field(
        default=None,
        alias="实际完成值",
        title="实际完成值",
        description="原样填写，如 87%、达成预期指标；四川表式为“全年实际值”。",
    )
    nature: CategoryText | None = Field(
        default=None,
        alias="指标性质",
        title="指标性质",
        description="预算系统表式：≥、≤、＝、定性 等。",
    )
    value: CellText = Field(
        default=None, alias="指标值", title="指标值", description="预算系统表式。"
    )
    measure_unit: CategoryText | None = Field(
        default=None, alias="度量单位", title="度量单位", description="预算系统表式。"
    )
    completed: CellText = Field(
        default=None, alias="完成值", title="完成值", description="预算系统表式。"
    )
    points: Score = Field(
        default=None, alias="分值", title="分值", description="预算系统表式为“权重”。"
    )
    score: Score = Field(default=None, alias="得分", title="得分")
    reason: LongText = Field(
        default=None,
        alias="偏差原因分析及改进措施",
        title="偏差原因分析及改进措施",
        description="预算系统表式为“未完成原因分析”，四川表式为“未完成原因及拟采取的改进措施”。",
    )
    extra: ExtraColumns = Field(
        default=None, alias="其他列", title="其他列", description="原表其他列：表头 → 内容。"
    )


FundingRows = Annotated[list[FundingRow], _bounded_list(MAX_FUNDING_ROWS, "预算执行")]
EvaluationIndicators = Annotated[
    list[EvaluationIndicator], _bounded_list(MAX_EVALUATION_INDICATORS, "绩效指标")
]


class Evaluation(_Strict):
    """一份项目支出绩效自评表。"""

    year: Year = Field(
        alias="年度", title="年度", description="自评的年度（预算年度），须与目录一致。"
    )
    name: NameText = Field(alias="项目名称", title="项目名称")
    department: NameText = Field(
        alias="主管部门",
        title="主管部门",
        description="须与 content/departments.yaml 中的名称一致。",
    )
    implementing_unit: NameText | None = Field(
        default=None,
        alias="实施单位",
        title="实施单位",
        description="按原表原样填写，带单位代码的也照写，如 219-上海市宝山区某某中心。",
    )
    layout: EvaluationLayout = Field(
        default=EvaluationLayout.NATIONAL,
        alias="表式",
        title="表式",
        description="原表的表式：全国（财预〔2020〕10号）、预算系统（指标性质/指标值/度量单位）、"
        "四川（分值在年度指标值之前）。",
    )
    report_number: CellText = Field(
        default=None, alias="报表编号", title="报表编号", description="四川部门表式。"
    )
    unit: MoneyUnit = Field(
        alias="资金单位",
        title="资金单位",
        description="原表预算执行一栏的单位：元 或 万元（常见）。",
    )
    basic_info: LongText = Field(
        default=None, alias="项目基本情况", title="项目基本情况", description="四川部门表式。"
    )
    funding: FundingRows = Field(
        default_factory=list,
        alias="预算执行",
        title="预算执行情况",
        description="每个资金来源一行：年初预算数、全年预算数、全年执行数、分值、执行率、得分。",
    )
    goal: EvaluationGoal | None = Field(default=None, alias="年度总体目标", title="年度总体目标")
    indicators: EvaluationIndicators = Field(
        default_factory=list,
        alias="绩效指标",
        title="绩效指标",
        description="每行一个三级指标，按原表顺序；一级、二级指标每行都写。",
    )
    total_points: Score = Field(
        default=None, alias="总分", title="总分", description="通常为 100。"
    )
    total_score: Score = Field(default=None, alias="自评得分", title="自评得分")
    grade: CategoryText | None = Field(
        default=None,
        alias="自评等级",
        title="自评等级",
        description="按原表填写：优、良、中、差。",
    )
    conclusion: LongText = Field(default=None, alias="评价结论", title="评价结论")
    problems: LongText = Field(default=None, alias="存在问题", title="存在问题")
    improvements: LongText = Field(default=None, alias="改进措施", title="改进措施")
    project_lead: CellText = Field(default=None, alias="项目负责人", title="项目负责人")
    finance_lead: CellText = Field(default=None, alias="财务负责人", title="财务负责人")
    extra: dict[str, LongText] | None = Field(
        default=None,
        alias="其他",
        title="其他",
        description="原表中没有对应字段的其他栏目：栏目名 → 内容，原样保留。",
    )
    source: Source | None = Field(
        default=None, alias="来源", title="来源", description="可选：导入时的文件和页码。"
    )
    acknowledged: list[AcknowledgedProblem] | None = Field(
        default=None,
        alias="原表问题",
        title="原表问题",
        description="可选：已发布的自评表本身就有的问题（如执行率算错、得分合计不符），"
        "jixiao check 报告为提示而不是错误。",
    )


__all__ = [
    "EVALUATION_SUFFIX",
    "Evaluation",
    "EvaluationGoal",
    "EvaluationIndicator",
    "EvaluationLayout",
    "FundingRow",
    "evaluation_slug",
    "is_evaluation_file",
    "misnamed_evaluation",
    "misnamed_message",
    "named_as_evaluation",
]
