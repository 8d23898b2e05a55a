"""`jixiao rename-department OLD NEW`: a department's code (folders, URLs) changed in one step.

The code is the department's folder under every year and part of every URL of its projects. A
rename moves `content/<年度>/OLD/` to `content/<年度>/NEW/` for every year and changes the 代码 in
`departments.yaml` in place (its comments and order kept). Inside a git repository the folders
are moved with `git mv`, so that the files' history follows the move: each project page's 修订记录
goes on showing the commits from before the rename. Everything is checked before anything moves.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from generator.core.diagnostics import JixiaoUserError
from generator.core.registry import Department, Registry, reserved_name
from generator.core.safe_fs import read_regular, refuse_links, write_atomic
from generator.core.suggest import did_you_mean
from generator.load.corpus import REGISTRY_FILE
from generator.load.validation import validate_document
from generator.load.yaml_source import load_yaml_bytes
from generator.review.git_revisions import repository_root, run_git


@dataclass(frozen=True, slots=True)
class RenamePlan:
    """Everything a rename will change, worked out before anything is touched."""

    registry: Path
    registry_text: str  # the registry after the rename
    moves: list[tuple[Path, Path]]  # (old folder, new folder), one per year
    git_root: Path | None  # the repository the content is in, if any


def plan_rename(content: Path, old: str, new: str) -> RenamePlan:
    """What the rename will do; raises JixiaoUserError, before anything changes, if it cannot."""
    path = content / REGISTRY_FILE
    if not os.path.lexists(path):
        raise JixiaoUserError(f"{path}：找不到主管部门名录")
    refuse_links(content)
    raw = read_regular(path, content)  # never through a symbolic link
    document, problems = load_yaml_bytes(raw, path.as_posix())
    registry = None
    if document is not None:
        registry, problems = validate_document(Registry, document, path.as_posix())
    if document is None or registry is None:
        reason = problems[0].format() if problems else "无法读取"
        raise JixiaoUserError(f"主管部门名录有错误，请先改正：{reason}")
    slugs = [d.slug for d in registry]
    if old not in slugs:
        hint = did_you_mean(old, slugs)
        raise JixiaoUserError(f"名录中没有代码为“{old}”的部门。{hint}".rstrip())
    index = slugs.index(old)
    try:
        Department.model_validate({"代码": new, "名称": registry.departments[index].name})
    except ValidationError as exc:
        raise JixiaoUserError(f"新代码“{new}”不合规：{exc.errors()[0]['msg']}") from None
    if reserved_name(new):
        raise JixiaoUserError(f"新代码“{new}”是保留名称（index 或 Windows 设备名），不能作为目录名")
    if new.casefold() in {s.casefold() for s in slugs}:
        raise JixiaoUserError(f"代码“{new}”已被名录中的部门使用；请换一个代码")
    position = document.source_map.locate(("部门", index, "代码"))
    if position is None:
        raise JixiaoUserError(f"名录中找不到“{old}”写在哪一行")
    lines = raw.decode("utf-8-sig").split("\n")
    line = lines[position.line - 1]
    head, tail = line[: position.column - 1], line[position.column - 1 :]
    match = re.match(rf"""(["']?){re.escape(old)}\1""", tail)
    if match is None:
        raise JixiaoUserError(f"无法在名录第 {position.line} 行改写代码“{old}”")
    lines[position.line - 1] = head + new + tail[match.end() :]
    moves: list[tuple[Path, Path]] = []
    for year in sorted(content.iterdir()):
        source = year / old
        if year.is_dir() and not year.is_symlink() and len(year.name) == 4 and year.name.isdigit():
            if os.path.lexists(year / new):
                raise JixiaoUserError(f"{year / new} 已存在；请先处理它再改代码")
            if source.is_symlink():
                raise JixiaoUserError(f"{source} 是符号链接；内容目录中不能有符号链接")
            if source.is_dir():
                moves.append((source, year / new))
    return RenamePlan(path, "\n".join(lines), moves, repository_root(content))


def _tracked(root: Path, folder: Path) -> bool:
    out = run_git(["ls-files", "-z", "--", str(folder.resolve())], root)
    return bool(out.strip(b"\0"))


def apply_rename(plan: RenamePlan) -> list[str]:
    """Moves the folders and rewrites the registry; returns what was done, one line each."""
    done: list[str] = []
    for source, target in plan.moves:
        if plan.git_root is not None and _tracked(plan.git_root, source):
            # git mv moves the whole folder, untracked files included, and stages the move, so
            # that the next commit records a rename and history follows each file.
            run_git(["mv", str(source.resolve()), str(target.resolve())], plan.git_root)
            done.append(f"git mv {source.as_posix()} {target.as_posix()}")
        else:
            source.rename(target)
            done.append(f"移动 {source.as_posix()} → {target.as_posix()}")
    write_atomic(plan.registry, plan.registry_text.encode("utf-8"), plan.registry.parent)
    if plan.git_root is not None and _tracked(plan.git_root, plan.registry):
        run_git(["add", "--", str(plan.registry.resolve())], plan.git_root)
    done.append(f"更新 {plan.registry.as_posix()}")
    return done


__all__ = ["RenamePlan", "apply_rename", "plan_rename"]
