"""Published forms (txt, xlsx, docx, PDF) into YAML files: read, recognise, write.

`importers` may import `core`, `load` and `review` (for `fmt`'s canonical text); never `site`.
"""
