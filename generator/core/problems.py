"""Every problem code jixiao reports, in one catalogue: code, severity, scope and a Chinese title.

A code is the stable name of a rule (`错误[funding-sum]`): CI scripts, `原表问题` entries and the
README's table refer to it, so it must not drift between the places that need to know about
codes. The sets those places use are derived here instead of being kept by hand: the codes
that may be acknowledged (`acknowledgements`), the codes whose message comes from our own
validators (`validation`), and the codes that compare files with each other (`check
--changed`). `tests/core/test_problems.py` holds the catalogue to the README's table and to every
code the package emits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from generator.core.diagnostics import Severity


class Scope(StrEnum):
    """Whether a finding is about one file, or compares files with each other."""

    FILE = "file"
    # Shown by `check --changed` whatever changed: the file that causes it may be unchanged.
    CROSS_FILE = "cross-file"


class Source(StrEnum):
    """Who writes the message: jixiao's own rules, or a validator in the pydantic models."""

    RULE = "rule"
    # Raised as PydanticCustomError by a validator of ours, its message already in Chinese.
    VALIDATOR = "validator"


@dataclass(frozen=True, slots=True)
class Problem:
    """One rule's entry: what `错误[code]` means, how much it weighs, and where it may go."""

    code: str
    severity: Severity  # as found; an acknowledged problem is reported as a notice instead
    title: str  # Chinese, shown where the problem is listed (核对提示, import report)
    scope: Scope = Scope.FILE
    source: Source = Source.RULE
    # A fact of the published form (a sum, a date, a category) that a file may record in its
    # 原表问题 and publish as it stands; a mistake of the file itself never is.
    acknowledgeable: bool = False


_E, _W = Severity.ERROR, Severity.WARNING
_CROSS, _OWN = Scope.CROSS_FILE, Source.VALIDATOR

