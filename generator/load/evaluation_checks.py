"""`jixiao check` for a self-evaluation: its arithmetic as published, and its declaration.

Arithmetic (errors, acknowledgeable in `原表问题` since they describe the published form):
- `evaluation-rate`: 执行率 ≠ 全年执行数 ÷ 全年预算数 at the precision printed;
- `evaluation-score-over`: a 得分 above its 分值;
- `evaluation-score-sum`: 预算执行得分 + the indicators' 得分 ≠ 自评得分;
- `evaluation-points-sum`: the 分值 do not add up to 总分;
- `evaluation-level1-points`: a first-level cell's weight (`产出指标(50分)`) ≠ the 分值 under it;
- `evaluation-total-over`: 自评得分 above 总分 (or, with no 总分 printed, above the 分值 added up);
- `evaluation-funding-sum`: 年度资金总额 ≠ the rows under it (当年财政拨款 + 上年结转资金 + 其他资金
  …), column by column, when every row is a known source (an unknown row may be a 其中 of another);
- `evaluation-grade`: 自评等级 disagrees with 自评得分 under 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60
  (优秀, 良好, 合格, 不合格 … are the same four grades written out).

Facts worth a look, not errors (warnings):
- `evaluation-overspent`: 全年执行数 above 全年预算数 (执行率 over 100%): the form may be right,
  the site publishes it as it is, and the unit is asked to confirm it;
- `evaluation-grade-unknown`: a 自评等级 that is none of the four grades (A, 一级 …): local rules,
  which jixiao cannot check against the score.

Against the declaration and our reading (warnings: they are findings, shown on the site):
- `evaluation-indicator-unmatched`, `evaluation-indicator-missing`, `evaluation-target-changed`
  (目标被修改), `evaluation-full-marks-unmet` (满分未达成), `evaluation-score-rule`.

A file that does not validate as a whole gets the arithmetic on the cells that did
(`check_evaluation_parts`), as a declaration gets the rules whose fields did: a cell that did not
validate is unknown, not blank and not zero, and every rule that needs it skips it silently.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.evaluation_analysis import (
    EvaluationAnalysis,
    analyse,
    execution_rate,
    funding_points,
    named_total_index,
    printed_rate,
    rate_agrees,
)
from generator.core.evaluation_model import Evaluation, FundingRow
from generator.core.model import AcknowledgedProblem, Declaration
from generator.core.money import decimal_places, exact_money, is_negative, negative_hint
from generator.load.acknowledgements import FIELD as ACKNOWLEDGEMENTS
from generator.load.validation import field_label
from generator.load.yaml_source import YamlDocument, YamlPath

_LEVEL1_WEIGHT = re.compile(r"[(（]\s*([0-9]+(?:\.[0-9]+)?)\s*分?\s*[)）]")


def level1_weight(label: str) -> Decimal | None:
    """`产出指标(50分)` → 50; None when the cell carries no weight."""
    match = _LEVEL1_WEIGHT.search(unicodedata.normalize("NFKC", label))
    return None if match is None else Decimal(match[1])


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


# The sources a 年度资金总额 is made of, as the layouts name them (DOMAIN.md, Self-evaluation).
# A row named otherwise may be a 其中 of another row, so a total is only added up when every
# row under it is one of these.
_FUNDING_PARTS = frozenset(
    {
        "当年财政拨款",
        "本年财政拨款",
        "财政拨款",
        "财政资金",
        "上年结转资金",
        "上年结转",
        "结转资金",
        "财政专户管理资金",
        "单位资金",
        "其他资金",
    }
)
_ROW_PREFIX = re.compile(r"^(?:其中[:：]?|[0-9一二三四五六七八九十]{1,2}[.、]|\([0-9一二三四]\))+")
_AMOUNT_KEYS: tuple[tuple[str, str], ...] = (
    ("年初预算数", "initial_budget"),
    ("全年预算数", "budget"),
    ("全年执行数", "spent"),
)


def _part_name(row: FundingRow) -> str:
    """`其中：当年财政拨款` → 当年财政拨款: the source a row names, without its numbering."""
    return _ROW_PREFIX.sub("", "".join(unicodedata.normalize("NFKC", row.source).split()))


class _Gaps:
    """The cells of a partly valid 自评表 whose value is not known (`validation.valid_cells`:
    they did not validate, or are absent beside a misspelt key): not blank. A rule that adds up
    a column asks first; a None it reads is then a blank."""

    def __init__(self, cells: frozenset[YamlPath] = frozenset()) -> None:
        self.cells = cells

    def knows(self, *loc: str | int) -> bool:
        """The value at `loc` is known (valid, or blank): neither it nor a row or table holding
        it is among the unknown cells."""
        return not self.cells or not any(loc[:n] in self.cells for n in range(len(loc) + 1))

    def knows_column(self, table: str, key: str) -> bool:
        """Every row's `key` in `table` (预算执行, 绩效指标) is known, and so are the rows."""
        if not self.cells:
            return True
        if () in self.cells or (table,) in self.cells:
            return False
        return not any(
            len(cell) > 1 and cell[0] == table and (len(cell) == 2 or cell[2] == key)
            for cell in self.cells
        )


