"""Each declaration's values as the strict YAML reader gave them, kept for the next build.

`jixiao build` needs the model of every declaration, also of the files the check cache knows to
be unchanged (`corpus._model_only`), and reading the YAML was half of loading them: at 10,000
declarations about 4 of 8 CPU seconds, for values that are a function of the file's bytes. The
same values as JSON parse several times faster (`json` is written in C; the strict reader walks
libyaml's events in Python). So a build keeps, for each declaration, the JSON of the values its
YAML gave, under the file's path and a hash of its bytes, and the next build validates the
declaration from that JSON when the bytes are the same.

The values are plain data (text, null, lists, mappings: every scalar arrives as the text
written), so JSON holds them exactly and reading it back cannot run code. Like the check cache,
the file lives in the user's cache folder, names the fingerprint of jixiao's code, and is signed
with the user's secret key: one planted by a pull request, written by another version, damaged,
or whose entry is for other bytes, is not used, and the YAML is read as before. Only
`jixiao build` (which wants models) opens it, so `jixiao check` never pays for it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.core.safe_fs import linked_component
from generator.load.cache import read_signed_entries, save_signed, signing_key
from generator.load.yaml_source import YamlValue

VALUES_FORMAT = 1


class ValueCache:
    def __init__(self, file: Path | None, key: bytes | None, entries: dict[str, object]) -> None:
        self.file = file
        self.key = key
        self.entries = entries  # shown path → [content digest, the values as JSON text]
        self.used: dict[str, list[str]] = {}
        self.dirty = False

    @classmethod
    def open(cls, cache_dir: Path, content_root: Path) -> ValueCache:
        """The values of one content tree; an empty cache when there is none it can trust."""
        tree = hashlib.sha256(str(content_root.resolve()).encode()).hexdigest()[:16]
        file = cache_dir / f"values-{tree}.json"
        key = signing_key()
        if key is None or linked_component(file, cache_dir) is not None:
            return cls(None, None, {})  # nowhere safe to keep it: read every file's YAML
        return cls(file, key, read_signed_entries(file, cache_dir, key, VALUES_FORMAT) or {})

    def lookup(self, shown: str, digest: str) -> YamlValue | None:
        """The values stored for the file `shown` with bytes of this `digest`; None: read it."""
        entry = self.entries.get(shown)
        if not (
            isinstance(entry, list)
            and len(entry) == 2
            and entry[0] == digest
            and isinstance(entry[1], str)
        ):
            return None
        try:
            values = json.loads(entry[1])
        except ValueError:
            return None
        if not isinstance(values, dict):
            return None  # a declaration is a mapping; anything else was not written by us
        self.used[shown] = entry
        return values

    def store(self, shown: str, digest: str, values: YamlValue) -> None:
        """Keeps the values read from the file `shown` with bytes of this `digest`."""
        text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
        self.used[shown] = [digest, text]
        self.dirty = True

    def save(self) -> None:
        """Writes the entries this build used, signed; a failure only costs time."""
        if self.file is None or self.key is None:
            return
        if not self.dirty and len(self.used) == len(self.entries):
            return
        save_signed(self.file, self.key, VALUES_FORMAT, self.used, ascii_only=False)
