"""A site built in shards: what each shard tells the top level, and the top level's pages.

Each shard (load/shards.py) is an ordinary jixiao site of its own folders, built on its own
machine, and served under `shards/<name>/` of the one site. Beside its pages it writes
`jixiao-shard.json`: its subtotals by year, department and type, and the address of each of
those pages inside the shard. The top level (`jixiao build --portal`) reads only these files,
never the declarations, so that its memory does not grow with the archive: its home page and
its 按年度 / 按主管部门 / 按项目类别 pages add the shards' subtotals up and link every group to the
shard pages that list it; its other nav pages lead to each shard's page of that name.

A manifest is read as untrusted input (it may come from a CI artifact): its size is bounded,
every field's type checked, every value escaped by the templates' autoescape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.core.money import exact_money
from generator.core.project import Corpus
from generator.load.shards import Shard
from generator.site import urls
from generator.site.aggregate import Subtotal
from generator.site.charts import Bar, bar_chart
from generator.site.render import page_environment
from generator.site.views import SubtotalView, breakdowns, subtotal_view

MANIFEST = "jixiao-shard.json"
FORMAT = "jixiao-shard"
VERSION = 1
SHARDS_FOLDER = "shards/"
MAX_MANIFEST_BYTES = 8 * 1024 * 1024  # a shard's subtotals are kilobytes, not megabytes
# An amount in 元 as shard_manifest writes it: plain digits, at most 6 decimals, no exponent.
_AMOUNT = re.compile(r"-?[0-9]{1,18}(?:\.[0-9]{1,6})?")


def _subtotal_json(item: Subtotal, url: str) -> dict[str, Any]:
    return {
        "key": item.key,
        "label": item.label,
        "url": url,
        "count": item.count,
        "annual_total": f"{item.annual_total:f}",
        "appropriation": f"{item.appropriation:f}",
        "blank_annual_totals": item.blank_annual_totals,
        "indicators": item.indicators,
    }


def shard_manifest(corpus: Corpus, shard: Shard, updated: str | None) -> str:
    """jixiao-shard.json of a shard's site: its totals and its group pages, nothing else."""
    parts = breakdowns(corpus)
    data = {
        "format": FORMAT,
        "version": VERSION,
        "shard": {"spec": shard.spec, "name": shard.name, "label": shard.label},
        "updated": updated,
        "evaluations": len(corpus.evaluations),
        "grand": _subtotal_json(parts.grand, urls.PROJECTS.url),
        "years": [_subtotal_json(i, urls.YEARS.page(i.key).url) for i, _ in parts.by_year],
        "departments": [
            _subtotal_json(i, urls.DEPARTMENTS.page(i.key).url) for i, _ in parts.by_department
        ],
        "types": [_subtotal_json(i, urls.TYPES.page(i.key).url) for i, _ in parts.by_type],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True, slots=True)
class ShardGroup:
    subtotal: Subtotal
    url: str  # the group's page inside the shard


@dataclass(frozen=True, slots=True)
class ShardManifest:
    name: str
    label: str
    spec: str
    updated: str | None
    evaluations: int
    grand: Subtotal
    years: list[ShardGroup]
    departments: list[ShardGroup]
    types: list[ShardGroup]

    @property
    def root(self) -> str:
        """The shard's folder in the served site, as a URL relative to the site root."""
        return f"{SHARDS_FOLDER}{self.name}/"