_NO_GAPS = _Gaps()  # a file that validated as a whole
_NONE: frozenset[tuple[str, str]] = frozenset()

# What an error of the published form's arithmetic asks of the reader, unless the file has
# recorded it in 原表问题 already: then the notice says so (acknowledgements), and this is left out.
CHECK_THE_FORM = "请核对原表（原表如此请记入原表问题）"
CHECK_THE_GRADE = "请核对原表（原表如此，或当地等级标准不同，请记入原表问题并在说明中写明）"


class _Report:
    def __init__(
        self,
        document: YamlDocument,
        path: str,
        acknowledged: list[AcknowledgedProblem] | None,
        gaps: _Gaps | None = None,
    ) -> None:
        self.document = document
        self.path = path
        self.found: list[Diagnostic] = []
        self.acknowledged = (
            frozenset((entry.code, entry.at) for entry in acknowledged) if acknowledged else _NONE
        )
        self.gaps = gaps or _NO_GAPS

    def add(
        self, severity: Severity, loc: YamlPath, code: str, message: str, advice: str = ""
    ) -> None:
        """One problem at `loc`; `advice` (what to do about it) is added unless the file
        records this very problem in its 原表问题."""
        position = self.document.source_map.locate(loc)
        label = field_label(loc)
        if advice and (code, label) not in self.acknowledged:
            message = f"{message}；{advice}"
        self.found.append(Diagnostic(self.path, position, severity, code, label, message))


@exact_money
def check_evaluation(
    evaluation: Evaluation,
    document: YamlDocument,
    path: str,
    declaration: Declaration | None,
    analysis: EvaluationAnalysis | None = None,
) -> list[Diagnostic]:
    """Every problem of one self-evaluation (its own arithmetic, and against `declaration`);
    `analysis` is `analyse(evaluation, declaration)` when the caller has it already."""
    report = _Report(document, path, evaluation.acknowledged)
    if analysis is None:
        analysis = analyse(evaluation, declaration)
    _arithmetic(evaluation, analysis, report)
    if declaration is not None:
        _against_declaration(evaluation, analysis, report)
    _readings(analysis, report)
    return report.found


def known_acknowledgements(
    parts: Evaluation, unknown: frozenset[YamlPath]
) -> list[AcknowledgedProblem] | None:
    """The 原表问题 of a partly valid 自评表 when every entry validated, else None (an entry
    kept field by field has no code to match)."""
    if any(cell[:1] == (ACKNOWLEDGEMENTS,) for cell in unknown):
        return None
    return parts.acknowledged


