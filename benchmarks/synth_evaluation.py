"""Synthetic 绩效自评表 for a share of the synthetic declarations (`synth.py --evaluations`).

Each self-evaluation answers the declaration beside it, indicator by indicator, with a result
chosen to meet or miss its target on purpose, so that tests know the readings in advance:

- a measurable target (`≥95%`, `≤6元/餐`, `=100%`) is met or missed (a quarter missed), the
  result written in the target's own unit; it scores full marks when met and the common rule's
  score when missed — except one missed target in five, which claims full marks (满分未达成);
- every other target (dates, qualitative) is answered 达成预期指标 (自述达成);
- one evaluation in ten restates one measurable target with a different number (目标被修改).

`Expected` counts what was made; `synth.generate` writes the totals to `evaluations.json`.
The funding row, the scores, the total and the grade add up exactly: a synthetic file is valid.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.core.evaluation_analysis import Reading, read_result
from generator.core.targets import Direction, read_target

HUNDREDTH = Decimal("0.01")


@dataclass
class Expected:
    evaluations: int = 0
    met: int = 0
    unmet: int = 0
    self_reported: int = 0
    full_marks_unmet: int = 0
    changed_targets: int = 0
    by_file: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _grade(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def _number(value: Decimal, places: int) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}"


def _result(target: str, met: bool) -> tuple[str, Decimal] | None:
    """(the 实际完成值 text, actual ÷ target ratio for the scoring rule), or None when the
    target is not a measurable comparison."""
    reading = read_target(target)
    if not reading.is_measurable() or reading.value is None or reading.value <= 0:
        return None
    value, unit = reading.value, reading.unit or ""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    factor = {
        # (met, operator) → actual ÷ target
        (True, ">="): Decimal(1),
        (True, ">"): Decimal("1.1"),
        (False, ">="): Decimal("0.8"),
        (False, ">"): Decimal("0.8"),
        (True, "<="): Decimal(1),
        (True, "<"): Decimal("0.9"),
        (False, "<="): Decimal("1.25"),
        (False, "<"): Decimal("1.25"),
        (True, "="): Decimal(1),
        (False, "="): Decimal("0.5"),
    }[(met, reading.operator or "=")]
    shown = Decimal(_number(value * factor, places))
    text = f"{shown}{unit}"
    # Rounding to the target's places can land on the boundary: such a result is not written.
    if read_result(target, text) is not (Reading.MET if met else Reading.UNMET):
        return None
    return text, shown


def evaluation_text(
    rng: random.Random, declaration: dict[str, Any], expected: Expected, key: str
) -> str:
    """The YAML of a self-evaluation answering `declaration` (as loaded from its file)."""
    rows = [
        (l1, l2, item["三级指标"], item["年度指标值"])
        for l1, l2s in declaration["绩效指标"].items()
        for l2, items in l2s.items()
        for item in items or []
    ]
    counts = {"met": 0, "unmet": 0, "self_reported": 0, "full_marks_unmet": 0, "changed": 0}
    change = rng.random() < 0.1
    points = [Decimal(90 // len(rows))] * len(rows) if rows else []
    if rows:
        points[-1] += Decimal(90 - sum(points))
    lines_out: list[str] = []
    total = Decimal(0)
    for (l1, l2, name, target), score_points in zip(rows, points, strict=True):
        stated = target
        if change and read_target(target).is_measurable():
            reading = read_target(target)
            assert reading.value is not None
            op = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}[reading.operator or "="]
            stated = f"{op}{reading.value + 1}{reading.unit or ''}"
            change = False
            counts["changed"] += 1
        met = rng.random() >= 0.25
        result = _result(stated, met)
        if result is None:
            actual, score = "达成预期指标", score_points
            counts["self_reported"] += 1
        else:
            actual, shown = result
            if met:
                score = score_points
                counts["met"] += 1
            else:
                counts["unmet"] += 1
                reading = read_target(stated)
                assert reading.value is not None
                ratio = (
                    shown / reading.value
                    if reading.direction is Direction.HIGHER_IS_BETTER
                    else reading.value / shown
                    if reading.direction is Direction.LOWER_IS_BETTER
                    else Decimal(0)
                )
                score = (min(ratio, Decimal(1)) * score_points).quantize(
                    HUNDREDTH, rounding=ROUND_HALF_UP
                )
                if rng.random() < 0.2:
                    score = score_points
                    counts["full_marks_unmet"] += 1
        total += score
        lines_out += [
            f"  - 一级指标: {_q(l1)}",
            f"    二级指标: {_q(l2)}",
            f"    三级指标: {_q(name)}",
            f"    年度指标值: {_q(stated)}",
            f"    实际完成值: {_q(actual)}",
            f"    分值: {_q(str(score_points))}",
            f"    得分: {_q(str(score))}",
        ]
    budget = Decimal(rng.randrange(1000, 50000)) / 100
    spent = (budget * Decimal(rng.randrange(70, 101)) / 100).quantize(HUNDREDTH)
    rate = (spent * 100 / budget).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    funding_score = (min(spent / budget, Decimal(1)) * 10).quantize(
        HUNDREDTH, rounding=ROUND_HALF_UP
    )
    total += funding_score
    expected.evaluations += 1
    expected.met += counts["met"]
    expected.unmet += counts["unmet"]
    expected.self_reported += counts["self_reported"]
    expected.full_marks_unmet += counts["full_marks_unmet"]
    expected.changed_targets += counts["changed"]
    expected.by_file[key] = counts
    head = [
        "# yaml-language-server: $schema=../../../schema/evaluation.schema.json",
        f"年度: {_q(str(declaration['年度']))}",
        f"项目名称: {_q(declaration['项目名称'])}",
        f"主管部门: {_q(declaration['主管部门'])}",
        f"实施单位: {_q(declaration['实施单位'])}",
        "表式: 全国",
        "资金单位: 万元",
        "预算执行:",
        "  - 资金来源: 年度资金总额",
        f"    全年预算数: {_q(f'{budget:.2f}')}",
        f"    全年执行数: {_q(f'{spent:.2f}')}",
        '    分值: "10"',
        f"    执行率: {_q(f'{rate}%')}",
        f"    得分: {_q(str(funding_score))}",
        "年度总体目标:",
        f"  预期目标: {_q(declaration['年度总目标'])}",
        "  实际完成情况: 基本完成年度目标。",
        "绩效指标:" if lines_out else "绩效指标: []",
    ]
    tail = [
        '总分: "100"',
        f"自评得分: {_q(str(total))}",
        f"自评等级: {_grade(total)}",
    ]
    return "\n".join(head + lines_out + tail) + "\n"
