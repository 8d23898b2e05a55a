"""The published site: views, pages, indexes, downloads, search and the MkDocs plugin.

`site` may import `core`, `load` and `review` (history pages, changes between years); never
`importers`. Only `site.writer` writes into the site folder.
"""