class _Reader:
    """Reads one manifest, naming the file and the field of the first thing wrong with it."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def fail(self, where: str, what: str) -> JixiaoUserError:
        return JixiaoUserError(
            f"{self.shown}：{where} {what}。这个文件应由 jixiao build --shard 生成；"
            "请重新构建该分片，不要手工修改。"
        )

    def text(self, data: Any, key: str, where: str, *, optional: bool = False) -> Any:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value or len(value) > 500:
            raise self.fail(f"{where}.{key}", "应为不超过 500 字的文字")
        return value

    def number(self, data: dict[str, Any], key: str, where: str) -> int:
        value = data.get(key)
        if type(value) is not int or value < 0:
            raise self.fail(f"{where}.{key}", "应为非负整数")
        return value

    def amount(self, data: dict[str, Any], key: str, where: str) -> Decimal:
        value = self.text(data, key, where)
        if not _AMOUNT.fullmatch(value):
            raise self.fail(f"{where}.{key}", "应为金额（如 1234.50，元）")
        return Decimal(value)

    def group(self, data: Any, where: str) -> ShardGroup:
        if not isinstance(data, dict):
            raise self.fail(where, "应为一组合计")
        url = self.text(data, "url", where)
        if not _inside(url):
            raise self.fail(f"{where}.url", "应为分片内的相对地址")
        return ShardGroup(
            Subtotal(
                key=self.text(data, "key", where),
                label=self.text(data, "label", where),
                count=self.number(data, "count", where),
                annual_total=self.amount(data, "annual_total", where),
                appropriation=self.amount(data, "appropriation", where),
                blank_annual_totals=self.number(data, "blank_annual_totals", where),
                indicators=self.number(data, "indicators", where),
            ),
            url,
        )

    def groups(self, data: dict[str, Any], key: str) -> list[ShardGroup]:
        items = data.get(key)
        if not isinstance(items, list):
            raise self.fail(key, "应为列表")
        return [self.group(item, f"{key}[{i}]") for i, item in enumerate(items)]


def _inside(url: str) -> bool:
    """A relative address that stays inside the shard: no scheme, no `..`, no leading `/`."""
    parts = url.split("/")
    return (
        not url.startswith("/")
        and ":" not in url
        and "\\" not in url
        and all(part not in ("..", ".") for part in parts)
    )


def read_manifest(path: Path) -> ShardManifest:
    shown = path.as_posix()
    reader = _Reader(shown)
    try:
        if path.is_symlink():
            raise reader.fail("文件", "是符号链接")
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise reader.fail("文件", f"超过 {MAX_MANIFEST_BYTES // 1024 // 1024} MB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise JixiaoUserError(
            f"{shown} 不存在：这个目录不是 jixiao build --shard 生成的分片网站。"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise reader.fail("内容", f"不是有效的 JSON（{exc}）") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise reader.fail("format", f"应为 {FORMAT}")
    if data.get("version") != VERSION:
        raise reader.fail(
            "version", f"应为 {VERSION}（由另一版本的 jixiao 生成？请用同一版本构建全部分片）"
        )
    shard = data.get("shard")
    name = reader.text(shard, "name", "shard")
    if not _inside(name) or "/" in name:
        raise reader.fail("shard.name", "应为一个目录名")
    grand = reader.group(data.get("grand"), "grand")
    return ShardManifest(
        name=name,
        label=reader.text(shard, "label", "shard"),
        spec=reader.text(shard, "spec", "shard"),
        updated=reader.text(data, "updated", "", optional=True),
        evaluations=reader.number(data, "evaluations", ""),
        grand=grand.subtotal,
        years=reader.groups(data, "years"),
        departments=reader.groups(data, "departments"),
        types=reader.groups(data, "types"),
    )


@dataclass(frozen=True, slots=True)
class ShardLink:
    label: str  # the shard's label
    url: str  # the group's page in that shard, from the site root


@dataclass(frozen=True, slots=True)
class PortalGroup:
    """One year, department or type over every shard that holds some of its projects."""

    subtotal: Subtotal
    view: SubtotalView  # url: the one shard page, or "" when several shards share the group
    shards: list[ShardLink]


@exact_money
def _merged(key: str, label: str, items: Iterable[Subtotal]) -> Subtotal:
    items = list(items)
    return Subtotal(
        key,
        label,
        sum(i.count for i in items),
        sum((i.annual_total for i in items), Decimal(0)),
        sum((i.appropriation for i in items), Decimal(0)),
        sum(i.blank_annual_totals for i in items),
        sum(i.indicators for i in items),
    )


def _portal_groups(
    shards: list[ShardManifest],
    of: Callable[[ShardManifest], list[ShardGroup]],
    grand: Decimal,
) -> list[PortalGroup]:
    """The groups of one kind in the order first met (shards in order), merged by key."""
    found: dict[str, list[tuple[ShardManifest, ShardGroup]]] = {}
    for shard in shards:
        for group in of(shard):
            found.setdefault(group.subtotal.key, []).append((shard, group))
    result = []
    for key, held in found.items():
        merged = _merged(key, held[0][1].subtotal.label, (g.subtotal for _, g in held))
        links = [ShardLink(shard.label, shard.root + group.url) for shard, group in held]
        view = subtotal_view(merged, links[0].url if len(links) == 1 else "", grand)
        result.append(PortalGroup(merged, view, links))
    return result


@dataclass(frozen=True, slots=True)
class _Kind:
    word: str
    title: str
    address: urls.Address
    of: Callable[[ShardManifest], list[ShardGroup]]


_KINDS = (
    _Kind("年度", "按年度", urls.YEARS.index, lambda s: s.years),
    _Kind("主管部门", "按主管部门", urls.DEPARTMENTS.index, lambda s: s.departments),
    _Kind("项目类别", "按项目类别", urls.TYPES.index, lambda s: s.types),
)

# The nav's other pages: on the top level, each leads to the page of that name in every shard.
_SHARD_PAGES = (
    (urls.PROJECTS, "全部项目"),
    (urls.EXPLORER, "项目浏览器"),
    (urls.QUALITY, "目标是否可衡量"),
    (urls.EVALUATIONS, "绩效自评结果"),
    (urls.DISCREPANCIES, "核对提示"),
    (urls.CHANGES, "最近修改"),
    (urls.DOWNLOADS, "数据下载"),
    (urls.ABOUT, "关于"),
)


def _ordered(groups: list[PortalGroup], word: str) -> list[PortalGroup]:
    if word == "年度":
        return sorted(groups, key=lambda g: g.view.key, reverse=True)
    if word == "项目类别":  # largest first, as on a site built whole
        return sorted(groups, key=lambda g: (-g.subtotal.annual_total, g.subtotal.label))
    return groups


def portal_pages(shards: list[ShardManifest]) -> dict[str, str]:
    """The top level's pages (docs path → Markdown), from the shards' manifests alone."""
    if not shards:
        raise JixiaoUserError("没有分片：请先用 jixiao build --shard 构建各分片。")
    names = [shard.name for shard in shards]
    if len(set(names)) != len(names):
        raise JixiaoUserError(
            f"分片名称重复：{', '.join(sorted(n for n in set(names) if names.count(n) > 1))}。"
        )
    env = page_environment()
    grand = _merged("all", "合计", (s.grand for s in shards))
    total = subtotal_view(grand, "", grand.annual_total)
    groups = {
        kind.word: _ordered(_portal_groups(shards, kind.of, grand.annual_total), kind.word)
        for kind in _KINDS
    }
    updated = max((s.updated for s in shards if s.updated), default=None)
    pages: dict[str, str] = {}

    def chart(title: str, word: str) -> Any:
        bars = [
            Bar(g.view.label, g.subtotal.annual_total, g.view.url or None) for g in groups[word]
        ]
        if word != "年度":
            bars.sort(key=lambda bar: (-bar.value, bar.label))
        return bar_chart(title, bars, total=grand.annual_total)

    pages[urls.HOME.docs_path] = env.get_template("portal_home.md.j2").render(
        page_url=urls.HOME.url,
        grand=total,
        shards=shards,
        groups=groups,
        kinds=_KINDS,
        updated=updated,
        charts={
            "年度": chart("各年度年度资金申请总额", "年度"),
            "主管部门": chart("各主管部门年度资金申请总额", "主管部门"),
            "项目类别": chart("各项目类别年度资金申请总额", "项目类别"),
        },
    )
    for kind in _KINDS:
        pages[kind.address.docs_path] = env.get_template("portal_index.md.j2").render(
            page_url=kind.address.url,
            kind=kind.word,
            title=kind.title,
            groups=groups[kind.word],
            total=total,
            updated=updated,
        )
    for address, title in _SHARD_PAGES:
        pages[address.docs_path] = env.get_template("portal_shards.md.j2").render(
            page_url=address.url,
            title=title,
            links=[ShardLink(s.label, s.root + address.url) for s in shards],
            shards=shards,
        )
    return pages
