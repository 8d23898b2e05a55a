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

from generator.load.cache import SignedEntries
from generator.load.yaml_source import YamlValue

# Not a number shared with the other signed caches: a file of one kind renamed as another's
# is refused by its format, not only by the shape of its entries.
VALUES_FORMAT = "values/1"


def values_digest(raw: bytes) -> str:
    """The key of a file's values: SHA-256, since a collision would now change published data
    (the check cache's shorter hash only keys diagnostics)."""
    return hashlib.sha256(raw).hexdigest()


class ValueCache(SignedEntries):
    """Entries: shown path → [content digest, the values as JSON text]."""

    PREFIX = "values"
    FORMAT = VALUES_FORMAT

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
