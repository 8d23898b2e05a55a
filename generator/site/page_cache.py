"""Finished pages of the last build, reused when nothing that makes them has changed.

A page's HTML is a function of its generated source (front matter and body, which carry
everything jixiao knows about the project), its path, and the site's machinery: mkdocs.yml
(nav, theme options), the theme overrides and hooks, jixiao's own code and the versions of
MkDocs, Material, Python-Markdown and Jinja. The key of a page hashes all of these, so an edit
to one declaration re-renders the pages whose source changed and takes every other page as it
was; an edit to the theme or an upgrade re-renders everything.

The cache is a folder of `<key>.html` files in the user's cache folder (outside the repository,
like the check cache). Only bytes are read back (never code), a file is read without following
symlinks, and every file carries an HMAC of its key and content under the user's secret cache
key (`generator.load.cache.signing_key`): a page planted by a pull request, whose key anyone can
compute from public inputs, does not verify and is rendered afresh, so it can never put its HTML
into the published site. A damaged or hand-edited cache costs a re-render, never a wrong page.
Files no build used are removed at the end of a build, so the folder holds one site's pages.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import os
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar, cast

_PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions")
_SUFFIX = ".html"
T = TypeVar("T")


def _versions() -> str:
    import mkdocs  # under ProperDocs this name is ProperDocs itself, which renders differently

    found = [f"running {mkdocs.__name__} {getattr(mkdocs, '__version__', '?')}"]
    for name in _PACKAGES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}: none")
    return f"python {sys.version};" + ";".join(found)


def _tree_digest(digest: hashlib._Hash, root: Path) -> None:
    """Feeds every regular file under `root` (path and bytes) into `digest`, in a fixed order."""
    if root.is_file():
        digest.update(root.name.encode() + b"\0" + root.read_bytes() + b"\0")
        return
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file() or name.endswith(".pyc"):
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")


def site_fingerprint(config_file: Path, inputs: list[Path]) -> str:
    """What every page depends on besides its own source: configuration, code and versions."""
    digest = hashlib.sha256()
    digest.update(_versions().encode() + b"\0")
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode() + b"\0")
    digest.update(config_file.read_bytes() + b"\0")
    for root in [Path(__file__).resolve().parent.parent, *inputs]:
        digest.update(str(root.name).encode() + b"\0")
        _tree_digest(digest, root)
    return digest.hexdigest()


class PageCache:
    """Signed text entries in one folder: the finished pages (`.html`), and with another
    `suffix` the generated page sources that `render_site` reuses (`.md`, see render.py)."""

    def __init__(
        self,
        folder: Path,
        fingerprint: str,
        secret: bytes,
        suffix: str = _SUFFIX,
        memory: Memory | None = None,
    ) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.secret = secret
        self.suffix = suffix
        self.used: set[str] = set()
        self.reused = 0
        self.memory = memory
        # A background process reads entries but writes none (`reading_only`): the build
        # prunes the folder while it may still be running.
        self.read_only = False

    def key(self, dest_path: str, source: str) -> str:
        """Where a finished page is kept: changes with the page's source, its address and
        everything else that shapes its HTML (the fingerprint), so a stale page is never found.
        """
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(b"\0" + dest_path.encode() + b"\0" + source.encode())
        return digest.hexdigest()

    def _seal(self, key: str, html: bytes) -> bytes:
        mac = hmac.new(self.secret, key.encode("ascii") + b"\0", hashlib.sha256)
        mac.update(html)
        return mac.hexdigest().encode("ascii")

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{self.suffix}"

    def get(self, key: str) -> str | None:
        """The finished page for `key` if this user's jixiao stored it; None: render afresh.
        With a Memory, what is read is kept there for `recall`, which alone looks it up."""
        data = self.get_bytes(key)
        if data is None:
            return None
        text = data.decode("utf-8")
        if self.memory is not None:
            self.memory.texts[key] = text
        return text

    def put(self, key: str, html: str) -> None:
        """Keeps a finished page for the next build, sealed with the user's secret key."""
        self.put_bytes(key, html.encode("utf-8"))
        if self.memory is not None:
            self.memory.texts[key] = html

    def recall(self, name: str, inputs: tuple[object, ...]) -> str | None:
        """The text kept in memory for `name` if the last rebuild made it of equal `inputs`."""
        if self.memory is None or (last := self.memory.made.get(name)) is None:
            return None
        known, key = last
        if known != inputs or (text := self.memory.texts.get(key)) is None:
            return None
        self.used.add(key)
        self.reused += 1
        return text

    def remember(self, name: str, inputs: tuple[object, ...], key: str) -> None:
        """Notes that the entry `key` is what `name` is made of with `inputs` (see recall)."""
        if self.memory is not None:
            self.memory.made[name] = (inputs, key)

    def derived(self, text: str, make: Callable[[str], T]) -> T:
        """`make(text)`, computed once while `text` stays in memory (see Memory)."""
        if self.memory is None:
            return make(text)
        found = self.memory.derived.get(text)
        if found is None:
            found = self.memory.derived[text] = make(text)
        return cast(T, found)

    def get_bytes(self, key: str) -> bytes | None:
        """The bytes stored for `key` if this user's jixiao stored them; None otherwise."""
        self.used.add(key)
        try:
            descriptor = os.open(self._path(key), os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        with os.fdopen(descriptor, "rb") as stream:
            data = stream.read()
        stored, _, html = data.partition(b"\n")
        if not hmac.compare_digest(stored, self._seal(key, html)):
            return None  # not written by this user's jixiao for this key: render afresh
        self.reused += 1
        return html

    def keep(self, key: str) -> None:
        """Counts the entry for `key` as reused without reading it (the site's record vouched
        for the page), so that `prune` keeps it."""
        self.used.add(key)
        self.reused += 1

    def put_bytes(self, key: str, data: bytes) -> None:
        """Keeps `data` for the next build, sealed with the user's secret key."""
        self.used.add(key)
        if self.read_only:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed, so a build stopped halfway leaves no half page. The name
        # is this process's own (its id and the key), not tempfile.mkstemp's random one: a cold
        # build writes 30,000 entries, and mkstemp's own work doubled the time of each write.
        temporary = self.folder / f".tmp-{os.getpid()}-{key}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        try:
            handle = os.open(temporary, flags, 0o600)
        except FileExistsError:  # left by a stopped process that had the same id
            os.unlink(temporary)
            handle = os.open(temporary, flags, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(self._seal(key, data) + b"\n" + data)
        os.replace(temporary, self._path(key))

    def prune(self) -> None:
        """Removes the pages no page of this build asked for (stale versions of changed pages)."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            suffix = self.suffix
            stale = entry.name.endswith(suffix) and entry.name[: -len(suffix)] not in self.used
            if stale or entry.name.startswith(".tmp-"):
                os.unlink(entry.path)
        if self.memory is not None:
            self.memory.keep(self.used)


def reading_only(cache: PageCache | None) -> PageCache | None:
    """The same entries, for a process that must not write any (see `read_only`)."""
    if cache is None:
        return None
    copied = copy.copy(cache)
    copied.read_only = True
    return copied


class Memory:
    """What `mkdocs serve` keeps in memory from one rebuild to the next: the entries of a
    PageCache (read or written by this process, so verified), and what was computed from
    them. A rebuild after one saved declaration then reads no unchanged entry from disk."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}  # key → the entry's text
        self.derived: dict[str, object] = {}  # an entry's text → what was made of it
        self.made: dict[str, tuple[tuple[object, ...], str]] = {}  # name → (inputs, key)

    def keep(self, used: set[str]) -> None:
        """Forgets the entries this build did not use (stale versions of changed pages)."""
        self.texts = {key: text for key, text in self.texts.items() if key in used}
        self.made = {name: made for name, made in self.made.items() if made[1] in used}
        kept = set(self.texts.values())
        self.derived = {text: item for text, item in self.derived.items() if text in kept}