@exact_money
def check_evaluation_parts(
    parts: Evaluation, unknown: frozenset[YamlPath], document: YamlDocument, path: str
) -> list[Diagnostic]:
    """The arithmetic of a self-evaluation that did not validate as a whole, on the cells that
    did (`validation.valid_cells`: `parts`, and the `unknown` cells).

    Every rule runs; a rule that reads an unknown cell skips what needs it (one row's rate, one
    column's sum, the score sum), silently: the cell's own validation error is what to put
    right. The comparison with the declaration and our readings wait for a valid file: they
    pair indicators by name and would speak of rows that are not known yet.
    """
    gaps = _Gaps(unknown)
    known = parts.model_copy(
        update={
            "funding": parts.funding or [],
            "indicators": parts.indicators or [],
            "acknowledged": known_acknowledgements(parts, unknown),
        }
    )
    # Which row is the total is read from the rows' names: with one unknown, no funding figure
    # is (the rules that need one ask `gaps` and skip).
    readable = known
    if not gaps.knows_column("预算执行", "资金来源"):
        readable = known.model_copy(update={"funding": []})
    report = _Report(document, path, known.acknowledged, gaps)
    _arithmetic(known, analyse(readable, None), report)
    return report.found


def _arithmetic(evaluation: Evaluation, analysis: EvaluationAnalysis, report: _Report) -> None:
    gaps = report.gaps
    _funding_rows(evaluation, report)
    _funding_sum(evaluation, report)
    for index, item in enumerate(evaluation.indicators):
        if item.score is not None and item.points is not None and item.score > item.points:
            report.add(
                Severity.ERROR,
                ("绩效指标", index, "得分"),
                "evaluation-score-over",
                f"“{item.name}”的得分 {_fmt(item.score)} 超过分值 {_fmt(item.points)}",
            )
    # Which funding row is the total is read from the names; its 得分 and 分值 count once.
    funding_known = gaps.knows_column("预算执行", "资金来源")
    total = evaluation.total_score
    if (
        total is not None
        and analysis.computed_total is not None
        and funding_known
        and gaps.knows_column("预算执行", "得分")
        and gaps.knows_column("绩效指标", "得分")
    ):
        places = decimal_places(total)
        summed = analysis.computed_total.quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
        )
        if summed != total:
            report.add(
                Severity.ERROR,
                ("自评得分",),
                "evaluation-score-sum",
                f"自评得分写的是 {_fmt(total)}，预算执行得分 "
                f"{_fmt(analysis.funding_score or Decimal(0))} 加各项指标得分 "
                f"{_fmt(analysis.indicator_score_sum or Decimal(0))} 共 "
                f"{_fmt(analysis.computed_total)}",
                CHECK_THE_FORM,
            )
    indicator_points = [i.points for i in evaluation.indicators]
    summed_points: Decimal | None = None
    if (
        indicator_points
        and all(p is not None for p in indicator_points)
        and funding_known
        and gaps.knows_column("预算执行", "分值")
        and gaps.knows_column("绩效指标", "分值")
    ):
        summed_points = sum(
            (p for p in [funding_points(evaluation), *indicator_points] if p is not None),
            Decimal(0),
        )
    if (
        evaluation.total_points is not None
        and summed_points is not None
        and summed_points != evaluation.total_points
    ):
        report.add(
            Severity.ERROR,
            ("总分",),
            "evaluation-points-sum",
            f"总分写的是 {_fmt(evaluation.total_points)}，各项分值合计 {_fmt(summed_points)}",
        )
    limit, limit_name = evaluation.total_points, "总分"
    if limit is None and gaps.knows("总分"):  # not printed; an invalid one is not known
        limit, limit_name = summed_points, "各项分值合计"
    if total is not None and limit is not None and total > limit:
        report.add(
            Severity.ERROR,
            ("自评得分",),
            "evaluation-total-over",
            f"自评得分 {_fmt(total)} 超过{limit_name} {_fmt(limit)}，得分不能高于满分",
            CHECK_THE_FORM,
        )
    _level1_points(evaluation, report)
    if evaluation.grade is not None and evaluation.grade.strip():
        if analysis.common_grade is None:
            report.add(
                Severity.WARNING,
                ("自评等级",),
                "evaluation-grade-unknown",
                f"自评等级“{evaluation.grade}”不是优、良、中、差（或优秀、良好、合格、不合格）"
                "中的一个，无法与自评得分核对；按原表发布，请核对是否抄错",
            )
        elif analysis.grade_differs:
            report.add(
                Severity.ERROR,
                ("自评等级",),
                "evaluation-grade",
                f"自评等级写的是“{evaluation.grade}”，自评得分 {_fmt(total or Decimal(0))} 按"
                f"优 ≥ 90、良 80–90、中 60–80、差 < 60 应为“{analysis.grade_by_total}”",
                CHECK_THE_GRADE,
            )


