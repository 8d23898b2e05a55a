"""What a reviewer needs: git revisions, semantic diffs, history, `fmt`, forge reports.

`review` may import `core` and `load`.
"""
