"""The registry of supervising departments: slug ↔ official name, in the order shown."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from generator.core.model import NameText

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
SLUG_RULE = "只能用小写英文字母、数字和连字符“-”，如 baoshan-zonggonghui"
# Names a folder or file must not have: `index` is the page of its folder (`index.yaml` would
# be a project page every link misses), and Windows refuses its device names (`con.yaml` cannot
# be checked out there), in any case and with any extension.
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)
RESERVED_RULE = "index 和 Windows 设备名（CON、PRN、AUX、NUL、COM1–COM9、LPT1–LPT9）是保留名称"


def reserved_name(name: str) -> bool:
    """True for `index` and Windows device names, whatever the case or extension."""
    stem = name.split(".", 1)[0].strip().casefold()
    return stem == "index" or stem in WINDOWS_DEVICES


class Department(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str = Field(
        alias="代码",
        title="代码",
        description=f"网址中的目录名，{SLUG_RULE}。",
        pattern=SLUG.pattern,
    )
    name: NameText = Field(alias="名称", title="名称", description="主管部门的正式名称。")

    @field_validator("slug", mode="before")
    @classmethod
    def _slug(cls, value: object) -> object:
        if isinstance(value, str) and not SLUG.fullmatch(value):
            raise PydanticCustomError("slug", "代码“{value}”不合规：" + SLUG_RULE, {"value": value})
        if isinstance(value, str) and reserved_name(value):
            raise PydanticCustomError(
                "slug",
                "代码“{value}”不能用：" + RESERVED_RULE + "，请换一个",
                {"value": value},
            )
        if isinstance(value, str) and value.isdigit():
            # /2024/2/ is page 2 of the 2024 project table: a code must not look like a page.
            raise PydanticCustomError(
                "slug",
                "代码“{value}”不能全是数字（会与分页地址冲突），请加上字母",
                {"value": value},
            )
        return value


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    departments: list[Department] = Field(
        alias="部门", title="部门", description="按显示顺序排列。"
    )

    def __iter__(self) -> Iterator[Department]:  # type: ignore[override]
        return iter(self.departments)

    def by_slug(self) -> dict[str, Department]:
        return {d.slug: d for d in self.departments}

    def order(self, slug: str) -> int:
        for index, department in enumerate(self.departments):
            if department.slug == slug:
                return index
        return len(self.departments)


def department_name(registry: Registry | None, slug: str, fallback: str) -> str:
    """The registered name of the department whose folder is `slug`, else `fallback`.

    One lookup for every place that shows a department by its folder; the fallback is the
    caller's because what stands in for an unregistered folder depends on where it is shown
    (a check message names the folder, a page the 主管部门 the declaration wrote).
    """
    registered = registry.by_slug().get(slug) if registry is not None else None
    return registered.name if registered is not None else fallback
