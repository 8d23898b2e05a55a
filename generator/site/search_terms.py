"""What a project page adds to the search index beyond its visible text, in O(length).

Pagefind (extended) segments Chinese into words and matches a query word against the start of
indexed words. Three kinds of hidden terms make the searches readers type find their projects:

- **Name windows**: 上海市宝山区总工会 is segmented …/总工会, so 工会 would miss it. For every
  position of each organisation and project name, the few characters starting there
  (`WINDOW`) are indexed, so that a word inside a name starts an indexed word. Windows, not
  every tail of the name: the cost is at most `WINDOW` characters per character of the name,
  where tails cost half the square of its length (3.6 GB for a 20,000-character name).
- **Name tokens**: each organisation name (主管部门, 实施单位) also becomes one opaque token,
  `jxn` + a 64-bit FNV-1a hash of the name, and so does each of its last few tails that start
  after an administrative division (上海市东海区统计局 → 东海区统计局, 统计局). The search
  box adds the token of what the reader typed, so a department's full (or short) name ranks
  its own projects first, above pages that merely share its words (上海市, 统计, 局, …).
- **Amount tokens**: each funding figure becomes `jxa<fen>f`. Pagefind splits `1,846,000.00`
  into 1 / 846 / 000 / 00; the search box turns an amount typed as `1846000`, `1,846,000.00`,
  `184.6万` or `184.60万元` into the same token, which only projects with that figure carry.

Pagefind requires every query word that some page has, and may drop or widen one that no page
has: so the search box adds a name token only when it is one of the site's names, listed in
`data/search-names.json` (`known_name_tokens`). An amount token that no page has finds nothing,
as it should.

- **Filter tokens**: `jxf` + the hash of `年度=2024`, `主管部门=…`, `项目类别=…`. The search box's
  filters add the chosen token to the query, so that only those projects match. (Pagefind's own
  filters would do the same, but it writes their index in a different order on every run,
  and two builds of one commit must be byte-identical.)

The search box (theme/assets/jixiao-search.js) computes the same tokens; the two must agree,
and the browser tests check that they do. Excerpts never show these terms: the search box
builds each excerpt from the visible form, which ends at `MARKER`.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from generator.core.evaluation_model import Evaluation
from generator.core.money import to_yuan
from generator.core.project import Corpus, Project
from generator.core.taxonomy import BLANK_CATEGORY

# The first word of the hidden terms: the search box cuts a result's text here.
MARKER = "jxsearchterms"
# Characters indexed from each position of a name: Chinese words are mostly 1–4 characters.
WINDOW = 4
# A short name starts after one of these (省、市、区、县、自治州、旗、镇、乡); the last few count.
_DIVISIONS = frozenset("省市区县州旗镇乡")
MAX_SHORT_NAMES = 6
_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_MASK = (1 << 64) - 1


def normalise_name(name: str) -> str:
    """The form that is hashed: NFKC (full-width → half-width), no whitespace, lower case."""
    return "".join(unicodedata.normalize("NFKC", name).split()).lower()


def _fnv(text: str) -> str:
    value = _FNV_OFFSET
    for byte in normalise_name(text).encode("utf-8"):
        value = ((value ^ byte) * _FNV_PRIME) & _MASK
    return f"{value:016x}"


def name_token(name: str) -> str:
    """The opaque token of an organisation name; jixiao-search.js computes the same."""
    return "jxn" + _fnv(name)


def filter_token(key: str, value: str) -> str:
    """The opaque token of one filter value (`年度=2024`); jixiao-search.js computes the same."""
    return "jxf" + _fnv(f"{key}={value}")


def filter_values(project: Project) -> dict[str, str]:
    """The values a project is filtered by in the search box, as the site groups it."""
    decl = project.declaration
    # A blank 项目类别 is filtered under the same words the site groups it by.
    category = decl.category or BLANK_CATEGORY
    return {"年度": str(decl.year), "主管部门": decl.department, "项目类别": category}


def amount_token(yuan: Decimal) -> str:
    """`jxa184600000f` for 1,846,000.00 元: the amount in fen, closed by a letter so that no
    token is the start of another (a query word matches the start of indexed words)."""
    return f"jxa{int(yuan * 100)}f"


def short_names(name: str) -> list[str]:
    """上海市东海区统计局 → [东海区统计局, 统计局]: what follows the last few divisions."""
    compact = "".join(name.split())
    starts = [i + 1 for i, char in enumerate(compact[:-2]) if char in _DIVISIONS]
    return [compact[start:] for start in starts[-MAX_SHORT_NAMES:]]


def name_windows(name: str) -> list[str]:
    """The `WINDOW` characters from each position after the first (the whole name is already
    on the page), down to two characters at the end. O(len(name) × WINDOW)."""
    compact = "".join(name.split())
    return [compact[start : start + WINDOW] for start in range(1, len(compact) - 1)]


@dataclass(frozen=True, slots=True)
class SearchTerms:
    tokens: str  # name and amount tokens, space-separated
    windows: str  # name windows, space-separated


def search_terms(project: Project) -> SearchTerms:
    """The hidden terms of a project page (see above): its organisations' names, amounts and
    filters as tokens, and windows that let a word inside a name start an indexed word."""
    decl = project.declaration
    organisations = [n for n in dict.fromkeys((decl.department, decl.implementing_unit)) if n]
    # Not the project's name: a token the query carries restricts the results to its pages,
    # and a reader typing a project's name also wants the projects of similar names.
    tokens = [name_token(n) for n in organisation_names(project)]
    tokens += [filter_token(key, value) for key, value in filter_values(project).items()]
    figures = (
        decl.project_funds.total,
        decl.project_funds.fiscal,
        decl.project_funds.other,
        decl.annual_funds.total,
        decl.annual_funds.appropriation,
        decl.annual_funds.carry_over,
        decl.annual_funds.other,
    )
    for amount in figures:
        if amount is not None and amount > 0:
            tokens.append(amount_token(to_yuan(amount, decl.unit)))
    names = [*organisations, decl.name]
    windows = [window for name in dict.fromkeys(names) for window in name_windows(name)]
    return SearchTerms(
        tokens=" ".join(dict.fromkeys(tokens)), windows=" ".join(dict.fromkeys(windows))
    )


def evaluation_search_terms(evaluation: Evaluation) -> SearchTerms:
    """The hidden terms of a self-evaluation's own page (one without a declaration): its
    organisations as tokens, its names as windows, like a project page's."""
    organisations = [
        n for n in dict.fromkeys((evaluation.department, evaluation.implementing_unit)) if n
    ]
    tokens = [name_token(n) for name in organisations for n in (name, *short_names(name))]
    names = [*organisations, evaluation.name]
    windows = [window for name in dict.fromkeys(names) for window in name_windows(name)]
    return SearchTerms(
        tokens=" ".join(dict.fromkeys(tokens)), windows=" ".join(dict.fromkeys(windows))
    )