def _funding_rows(evaluation: Evaluation, report: _Report) -> None:
    """Each funding row on its own: its amounts, its 执行率 and 得分. A cell that did not
    validate reads as None here, and every rule below skips a None."""
    error = Severity.ERROR
    unit_known = report.gaps.knows("资金单位")
    for index, row in enumerate(evaluation.funding):
        loc: YamlPath = ("预算执行", index)
        for key, attribute in _AMOUNT_KEYS:
            amount: Decimal | None = getattr(row, attribute)
            if amount is None:
                continue
            if is_negative(amount):
                report.add(
                    error,
                    (*loc, key),
                    "money-negative",
                    f"金额 {amount} 为负数{negative_hint(amount)}",
                )
            if unit_known and decimal_places(amount) > evaluation.unit.max_places:
                report.add(
                    error,
                    (*loc, key),
                    "money-places",
                    f"金额 {amount} 的小数位超过 {evaluation.unit.max_places} 位"
                    f"（资金单位为{evaluation.unit.value}）",
                )
        printed = printed_rate(row.rate)
        computed = execution_rate(row)
        if row.rate is not None and printed is None:
            report.add(
                error,
                (*loc, "执行率"),
                "evaluation-rate",
                f"执行率“{row.rate}”不是百分数，如 95.30%",
            )
        elif printed is not None and computed is not None:
            value, places = printed
            if not rate_agrees(computed, value, places):
                step = Decimal(1).scaleb(-places)
                shown = computed.quantize(step, rounding=ROUND_HALF_UP)
                report.add(
                    error,
                    (*loc, "执行率"),
                    "evaluation-rate",
                    f"执行率写的是 {row.rate}，全年执行数 {_fmt(row.spent or Decimal(0))} ÷ "
                    f"全年预算数 {_fmt(row.budget or Decimal(0))} = {shown}%",
                    CHECK_THE_FORM,
                )
        if row.score is not None and row.points is not None and row.score > row.points:
            report.add(
                error,
                (*loc, "得分"),
                "evaluation-score-over",
                f"得分 {_fmt(row.score)} 超过分值 {_fmt(row.points)}",
            )
        if (
            row.budget is not None
            and row.spent is not None
            and not is_negative(row.budget)  # reported as money-negative already
            and row.spent > row.budget
        ):
            rate = (
                f"执行率 {computed.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"
                if (computed is not None)
                else "全年预算数为 0，执行率无法计算"
            )
            name = (
                f"“{row.source}”"
                if report.gaps.knows(*loc, "资金来源")
                else f"预算执行第 {index + 1} 行"
            )
            report.add(
                Severity.WARNING,
                (*loc, "全年执行数"),
                "evaluation-overspent",
                f"{name}全年执行数 {row.spent} 超过全年预算数 {row.budget}"
                f"（{rate}）；按原表发布，请向填报单位核实全年预算数（调整后预算数）是否漏记了调整",
            )


