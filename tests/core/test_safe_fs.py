"""read_regular: the one way jixiao reads a file from a tree a pull request can change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.core import safe_fs
from generator.core.safe_fs import FileTooLargeError, UnsafePathError, read_regular


def test_reads_the_whole_file_under_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes("项目名称: 测试\n".encode() * 1000)
    assert read_regular(path, limit=1_000_000) == path.read_bytes()
    assert read_regular(path) == path.read_bytes()


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(FileTooLargeError) as raised:
        read_regular(path, limit=100)
    assert raised.value.size == 101
    path.write_bytes(b"x" * 100)
    assert read_regular(path, limit=100) == b"x" * 100


def _fstat_reporting(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """fstat says the file has `size` bytes: as if it grew after fstat, before the read."""
    real = os.fstat

    def shrunk(descriptor: int) -> os.stat_result:
        fields = list(real(descriptor))
        fields[6] = size  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(safe_fs.os, "fstat", shrunk)


def test_a_file_that_grew_after_fstat_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grown.yaml"
    path.write_bytes(b"y" * 5000)
    _fstat_reporting(10, monkeypatch)
    assert read_regular(path, limit=1_000_000) == b"y" * 5000


def test_a_file_that_grew_past_the_limit_after_fstat_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grown.yaml"
    path.write_bytes(b"z" * 5000)
    _fstat_reporting(10, monkeypatch)
    with pytest.raises(FileTooLargeError) as raised:
        read_regular(path, limit=1000)
    assert raised.value.size == 1001  # read stops one byte past the limit


def test_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "secret.txt"
    target.write_text("secret")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    with pytest.raises(UnsafePathError):
        read_regular(link, limit=1000)