def organisation_names(project: Project) -> list[str]:
    """A project's department and unit with their usual short names, as readers type them."""
    decl = project.declaration
    organisations = [n for n in dict.fromkeys((decl.department, decl.implementing_unit)) if n]
    return [n for name in organisations for n in (name, *short_names(name))]


def known_name_tokens(corpus: Corpus) -> str:
    """data/search-names.json: every name token a page carries, and the values of each filter
    (years newest first, departments and categories in the order of the site), for the box."""
    tokens = {name_token(n) for p in corpus.projects for n in organisation_names(p)}
    filters: dict[str, dict[str, None]] = {"年度": {}, "主管部门": {}, "项目类别": {}}
    for project in sorted(corpus.projects, key=lambda p: -p.declaration.year):
        for key, value in filter_values(project).items():
            filters[key][value] = None
    return _names_json(tokens, filters)


def _names_json(tokens: set[str], filters: dict[str, dict[str, None]]) -> str:
    data = {
        "format_version": 1,
        "tokens": sorted(tokens),
        "filters": {key: list(values) for key, values in filters.items()},
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def merged_name_tokens(texts: list[str]) -> str:
    """search-names.json of the top level of a site built in shards, from the shards' own
    (read as untrusted: what is not a list of texts is left out): every name token, and each
    filter's values in the shards' order, years newest first as `known_name_tokens` gives them."""
    tokens: set[str] = set()
    filters: dict[str, dict[str, None]] = {}
    for text in texts:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            continue
        if not isinstance(data, dict):
            continue
        tokens.update(t for t in data.get("tokens", []) if isinstance(t, str))
        for key, values in (data.get("filters") or {}).items():
            if isinstance(key, str) and isinstance(values, list):
                kept = filters.setdefault(key, {})
                kept.update((v, None) for v in values if isinstance(v, str))
    if "年度" in filters:
        filters["年度"] = dict.fromkeys(sorted(filters["年度"], reverse=True))
    return _names_json(tokens, filters)