def _funding_sum(evaluation: Evaluation, report: _Report) -> None:
    """年度资金总额 against the rows under it, each amount column on its own; blank rows count
    as nothing (as in the declarations' sums), a blank total cannot be checked. A column with
    a cell that did not validate is not added up (that cell is not blank, it is unknown)."""
    gaps = report.gaps
    if not gaps.knows_column("预算执行", "资金来源"):
        return
    at = named_total_index(evaluation)
    if at is None:
        return
    total = evaluation.funding[at]
    parts = [row for row in evaluation.funding if row is not total]
    names = [_part_name(row) for row in parts]
    if not parts or any(n not in _FUNDING_PARTS for n in names) or len(set(names)) < len(names):
        return
    for key, attribute in _AMOUNT_KEYS:
        if not gaps.knows_column("预算执行", key):
            continue
        stated: Decimal | None = getattr(total, attribute)
        amounts: list[Decimal | None] = [getattr(row, attribute) for row in parts]
        if stated is None or all(a is None for a in amounts):
            continue
        summed = sum((a for a in amounts if a is not None), Decimal(0))
        if summed != stated:
            terms = " + ".join(
                f"{name} {'空白' if amount is None else amount}"
                for name, amount in zip(names, amounts, strict=True)
            )
            report.add(
                Severity.ERROR,
                ("预算执行", at, key),
                "evaluation-funding-sum",
                f"“{total.source}”的{key} {stated} ≠ {terms} = {summed}（相差 {stated - summed}）",
                CHECK_THE_FORM,
            )


def _level1_points(evaluation: Evaluation, report: _Report) -> None:
    if not report.gaps.knows_column("绩效指标", "一级指标"):
        return  # a row of unknown group could belong to any of them
    first: dict[str, int] = {}
    sums: dict[str, Decimal | None] = {}
    for index, item in enumerate(evaluation.indicators):
        first.setdefault(item.level1, index)
        before = sums.get(item.level1, Decimal(0))
        # A blank 分值, or one that did not validate (None too): the group's sum is unknown.
        sums[item.level1] = None if before is None or item.points is None else before + item.points
    for label, index in first.items():
        weight = level1_weight(label)
        total = sums[label]
        if weight is not None and total is not None and weight != total:
            report.add(
                Severity.ERROR,
                ("绩效指标", index, "一级指标"),
                "evaluation-level1-points",
                f"“{label}”写明 {_fmt(weight)} 分，其下各三级指标分值合计 {_fmt(total)}",
            )


def _against_declaration(
    evaluation: Evaluation, analysis: EvaluationAnalysis, report: _Report
) -> None:
    warning = Severity.WARNING
    for index in analysis.unmatched:
        report.add(
            warning,
            ("绩效指标", index, "三级指标"),
            "evaluation-indicator-unmatched",
            f"三级指标“{evaluation.indicators[index].name}”在申报表中没有同名指标",
        )
    for item in analysis.indicators:
        if item.target_changed and item.declared is not None:
            report.add(
                warning,
                ("绩效指标", item.index, "年度指标值"),
                "evaluation-target-changed",
                f"目标被修改：自评表写“{item.target_text}”，申报表写“{item.declared.target}”",
            )
    if analysis.missing:
        names = "、".join(f"“{indicator.name}”" for _, _, indicator in analysis.missing)
        report.add(
            warning,
            ("绩效指标",),
            "evaluation-indicator-missing",
            f"申报表的 {len(analysis.missing)} 个三级指标在自评表中没有：{names}",
        )


def _readings(analysis: EvaluationAnalysis, report: _Report) -> None:
    warning = Severity.WARNING
    for item in analysis.indicators:
        row = item.indicator
        if item.full_marks_unmet:
            report.add(
                warning,
                ("绩效指标", item.index, "得分"),
                "evaluation-full-marks-unmet",
                f"满分未达成：“{row.name}”目标“{item.target_text}”，实际“{item.actual_text}”，"
                f"仍得满分 {_fmt(row.score or Decimal(0))}",
            )
        elif item.score_disagrees and item.rule_score is not None:
            report.add(
                warning,
                ("绩效指标", item.index, "得分"),
                "evaluation-score-rule",
                f"“{row.name}”得分 {_fmt(row.score or Decimal(0))}，按通行计分规则"
                f"（目标“{item.target_text}”，实际“{item.actual_text}”）约为 "
                f"{item.rule_score.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}",
            )


__all__ = ["check_evaluation", "level1_weight"]
