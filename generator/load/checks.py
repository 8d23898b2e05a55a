"""Rules that span fields of one declaration: sums, dates, periods, taxonomy, characters.

Each rule reports and never repairs: a sum that does not add up is shown to the reviewer, the
file is not "fixed". Rules that need several files (identity, registry) live in `corpus`.
Each rule names the fields it reads, so that a file with a bad field is still checked by every
rule that does not read that field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, InvalidOperation

from generator.core.diagnostics import Diagnostic, Position, Severity
from generator.core.layouts import layout_of
from generator.core.model import AnnualFunds, Declaration, Indicator, ProjectFunds
from generator.core.money import (
    MONEY_TOO_LARGE,
    MoneyUnit,
    decimal_places,
    exact_money,
    exceeds_limit,
    format_yuan,
    is_negative,
    negative_hint,
    to_yuan,
    too_large_message,
)
from generator.core.suggest import did_you_mean
from generator.core.symbol_fonts import likely_symbol
from generator.core.taxonomy import (
    ALL_SECOND_LEVEL,
    FIRST_LEVEL,
    KNOWN_CATEGORIES,
    KNOWN_NATURES,
    parents_of,
    placement_warning,
)
from generator.core.unicode_checks import (
    describe,
    invisible_characters,
    lookalike_characters,
    radical_characters,
    text_is_plain,
)
from generator.load.validation import field_label
from generator.load.yaml_source import (
    MAX_CHARACTER_REPORTS,
    YamlDocument,
    YamlPath,
    YamlValue,
)

PROJECT = "项目资金"
ANNUAL = "年度资金"


class _Reporter:
    def __init__(self, path: str, document: YamlDocument) -> None:
        self.path = path
        self.source_map = document.source_map
        self.found: list[Diagnostic] = []

    def add(
        self,
        severity: Severity,
        code: str,
        loc: YamlPath,
        message: str,
        *,
        at_key: bool = False,
        position: Position | None = None,
    ) -> None:
        if position is None:
            position = self.source_map.locate_key(loc) if at_key else self.source_map.locate(loc)
        label = field_label(loc)
        self.found.append(Diagnostic(self.path, position, severity, code, label, message))

    def error(self, code: str, loc: YamlPath, message: str, *, at_key: bool = False) -> None:
        self.add(Severity.ERROR, code, loc, message, at_key=at_key)

    def warn(self, code: str, loc: YamlPath, message: str, *, at_key: bool = False) -> None:
        self.add(Severity.WARNING, code, loc, message, at_key=at_key)


def _yuan(amount: Decimal | None) -> Decimal:
    return amount if amount is not None else Decimal(0)


def _shown(amount: Decimal | None) -> str:
    return "（空白）" if amount is None else format_yuan(amount)


_Amounts = list[tuple[YamlPath, Decimal | None]]


def _project_amounts(pf: ProjectFunds) -> _Amounts:
    return [
        ((PROJECT, "项目资金总额"), pf.total),
        ((PROJECT, "财政资金"), pf.fiscal),
        ((PROJECT, "其他资金"), pf.other),
    ]


def _annual_amounts(af: AnnualFunds) -> _Amounts:
    return [
        ((ANNUAL, "年度资金申请总额"), af.total),
        ((ANNUAL, "当年财政拨款"), af.appropriation),
        ((ANNUAL, "上年结转资金"), af.carry_over),
        ((ANNUAL, "其他资金"), af.other),
    ]


def _check_signs(amounts: _Amounts, report: _Reporter) -> None:
    for loc, amount in amounts:
        if amount is not None and is_negative(amount):
            report.error(
                "money-negative", loc, f"金额不能为负数：{_shown(amount)}{negative_hint(amount)}"
            )


def _check_places(unit: MoneyUnit, amounts: _Amounts, report: _Reporter) -> None:
    for loc, amount in amounts:
        if amount is not None and decimal_places(amount) > unit.max_places:
            report.error(
                "money-places",
                loc,
                f"金额最多 {unit.max_places} 位小数（单位：{unit.value}，精确到分），"
                f"这里有 {decimal_places(amount)} 位",
            )


def _check_limit(unit: MoneyUnit, amounts: _Amounts, report: _Reporter) -> None:
    """Far above any real budget; 10^11 万元 is the same limit as 10^15 元."""
    for loc, amount in amounts:
        if amount is not None and exceeds_limit(amount, unit):
            report.error(MONEY_TOO_LARGE, loc, too_large_message(f"{amount:,f} {unit.value}"))


# Each rule names the `Declaration` attributes it reads. A file that does not validate as a whole
# is still checked by every rule whose fields did validate, so that one mistake (a misspelt key,
# a bad amount) does not hide the rest; a rule never sees a field that failed, so a bad field is
# reported once, by validation. Split rules finely: a rule is skipped if any of its fields fails.
Rule = Callable[[Declaration, _Reporter], None]
RULES: list[tuple[frozenset[str], Rule]] = []


def _rule(*needs: str) -> Callable[[Rule], Rule]:
    # A misspelt name would silently keep the rule from ever running on a partly valid file.
    unknown = set(needs) - set(Declaration.model_fields)
    if unknown:
        raise ValueError(f"a rule needs fields that Declaration does not have: {unknown}")

    def register(rule: Rule) -> Rule:
        RULES.append((frozenset(needs), rule))
        return rule

    return register


@_rule("layout", "project_funds")
@exact_money
def _check_project_funds(decl: Declaration, report: _Reporter) -> None:
    if not layout_of(decl.layout).prints_block(PROJECT):
        return  # a layout without a project-period block (central units): nothing to add up
    pf = decl.project_funds
    _check_signs(_project_amounts(pf), report)
    # Blank parts count as nothing: the seed forms leave 其他资金 blank beside a total that
    # equals the fiscal funds. A blank *total* cannot be checked, and is worth a warning.
    if pf.total is None:
        report.warn(
            "money-blank-total", (PROJECT, "项目资金总额"), "项目资金总额为空白，无法核对合计"
        )
    elif pf.fiscal is not None or pf.other is not None:
        parts = _yuan(pf.fiscal) + _yuan(pf.other)
        if parts != pf.total:
            report.error(
                "funding-sum",
                (PROJECT, "项目资金总额"),
                f"项目资金总额 {_shown(pf.total)} ≠ 财政资金 {_shown(pf.fiscal)} + 其他资金 "
                f"{_shown(pf.other)} = {format_yuan(parts)}"
                f"（相差 {format_yuan(pf.total - parts)}）",
            )


@_rule("annual_funds")
@exact_money
def _check_annual_funds(decl: Declaration, report: _Reporter) -> None:
    af = decl.annual_funds
    _check_signs(_annual_amounts(af), report)
    if af.total is None:
        report.warn(
            "money-blank-total",
            (ANNUAL, "年度资金申请总额"),
            "年度资金申请总额为空白，无法核对合计",
        )
    elif any(a is not None for a in (af.appropriation, af.carry_over, af.other)):
        parts = _yuan(af.appropriation) + _yuan(af.carry_over) + _yuan(af.other)
        if parts != af.total:
            report.error(
                "funding-sum",
                (ANNUAL, "年度资金申请总额"),
                f"年度资金申请总额 {_shown(af.total)} ≠ 当年财政拨款 {_shown(af.appropriation)}"
                f" + 上年结转资金 {_shown(af.carry_over)} + 其他资金 {_shown(af.other)} = "
                f"{format_yuan(parts)}（相差 {format_yuan(af.total - parts)}）",
            )


@_rule("project_funds", "annual_funds")
def _check_annual_within_total(decl: Declaration, report: _Reporter) -> None:
    project, annual = decl.project_funds.total, decl.annual_funds.total
    if project is not None and annual is not None and annual > project:
        report.error(
            "funding-annual-exceeds-total",
            (ANNUAL, "年度资金申请总额"),
            f"年度资金申请总额 {_shown(annual)} 大于项目资金总额 {_shown(project)}；"
            "本年度申请不能超过整个项目期的资金",
        )


@_rule("unit", "project_funds")
def _check_project_places(decl: Declaration, report: _Reporter) -> None:
    _check_places(decl.unit, _project_amounts(decl.project_funds), report)
    _check_limit(decl.unit, _project_amounts(decl.project_funds), report)


@_rule("unit", "annual_funds")
def _check_annual_places(decl: Declaration, report: _Reporter) -> None:
    _check_places(decl.unit, _annual_amounts(decl.annual_funds), report)
    _check_limit(decl.unit, _annual_amounts(decl.annual_funds), report)


NARRATIVE_AMOUNT: YamlPath = ("来源", "经费说明", "金额")


@_rule("source")
def _check_narrative_amount(decl: Declaration, report: _Reporter) -> None:
    narrative = decl.source.narrative if decl.source is not None else None
    if narrative is not None:
        _check_signs([(NARRATIVE_AMOUNT, narrative.amount)], report)
        _check_places(narrative.unit, [(NARRATIVE_AMOUNT, narrative.amount)], report)
        _check_limit(narrative.unit, [(NARRATIVE_AMOUNT, narrative.amount)], report)


@_rule("source", "unit", "annual_funds")
@exact_money
def _check_funding_narrative(decl: Declaration, report: _Reporter) -> None:
    """The 项目经费情况说明 printed beside the form states the year's amount in its own words
    (often in 万元): a different number is worth a look, but the form is what was approved."""
    narrative = decl.source.narrative if decl.source is not None else None
    annual = decl.annual_funds.total
    if narrative is None or annual is None:  # a blank total is reported by money-blank-total
        return
    stated = to_yuan(narrative.amount, narrative.unit)
    declared = to_yuan(annual, decl.unit)
    if stated != declared:
        said = _in_unit(narrative.amount, narrative.unit, stated)
        form = _in_unit(annual, decl.unit, declared)
        report.warn(
            "funding-narrative-mismatch",
            NARRATIVE_AMOUNT,
            f"第 {narrative.page} 页项目经费情况说明写的年度预算 {said} ≠ 年度资金申请总额 {form}"
            f"（相差 {format_yuan(stated - declared)} 元）；请核对原表与说明",
        )


def _in_unit(amount: Decimal, unit: MoneyUnit, yuan: Decimal) -> str:
    """`120.50 万元（1,205,000.00 元）`, or `1,205,000.00 元`: as written, and in 元 to compare."""
    if unit is MoneyUnit.YUAN:
        return f"{format_yuan(amount)} 元"
    return f"{amount:,f} 万元（{format_yuan(yuan)} 元）"


@_rule("start_date", "end_date")
def _check_plan_order(decl: Declaration, report: _Reporter) -> None:
    if decl.start_date is None or decl.end_date is None:
        return  # a blank date is reported as value-blank; there is no order to check
    if decl.end_date < decl.start_date:
        report.error(
            "date-order",
            ("计划完成日期",),
            f"计划完成日期 {decl.end_date} 早于计划开始日期 {decl.start_date}",
        )


@_rule("year", "start_date", "end_date")
def _check_plan_year(decl: Declaration, report: _Reporter) -> None:
    if decl.start_date is None or decl.end_date is None:
        return
    if not decl.start_date.year <= decl.year <= decl.end_date.year:
        report.warn(
            "date-outside-year",
            ("计划开始日期",),
            f"计划期间 {decl.start_date} 至 {decl.end_date} 不包含申报年度 {decl.year}",
        )


@_rule("overall_goal")
def _check_goal_order(decl: Declaration, report: _Reporter) -> None:
    goal = decl.overall_goal
    if goal.start_year is None or goal.end_year is None:
        return
    if goal.end_year < goal.start_year:
        report.error(
            "goal-period-order",
            ("项目总目标", "终止年度"),
            f"项目总目标的终止年度 {goal.end_year} 早于起始年度 {goal.start_year}",
        )


@_rule("year", "overall_goal")
def _check_goal_year(decl: Declaration, report: _Reporter) -> None:
    goal = decl.overall_goal
    if goal.start_year is None or goal.end_year is None:
        return
    # A reversed period is already an error; whether it contains the year means nothing then.
    if goal.start_year <= goal.end_year and not goal.start_year <= decl.year <= goal.end_year:
        report.warn(
            "goal-period-year",
            ("项目总目标", "起始年度"),
            f"项目总目标期间 {goal.start_year}年-{goal.end_year}年 不包含申报年度 {decl.year}",
        )


@_rule("category")
def _check_category(decl: Declaration, report: _Reporter) -> None:
    if decl.category is not None and decl.category not in KNOWN_CATEGORIES:
        hint = did_you_mean(decl.category, KNOWN_CATEGORIES)
        report.warn(
            "unknown-category",
            ("项目类别",),
            f"“{decl.category}”不是常见的项目类别（{'、'.join(KNOWN_CATEGORIES)}）。{hint}".rstrip(),
        )


@_rule("nature")
def _check_nature(decl: Declaration, report: _Reporter) -> None:
    if decl.nature is not None and decl.nature not in KNOWN_NATURES:
        hint = did_you_mean(decl.nature, KNOWN_NATURES)
        report.warn(
            "unknown-nature",
            ("项目性质",),
            f"“{decl.nature}”不是常见的项目性质（一次性项目、阶段性项目、经常性项目）。{hint}".rstrip(),
        )


@_rule("indicators")
def _check_indicators(decl: Declaration, report: _Reporter) -> None:
    if not decl.indicators:
        report.error("indicators-empty", ("绩效指标",), "绩效指标为空：至少要有一个一级指标")
        return
    total = 0
    for l1, l2s in decl.indicators.items():
        loc_l1: YamlPath = ("绩效指标", l1)
        if l1 not in FIRST_LEVEL:
            if l1 in ALL_SECOND_LEVEL:
                message = (
                    f"“{l1}”是二级指标，应写在一级指标“{'或'.join(parents_of(l1))}”之下"
                    "（原表抽取时常把它错放到一级指标列）"
                )
            else:
                hint = did_you_mean(l1, FIRST_LEVEL)
                message = f"未知的一级指标“{l1}”；一级指标有：{'、'.join(FIRST_LEVEL)}。{hint}"
            report.error("indicator-level1", loc_l1, message.rstrip(), at_key=True)
            continue
        for l2, items in l2s.items():
            loc_l2: YamlPath = (*loc_l1, l2)
            total += len(items)
            if l2 not in FIRST_LEVEL[l1]:
                if l2 in ALL_SECOND_LEVEL:
                    message = f"二级指标“{l2}”属于“{'或'.join(parents_of(l2))}”，不属于“{l1}”"
                else:
                    hint = did_you_mean(l2, FIRST_LEVEL[l1])
                    available = "、".join(FIRST_LEVEL[l1])
                    message = f"“{l1}”下没有二级指标“{l2}”；可用的有：{available}。{hint}"
                report.error("indicator-level2", loc_l2, message.rstrip(), at_key=True)
                continue
            seen: dict[str, int] = {}
            for index, indicator in enumerate(items):
                loc_item: YamlPath = (*loc_l2, index, "三级指标")
                if indicator.name in seen:
                    report.warn(
                        "indicator-duplicate",
                        loc_item,
                        f"“{indicator.name}”在{l2}下出现了两次（第 {seen[indicator.name] + 1} 项"
                        f"和第 {index + 1} 项）",
                    )
                seen.setdefault(indicator.name, index)
                warning = placement_warning(l2, indicator.name)
                if warning:
                    report.warn("indicator-placement", loc_item, warning)
    if total == 0:
        report.error("indicators-empty", ("绩效指标",), "没有任何三级指标：至少要有一个")


_INDICATOR_KEYS = {
    info.alias: name for name, info in Indicator.model_fields.items() if info.alias is not None
}


@_rule("indicators", "column_totals")
def _check_column_totals(decl: Declaration, report: _Reporter) -> None:
    """A total in a column's header (分值权重（90）) is the sum of that column's cells."""
    for key, written in (decl.column_totals or {}).items():
        attribute = _INDICATOR_KEYS.get(key)
        if attribute is None or written is None:
            continue
        try:
            total = Decimal(written)
            cells = [getattr(i, attribute) for _, _, i in decl.indicator_rows()]
            parts = sum((Decimal(c) for c in cells if c is not None), Decimal(0))
        except InvalidOperation:
            continue  # a weight that is no number ("10%") cannot be added up
        if parts != total:
            report.warn(
                "column-total",
                ("指标列合计", key),
                f"表头写明{key}合计 {written}，各指标的{key}相加为 {parts}",
            )


def _strings(value: YamlValue, loc: YamlPath) -> Iterator[tuple[YamlPath, str, bool]]:
    """Every key (flag True) and text value in the raw document, with where it sits."""
    if isinstance(value, str):
        yield loc, value, False
    elif isinstance(value, dict):
        for key, child in value.items():
            yield (*loc, key), key, True
            yield from _strings(child, (*loc, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*loc, index))


# A hostile value may hold thousands of one character: each is reported up to
# MAX_CHARACTER_REPORTS times in one key or value (the bound yaml_source keeps per file), then
# once more with the count of the rest.

_AddAt = Callable[[str, int, str], None]


def _reporter_at(
    report: _Reporter, document: YamlDocument, loc: YamlPath, written: str, is_key: bool
) -> _AddAt:
    """add(code, index, message): an error at character `index` of this key or value."""

    def add(code: str, index: int, message: str) -> None:
        position = document.source_map.locate_character(
            loc, written, index, document.text, key=is_key
        )
        report.add(Severity.ERROR, code, loc, message, position=position)

    return add


def _report_rest(
    add: _AddAt, code: str, found: Sequence[tuple[int, str, str | None]], where: str, what: str
) -> None:
    """One more error for the characters of a kind past the first MAX_CHARACTER_REPORTS."""
    if len(found) > MAX_CHARACTER_REPORTS:
        index = found[MAX_CHARACTER_REPORTS][0]
        rest = len(found) - MAX_CHARACTER_REPORTS
        add(code, index, f"{where}中另有 {rest} 个{what}（从第 {index + 1} 个字符起）；请一并改正")


def _check_characters(document: YamlDocument, report: _Reporter) -> None:
    if document.text is not None and text_is_plain(document.text):
        return  # the whole file at once: nothing to find in any key or value
    for loc, written, is_key in _strings(document.data, ()):
        where = "字段名" if is_key else "值"
        add = _reporter_at(report, document, loc, written, is_key)
        invisible = invisible_characters(written)
        for index, char, name in invisible[:MAX_CHARACTER_REPORTS]:
            symbol = likely_symbol(char)
            add(
                "invisible-char",
                index,
                f"{where}的第 {index + 1} 个字符是看不见的 {describe(char)}（{name}），"
                "它会改变文字的显示或搜索结果；请删除"
                if symbol is None
                else f"{where}的第 {index + 1} 个字符是 {describe(char)}，多半是{symbol}"
                "（从符号字体插入的字符在 Word 或 PDF 中存成了私用区编码，别的电脑和网页上"
                "显示不出来，也搜不到）；请对照原表，改写成它代表的字符",
            )
        _report_rest(add, "invisible-char", invisible, where, "看不见的字符")
        for index, char, standard in lookalike_characters(written)[:1]:
            shown = " ".join(describe(c) for c in standard)
            add(
                "lookalike-char",
                index,
                f"{where}的第 {index + 1} 个字符 {describe(char)} 与标准写法“{standard}”"
                f"（{shown}）看起来一样、编码却不同（CJK 兼容汉字或分解形式），会让同一名称比较"
                "不等、搜索不到；请改为标准写法（Unicode NFC）",
            )
        radicals = radical_characters(written)
        for index, char, ideograph in radicals[:MAX_CHARACTER_REPORTS]:
            if ideograph is not None:
                looks = (
                    f"看起来与汉字“{ideograph}”（{describe(ideograph)}）一样，请改为“{ideograph}”"
                )
            else:
                looks = "看起来像一个汉字，请删除它，再用输入法输入该汉字"
            add(
                "lookalike-char",
                index,
                f"{where}的第 {index + 1} 个字符“{char}”（{describe(char)}）是部首符号，不是汉字；"
                f"它{looks}。否则同一名称会被当成两个（如两个主管部门），也搜索不到",
            )
        _report_rest(add, "lookalike-char", radicals, where, "部首符号")


# Fields a form may leave blank: stored blank, published as 空白, reported as a warning. The
# name, the year and the department stay required (they make the file's identity and place).
BLANKABLE: tuple[YamlPath, ...] = (
    ("项目类别",),
    ("项目属性",),
    ("部门代码",),
    ("实施单位",),
    ("计划开始日期",),
    ("计划完成日期",),
    ("项目期",),
    ("项目总目标", "起始年度"),
    ("项目总目标", "终止年度"),
    ("项目总目标", "内容"),
    ("中期目标",),
    ("长期目标",),
    ("年度总目标",),
)


def _missing(report: _Reporter, loc: YamlPath) -> None:
    report.error(
        "missing-field",
        loc,
        f"缺少必填字段“{loc[-1]}”；原表此格空白时也请写出字段并留空。",
        at_key=True,
    )


def _check_layout_fields(document: YamlDocument, report: _Reporter) -> None:
    """Every field the form's layout prints is written (blank if blank); a blank is a warning.

    Reads the raw document, so that it also runs for a file that does not validate.
    """
    data = document.data
    if not isinstance(data, dict):
        return
    layout_key = data.get("表样")
    layout = layout_of(layout_key if isinstance(layout_key, str) else None)
    for key in layout.prints:  # the keys inside a block are required by the model itself
        if key not in data:
            _missing(report, (key,))
    for loc in BLANKABLE:
        parent = data.get(str(loc[0])) if len(loc) == 2 else data
        key = str(loc[-1])
        if isinstance(parent, dict) and key in parent and parent[key] is None:
            report.warn(
                "value-blank",
                loc,
                f"“{field_label(loc)}”原表空白，按空白发布；如原表其实有值，请补上",
            )


def check_layout_fields(document: YamlDocument, path: str) -> list[Diagnostic]:
    """The fields a layout prints are written, and blanks are warned: read from the raw document,
    so it also runs when the file does not validate.
    """
    report = _Reporter(path, document)
    _check_layout_fields(document, report)
    return report.found


# YAML's own words for "no value": jixiao reads every value as text (a blank cell is written as
# nothing after the colon), so `实施单位: null` was published as the word “null”.
_NULL_WORDS = frozenset({"null", "Null", "NULL", "~"})
# What a text must hold for any value read from it to be a null word or padded: a null word; a
# space YAML keeps at the end of a plain value (U+3000 and the other non-ASCII spaces); a quote
# beside a space (`" x"`, `"x "` before the end of its line or a comment), or a backslash (an
# escaped space). Wider than needed, never narrower. Substring tests run at C speed; one regex
# of alternatives over the whole text cost 50 µs a file, as much as the rest of the check.
_MAYBE_PADDED = (
    "null", "Null", "NULL", "~", "\\",
    '" ', "' ", '"\t', "'\t",  # a quote before a space: the space is inside or after a value
    ' "\n', " '\n", '\t"\n', "\t'\n", ' "#', " '#", '\t"#', "\t'#",  # a space before a closing one
)  # fmt: skip
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def _maybe_null_or_padded(text: str) -> bool:
    return (
        any(part in text for part in _MAYBE_PADDED)
        or text.endswith((' "', " '", '\t"', "\t'"))
        or _ODD_SPACES.search(text) is not None
    )


def _check_written_values(document: YamlDocument, report: _Reporter) -> None:
    """Values that read as something other than what their writer meant: a null word, and a
    name with spaces around it (`上海市宝山区职工服务中心　` is another unit than without)."""
    text = document.text
    if text is not None and not _maybe_null_or_padded(text):
        return  # the common case
    for loc, written, is_key in _strings(document.data, ()):
        if is_key:
            continue  # a key with spaces is an unknown field already
        if written in _NULL_WORDS:
            key = loc[-1] if loc and isinstance(loc[-1], str) else "字段名"
            report.warn(
                "value-null-word",
                loc,
                f"“{written}”在这里按文字发布，不是空白；原表此格空白请只写字段名和冒号"
                f"（如“{key}:”），确实是这几个字母时请忽略本提示",
            )
        # Only blank is reported as a missing value; text of several lines is not a name.
        elif "\n" not in written and written.strip() and written != written.strip():
            padding = [c for c in (written[0], written[-1]) if not c.strip()]
            shown = "、".join(sorted({f"{describe(c)}（{_space_name(c)}）" for c in padding}))
            report.warn(
                "value-padded",
                loc,
                f"值的开头或末尾有空白字符 {shown}：同一名称会因此被当成两个，请删除",
            )


def _space_name(char: str) -> str:
    return {" ": "空格", "\u3000": "全角空格", "\t": "Tab", "\u00a0": "不换行空格"}.get(
        char, "空白字符"
    )


def check_document_characters(document: YamlDocument, path: str) -> list[Diagnostic]:
    report = _Reporter(path, document)
    _check_characters(document, report)
    return report.found


def check_written_values(document: YamlDocument, path: str) -> list[Diagnostic]:
    """Null words and padded values in the raw document, whether or not it validates."""
    report = _Reporter(path, document)
    _check_written_values(document, report)
    return report.found


def check_declaration(decl: Declaration, document: YamlDocument, path: str) -> list[Diagnostic]:
    """Every rule, for a declaration that validated as a whole."""
    report = _Reporter(path, document)
    for _, rule in RULES:
        rule(decl, report)
    return report.found


def check_valid_fields(
    parts: Declaration, valid: frozenset[str], document: YamlDocument, path: str
) -> list[Diagnostic]:
    """The rules whose fields are all in `valid`, for a file that did not validate as a whole.

    `parts` holds only the `valid` attributes (see `validation.valid_fields`); a rule reads
    nothing but the fields it names, so it never touches one that is missing.
    """
    report = _Reporter(path, document)
    for needs, rule in RULES:
        if needs <= valid:
            rule(parts, report)
    return report.found
