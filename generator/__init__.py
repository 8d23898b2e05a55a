"""jixiao（绩效）：财政项目支出绩效目标申报表的开放数据发布工具。

The folders follow the data: `core` (the domain) ← `load` (bytes to a checked corpus) ←
`review` (git, diff, history, fmt) ← `importers` (published forms to YAML) and `site` (the
published site). A module imports only from its own folder and the folders to its left;
`tests/test_import_contract.py` enforces it. `cli` is the command line on top of all of them.
"""

__version__ = "0.1.0"
