"""A government portal's particulars in the footer: 主办单位, 联系方式 and the filing numbers.

Read from `extra.jixiao_portal` in mkdocs.yml; each setting is optional and an absent one shows
nothing. The filing numbers link to the registers a reader checks them in: the ICP number to
the MIIT register, the 公安 number to the public-security register with its record code (the
digits of the number). The text is escaped by the footer template; only these two fixed
addresses are ever linked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from generator.core.diagnostics import JixiaoUserError

SETTINGS_KEY = "jixiao_portal"
ICP_REGISTER = "https://beian.miit.gov.cn/"
POLICE_REGISTER = "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode="

# (setting, label shown in the footer), in the order a portal's footer lists them.
FIELDS: tuple[tuple[str, str], ...] = (
    ("主办单位", "主办单位"),
    ("联系方式", "联系方式"),
    ("ICP备案号", "ICP 备案号"),
    ("公安备案号", "公安备案号"),
    ("网站标识码", "网站标识码"),
)
MAX_LENGTH = 200
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class FooterItem:
    label: str
    text: str
    href: str | None


def footer_items(extra: Mapping[str, object]) -> list[FooterItem]:
    """The footer lines for `extra` (mkdocs.yml's `extra:`); a wrong setting is a user error."""
    settings = extra.get(SETTINGS_KEY)
    if settings is None:
        return []
    where = f"mkdocs.yml 的 extra.{SETTINGS_KEY}"
    if not isinstance(settings, Mapping):
        raise JixiaoUserError(f"{where} 应是“设置: 文字”的映射，例如 主办单位: 某某区财政局。")
    known = [name for name, _ in FIELDS]
    unknown = [str(key) for key in settings if key not in known]
    if unknown:
        raise JixiaoUserError(
            f"{where} 中有未知的设置 {'、'.join(unknown)}；可用的设置：{'、'.join(known)}。"
        )
    items: list[FooterItem] = []
    for name, label in FIELDS:
        value = settings.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise JixiaoUserError(f"{where}.{name} 应是一行文字。")
        text = " ".join(str(value).split())
        if len(text) > MAX_LENGTH:
            raise JixiaoUserError(f"{where}.{name} 过长（{len(text)} 个字符，最多 {MAX_LENGTH}）。")
        items.append(FooterItem(label, text, _register_link(name, text)))
    return items


def _register_link(name: str, text: str) -> str | None:
    if name == "ICP备案号":
        return ICP_REGISTER
    if name == "公安备案号":
        digits = "".join(_DIGITS.findall(text))
        return POLICE_REGISTER + quote(digits) if digits else None
    return None
