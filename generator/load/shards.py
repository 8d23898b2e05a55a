"""A province's archive in shards: which content folders each shard of the site holds.

A shard is a whole year (`year:2024`) or the K-th of N groups of departments
(`departments:3/10`): every year of a department stays in one shard, so a project page's
lineage (the same 项目编码 in other years) and a department's page are built whole. Shards are
chosen from folder names and file counts alone, before any file is read, so that a shard's
build reads only its own files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError

_YEAR = re.compile(r"year:(\d{4})")
_DEPARTMENTS = re.compile(r"departments:(\d{1,3})/(\d{1,3})")
MAX_SHARDS = 200  # a matrix of more CI jobs than this is a typo, not a plan


@dataclass(frozen=True, slots=True)
class Shard:
    spec: str  # as written on the command line: year:2024, departments:3/10
    name: str  # its folder under shards/ in the served site: year-2024, departments-03-of-10
    label: str  # in Chinese, for the pages: 2024 年度, 第 3 组主管部门（共 10 组）
    folders: frozenset[tuple[str, str]]  # (year folder, department folder) it holds


def _folders(root: Path) -> dict[tuple[str, str], int]:
    """(year, department) folder → its number of .yaml files; links and odd names skipped
    (the build's own reading of the tree reports them)."""
    found: dict[tuple[str, str], int] = {}
    if not root.is_dir() or root.is_symlink():
        return found
    for year in sorted(os.scandir(root), key=lambda e: e.name):
        if not (year.is_dir(follow_symlinks=False) and year.name.isascii() and year.name.isdigit()):
            continue
        for department in sorted(os.scandir(year.path), key=lambda e: e.name):
            if department.is_dir(follow_symlinks=False) and not department.name.startswith("."):
                count = sum(1 for f in os.scandir(department.path) if f.name.endswith(".yaml"))
                found[(year.name, department.name)] = count
    return found


def _department_groups(folders: dict[tuple[str, str], int], count: int) -> list[list[str]]:
    """Departments (by folder name) cut into `count` consecutive groups of about equal files."""
    sizes: dict[str, int] = {}
    for (_, department), files in folders.items():
        sizes[department] = sizes.get(department, 0) + files
    departments = sorted(sizes)
    total = sum(sizes.values())
    groups: list[list[str]] = [[] for _ in range(count)]
    done = 0
    for department in departments:
        # The group whose share of all files this department's first file falls in.
        index = min(count - 1, done * count // total) if total else 0
        groups[index].append(department)
        done += sizes[department]
    return groups


def parse_shard(root: Path, spec: str) -> Shard:
    """The shard `spec` names, or a JixiaoUserError that says how to write one."""
    folders = _folders(root)
    year = _YEAR.fullmatch(spec)
    if year is not None:
        name = year.group(1)
        held = frozenset(f for f in folders if f[0] == name)
        if not held:
            raise JixiaoUserError(f"分片 {spec}：内容目录中没有 {name}/ 年度目录。")
        return Shard(spec, f"year-{name}", f"{name} 年度", held)
    departments = _DEPARTMENTS.fullmatch(spec)
    if departments is not None:
        number, count = int(departments.group(1)), int(departments.group(2))
        if not 1 <= number <= count <= MAX_SHARDS:
            raise JixiaoUserError(
                f"分片 {spec}：应为 departments:K/N，1 ≤ K ≤ N ≤ {MAX_SHARDS}（第 K 组，共 N 组）。"
            )
        group = set(_department_groups(folders, count)[number - 1])
        if not group:
            raise JixiaoUserError(
                f"分片 {spec}：这一组没有主管部门（部门数少于组数，或文件集中在少数部门）；"
                "用 jixiao shards 列出不为空的分片。"
            )
        width = len(str(count))
        return Shard(
            spec,
            f"departments-{number:0{width}d}-of-{count}",
            f"第 {number} 组主管部门（共 {count} 组）",
            frozenset(f for f in folders if f[1] in group),
        )
    raise JixiaoUserError(
        f"无法识别分片 {spec!r}：按年度写 year:2024，按主管部门分组写 departments:3/10"
        "（第 3 组，共 10 组）。用 jixiao shards 列出全部分片。"
    )


def all_shards(root: Path, by: str, count: int = 0) -> list[Shard]:
    """Every shard of the archive: one per year, or `count` groups of departments (an empty
    group, when there are fewer departments than groups, is left out)."""
    if by == "year":
        years = sorted({year for year, _ in _folders(root)})
        return [parse_shard(root, f"year:{year}") for year in years]
    if not 1 <= count <= MAX_SHARDS:
        raise JixiaoUserError(f"按主管部门分片时请用 --count 指定组数（1 到 {MAX_SHARDS}）。")
    groups = _department_groups(_folders(root), count)
    return [
        parse_shard(root, f"departments:{k}/{count}")
        for k, group in enumerate(groups, start=1)
        if group
    ]
