"""jixiao（绩效）：财政项目支出绩效目标申报表的开放数据发布工具。

The package is a pure core (load → check → model → render) with one module that writes to disk
(`writer`), plus thin glue for the command line (`cli`) and MkDocs (`mkdocs_plugin`).
"""

__version__ = "0.1.0"
