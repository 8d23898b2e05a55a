"""From bytes on disk to a checked corpus: strict YAML, validation, checks, the check cache.

`load` may import `core` only. It reads (never writes) the content tree and returns every
problem of a run together, each pointing at the user's line.
"""