# Grouped by the stage that finds them; the acknowledgeable codes keep the order in which the
# refusal message (`acknowledgement-code`) lists them.
PROBLEMS: tuple[Problem, ...] = (
    # Reading the file (yaml_source)
    Problem("encoding", _E, "文件不是 UTF-8 编码"),
    Problem("bom", _W, "文件开头有 BOM"),
    Problem("file-too-large", _E, "文件过大"),
    Problem("empty-file", _E, "文件为空"),
    Problem("yaml-syntax", _E, "YAML 语法错误"),
    Problem("yaml-depth", _E, "嵌套过深"),
    Problem("multiple-documents", _E, "一个文件有多个文档"),
    Problem("duplicate-key", _E, "字段重复"),
    Problem("yaml-anchor", _E, "使用了锚点"),
    Problem("yaml-alias", _E, "使用了别名"),
    Problem("yaml-merge-key", _E, "使用了合并键"),
    Problem("yaml-tag", _E, "使用了类型标签"),
    Problem("yaml-complex-key", _E, "字段名不是文字"),
    Problem("empty-key", _E, "字段名为空"),
    Problem("invisible-char", _E, "看不见的字符"),
    Problem("lookalike-char", _E, "看起来一样、编码不同的字符"),
    # The schema (validation and the models' validators)
    Problem("missing-field", _E, "缺少字段"),
    Problem("missing-value", _E, "必填值为空", source=_OWN),
    Problem("unknown-field", _E, "未知字段"),
    Problem("type", _E, "类型不对", source=_OWN),
    Problem("enum", _E, "不在可选值中"),
    Problem("year", _E, "年份写法不对", source=_OWN),
    Problem("date", _E, "日期写法不对", source=_OWN),
    Problem("money", _E, "金额写法不对", source=_OWN),
    Problem("money-too-large", _E, "金额过大", source=_OWN),
    Problem("text-too-long", _E, "文字过长", source=_OWN),
    Problem("too-many-indicators", _E, "三级指标过多", source=_OWN),
    Problem("form-layout", _E, "未知的表样", source=_OWN),
    Problem("project-code", _E, "项目编码格式不对", source=_OWN),
    Problem("slug", _E, "部门代码不合规", source=_OWN),
    Problem("score", _E, "分值或得分写法不对", source=_OWN),
    Problem("too-many-rows", _E, "行数过多", source=_OWN),
    Problem("too-many-columns", _E, "其他列过多", source=_OWN),
    # The rules on one declaration (checks)
    Problem("funding-sum", _E, "合计不符", acknowledgeable=True),
    Problem("funding-annual-exceeds-total", _E, "年度资金超过项目资金总额", acknowledgeable=True),
    Problem("money-negative", _E, "金额为负数", acknowledgeable=True),
    Problem("money-places", _E, "小数位过多"),
    Problem("money-blank-total", _W, "总额空白，无法核对"),
    Problem("funding-narrative-mismatch", _W, "经费说明的金额与年度资金申请总额不符"),
    Problem("date-order", _E, "完成日期早于开始日期", acknowledgeable=True),
    Problem("goal-period-order", _E, "总目标期间颠倒", acknowledgeable=True),
    Problem("date-outside-year", _W, "计划期间不含申报年度"),
    Problem("goal-period-year", _W, "总目标期间不含申报年度"),
    Problem("value-blank", _W, "原表空白"),
    Problem("value-null-word", _W, "值是 null 或 ~，按文字发布"),
    Problem("value-padded", _W, "值的首尾有空白字符"),
    Problem("column-total", _W, "指标表表头的合计与各指标之和不等"),
    Problem("unknown-category", _W, "不常见的项目类别"),
    Problem("unknown-nature", _W, "不常见的项目性质"),
    Problem("indicator-level1", _E, "一级指标不在指标体系中", acknowledgeable=True),
    Problem("indicator-level2", _E, "二级指标不在所属一级指标下", acknowledgeable=True),
    Problem("indicators-empty", _E, "没有三级指标", acknowledgeable=True),
    Problem("indicator-placement", _W, "指标看起来放错了类别"),
    Problem("indicator-duplicate", _W, "同一类别下指标重名"),
    # 原表问题 (acknowledgements)
    Problem("acknowledgement-stale", _E, "记入的原表问题已不存在"),
    Problem("acknowledgement-code", _E, "记入了不能记入的代码"),
    Problem("acknowledgement-duplicate", _E, "同一原表问题记了两次"),
    # 绩效自评 (evaluation_checks)
    Problem("evaluation-rate", _E, "执行率与全年执行数÷全年预算数不符", acknowledgeable=True),
    Problem("evaluation-score-over", _E, "得分超过分值", acknowledgeable=True),
    Problem("evaluation-score-sum", _E, "得分合计与自评得分不符", acknowledgeable=True),
    Problem("evaluation-points-sum", _E, "分值合计与总分不符", acknowledgeable=True),
    Problem(
        "evaluation-level1-points",
        _E,
        "一级指标写明的分值与其下分值合计不符",
        acknowledgeable=True,
    ),
    Problem("evaluation-total-over", _E, "自评得分超过总分", acknowledgeable=True),
    Problem("evaluation-funding-sum", _E, "各资金来源之和与年度资金总额不符", acknowledgeable=True),
    Problem("evaluation-grade", _E, "自评等级与自评得分不符", acknowledgeable=True),
    Problem("evaluation-grade-unknown", _W, "自评等级不是优、良、中、差"),
    Problem("evaluation-overspent", _W, "全年执行数超过全年预算数"),
    Problem("evaluation-indicator-unmatched", _W, "自评表的指标在申报表中没有"),
    Problem("evaluation-indicator-missing", _W, "申报表的指标自评表里没有"),
    Problem("evaluation-target-changed", _W, "年度指标值与申报的不同"),
    Problem("evaluation-full-marks-unmet", _W, "目标未达成却给了满分"),
    Problem("evaluation-score-rule", _W, "得分与通行计分规则不符"),
    # The content tree (corpus, cross_file)
    Problem("content-missing", _E, "内容目录不存在"),
    Problem("too-many-files", _E, "申报文件过多"),
    Problem("layout", _E, "目录结构不对"),
    Problem("layout-suffix", _E, "扩展名不是 .yaml"),
    Problem("layout-symlink", _E, "符号链接"),
    Problem("layout-hidden", _W, "以“.”开头、不会发布的文件或目录"),
    Problem("file-unreadable", _E, "文件无法读取"),
    Problem("registry-missing", _E, "缺少主管部门名录"),
    Problem("registry-duplicate", _E, "部门名录中代码或名称重复", scope=_CROSS),
    Problem("identity-slug", _E, "文件名不合规"),
    Problem("identity-reserved", _E, "文件名是保留名称"),
    Problem("identity-duplicate", _E, "同年度项目代码重复", scope=_CROSS),
    Problem("year-mismatch", _E, "年度与目录不符"),
    Problem("department-unknown", _E, "目录不是登记的主管部门"),
    Problem("department-name", _E, "主管部门名称与名录不一致"),
    Problem("unit-spelling", _W, "同一实施单位写法不一", scope=_CROSS),
    Problem("project-code-duplicate", _E, "同年度项目编码重复", scope=_CROSS),
    Problem("project-code-department", _W, "项目编码改由另一主管部门申报", scope=_CROSS),
    Problem("project-code-name", _W, "项目编码的项目名称改变", scope=_CROSS),
)

CATALOGUE: Mapping[str, Problem] = MappingProxyType({p.code: p for p in PROBLEMS})

CROSS_FILE_CODES = frozenset(p.code for p in PROBLEMS if p.scope is Scope.CROSS_FILE)
VALIDATOR_CODES = frozenset(p.code for p in PROBLEMS if p.source is Source.VALIDATOR)
ACKNOWLEDGEABLE_TITLES: Mapping[str, str] = MappingProxyType(
    {p.code: p.title for p in PROBLEMS if p.acknowledgeable}
)

# pydantic errors that jixiao has not translated are reported as `schema-<pydantic type>`.
UNTRANSLATED_PREFIX = "schema-"


def problem(code: str) -> Problem:
    """The catalogue entry of `code`; KeyError for a code nobody registered (a bug of ours)."""
    return CATALOGUE[code]
