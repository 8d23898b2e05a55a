"""A pull request as an attacker writes it: links, FIFOs, reserved names, a site/ that is a link.

Each test plants what a hostile pull request (or a hostile import file) can carry and asserts
what jixiao does: refuse with a clear Chinese error, never read or echo what a link points at,
never write to or through a link, never hang, never print a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from generator.core.registry import reserved_name
from generator.importers.run import slugify
from generator.load.corpus import load_corpus
from generator.site import writer
from tests.conftest import REPO
from tests.support import import_fixtures as fx
from tests.support.cli_support import run
from tests.support.git_support import git as _git

SECRET = "ghp_SECRETTOKEN0123456789"
DEPT = "2024/baoshan-zonggonghui"
CARD = f"{DEPT}/zhengfu-shishi-gonghui-huiyuanka.yaml"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A credentials file outside the repository, written so that YAML would echo it."""
    path = tmp_path / "credentials"
    path.write_text(f"部门:\n  - 代码: {SECRET}\n    名称: {SECRET}\n{SECRET}: [\n", "utf-8")
    return path


# --- reading: no link is followed under content/ ---------------------------------------------


def test_registry_link_to_a_secret_is_refused_without_echoing_it(
    content_copy: Path, secret: Path
) -> None:
    registry = content_copy / "departments.yaml"
    registry.unlink()
    registry.symlink_to(secret)
    for output_format in ("text", "json", "github"):
        result = run("check", "--no-cache", "--content", content_copy, "--format", output_format)
        assert result.exit_code == 1
        assert SECRET not in result.output
        assert "layout-symlink" in result.output
    codes = [d.code for d in load_corpus(content_copy).diagnostics]
    assert "layout-symlink" in codes


def test_registry_link_is_refused_by_build_and_import(
    content_copy: Path, secret: Path, tmp_path: Path
) -> None:
    registry = content_copy / "departments.yaml"
    registry.unlink()
    registry.symlink_to(secret)
    result = run("build", "--no-cache", "--content", content_copy, "--site-dir", tmp_path / "s")
    assert result.exit_code == 1 and SECRET not in result.output
    assert not (tmp_path / "s").exists()
    source = tmp_path / "form.txt"
    fx.write_text(source, [fx.form_grid(fx.declaration("新项目"))])
    result = run("import", source, "--content", content_copy)
    assert result.exit_code == 2
    assert "符号链接" in result.output and SECRET not in result.output
    assert secret.read_text("utf-8").count(SECRET) == 3  # untouched


@pytest.mark.parametrize("what", ["year", "department", "file", "root"])
def test_linked_folders_and_files_are_refused(
    content_copy: Path, tmp_path: Path, what: str
) -> None:
    outside = tmp_path / "outside"
    if what == "year":
        shutil.move(content_copy / "2024", outside)
        (content_copy / "2024").symlink_to(outside, target_is_directory=True)
        content = content_copy
    elif what == "department":
        shutil.move(content_copy / DEPT, outside)
        (content_copy / DEPT).symlink_to(outside, target_is_directory=True)
        content = content_copy
    elif what == "file":
        shutil.move(content_copy / CARD, outside)
        (content_copy / CARD).symlink_to(outside)
        content = content_copy
    else:
        content = tmp_path / "linked-content"
        content.symlink_to(content_copy, target_is_directory=True)
    found = load_corpus(content).diagnostics
    assert "layout-symlink" in {d.code for d in found}
    assert all("工会会员卡" not in d.message for d in found)


def test_hidden_links_are_refused_before_mkdocs_walks_them(content_copy: Path) -> None:
    # MkDocs walks the content folder following links: `.a -> .` and `.b -> .` made the build
    # endless (2^40 paths) while check, which skips hidden names, passed.
    (content_copy / ".a").symlink_to(".", target_is_directory=True)
    (content_copy / ".b").symlink_to(".", target_is_directory=True)
    (content_copy / "2024" / ".usr").symlink_to("/usr", target_is_directory=True)
    (content_copy / DEPT / ".copy.yaml").symlink_to("/etc/hostname")
    found = load_corpus(content_copy).diagnostics
    linked = sorted(d.path.rsplit("/", 1)[1] for d in found if d.code == "layout-symlink")
    assert linked == [".a", ".b", ".copy.yaml", ".usr"]
    started = time.monotonic()
    result = run(
        "build", "--no-cache", "--content", content_copy, "--site-dir", content_copy.parent / "s"
    )
    assert time.monotonic() - started < 60
    assert result.exit_code == 1 and "网站未生成" in result.output


def test_a_file_of_gigabytes_is_refused_without_reading_it(content_copy: Path) -> None:
    huge = content_copy / DEPT / "huge.yaml"
    with huge.open("wb") as stream:
        stream.truncate(3 * 1024**3)  # sparse: no disk taken, 3 GB if read
    started = time.monotonic()
    found = load_corpus(content_copy).diagnostics
    assert time.monotonic() - started < 20
    [too_large] = [d for d in found if d.code == "file-too-large"]
    assert too_large.path.endswith("huge.yaml") and "3,221,225,472 字节" in too_large.message


def test_a_fifo_under_content_neither_hangs_nor_passes(content_copy: Path) -> None:
    fifo = content_copy / DEPT / "guan-dao.yaml"
    os.mkfifo(fifo)
    registry_fifo = content_copy / "departments.yaml"
    registry_fifo.unlink()
    os.mkfifo(registry_fifo)
    started = time.monotonic()
    result = subprocess.run(
        [str(REPO / ".venv" / "bin" / "jixiao"), "check", "--no-cache", "--content", content_copy],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "guan-dao.yaml: 错误[layout]" in result.stdout
    assert "命名管道" in result.stdout
    assert "departments.yaml: 错误[layout]" in result.stdout


def test_diff_does_not_read_a_linked_file_of_the_working_tree(tmp_path: Path, secret: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "content", repo / "content")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    target = tmp_path / "other.yaml"
    target.write_text((repo / "content" / CARD).read_text("utf-8").replace("工会会员卡", SECRET))
    (repo / "content" / DEPT / "xin.yaml").symlink_to(target)
    result = run("diff", "--content", repo / "content", "--format", "markdown")
    assert result.exit_code == 0
    assert SECRET not in result.output


# --- writing: fmt and import never write to or through a link --------------------------------


def test_fmt_refuses_a_linked_file_and_a_linked_folder(content_copy: Path, tmp_path: Path) -> None:
    workflow = tmp_path / "workflows" / "publish.yaml"
    workflow.parent.mkdir()
    original = "年度:   2024\n项目名称:    x\n"
    workflow.write_text(original, "utf-8")
    (content_copy / DEPT / "lian-jie.yaml").symlink_to(workflow)
    (content_copy / "2025").symlink_to(workflow.parent, target_is_directory=True)
    result = run("fmt", "--content", content_copy)
    assert result.exit_code == 1
    assert "符号链接" in result.output
    assert workflow.read_text("utf-8") == original
    # Named on the command line, a link is refused as well, and so is a path through one.
    for path in (content_copy / DEPT / "lian-jie.yaml", content_copy / "2025" / "publish.yaml"):
        result = run("fmt", "--content", content_copy, path)
        assert result.exit_code == 1, result.output
        assert workflow.read_text("utf-8") == original


def test_fmt_writes_atomically(content_copy: Path) -> None:
    card = content_copy / CARD
    card.write_text(card.read_text("utf-8").replace("年度: 2024", "年度:   2024"), "utf-8")
    before = card.stat().st_ino
    result = run("fmt", "--content", content_copy)
    assert result.exit_code == 0, result.output
    assert "年度: 2024\n" in card.read_text("utf-8")
    assert card.stat().st_ino != before  # a new file renamed into place, not rewritten in place
    assert not [p for p in card.parent.iterdir() if p.name.endswith(".tmp")]


def _form(tmp_path: Path, name: str, department: str = "上海市东海区总工会") -> Path:
    source = tmp_path / f"{slugify(name) or 'form'}.txt"
    fx.write_text(source, [fx.form_grid(fx.declaration(name, department=department))])
    return source


def test_import_does_not_write_through_a_linked_department_folder(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (content / "2024" / "shang-hai-shi-dong-hai-qu-zong-gong-hui").symlink_to(
        elsewhere, target_is_directory=True
    )
    (content / "departments.yaml").write_text(
        "部门:\n  - 代码: shang-hai-shi-dong-hai-qu-zong-gong-hui\n    名称: 上海市东海区总工会\n",
        "utf-8",
    )
    result = run("import", _form(tmp_path, "职工培训"), "--content", content)
    assert result.exit_code == 1
    assert "符号链接" in result.output
    assert list(elsewhere.iterdir()) == []


def test_import_does_not_update_a_linked_declaration(tmp_path: Path) -> None:
    content = tmp_path / "content"
    source = _form(tmp_path, "职工培训")
    assert run("import", source, "--content", content).exit_code == 0
    (written,) = content.glob("*/*/*.yaml")
    outside = tmp_path / "outside.yaml"
    outside.write_text("外部文件\n", "utf-8")
    written.unlink()
    written.symlink_to(outside)
    result = run("import", source, "--content", content)
    assert result.exit_code == 1
    assert outside.read_text("utf-8") == "外部文件\n"
    assert written.is_symlink()


# --- reserved names -----------------------------------------------------------------------------


@pytest.mark.parametrize("stem", ["index", "con", "PRN", "aux", "nul", "com1", "lpt9", "Con.txt"])
def test_reserved_names(stem: str) -> None:
    assert reserved_name(stem)


@pytest.mark.parametrize("stem", ["indexes", "con1", "com0", "lpt10", "console", "xiangmu"])
def test_ordinary_names(stem: str) -> None:
    assert not reserved_name(stem)


@pytest.mark.parametrize("stem", ["index", "con", "com3"])
def test_check_and_build_refuse_a_reserved_file_name(
    content_copy: Path, tmp_path: Path, stem: str
) -> None:
    shutil.move(content_copy / CARD, content_copy / DEPT / f"{stem}.yaml")
    result = run("check", "--no-cache", "--content", content_copy)
    assert result.exit_code == 1
    assert f"{stem}.yaml: 错误[identity-reserved]" in result.output
    site = tmp_path / "site"
    result = run("build", "--no-cache", "--content", content_copy, "--site-dir", site)
    assert result.exit_code == 1 and not site.exists()


def test_a_reserved_department_code_is_refused(content_copy: Path) -> None:
    registry = content_copy / "departments.yaml"
    registry.write_text(
        registry.read_text("utf-8") + "  - 代码: aux\n    名称: 设备部门\n", "utf-8"
    )
    found = [d for d in load_corpus(content_copy).diagnostics if d.code == "slug"]
    assert found and "保留名称" in found[0].message


@pytest.mark.parametrize("stem", ["index", "nul"])
def test_fmt_refuses_a_reserved_name(content_copy: Path, stem: str) -> None:
    shutil.move(content_copy / CARD, content_copy / DEPT / f"{stem}.yaml")
    for args in (["--check"], []):
        result = run("fmt", *args, "--content", content_copy)
        assert result.exit_code == 1
        assert f"{stem}.yaml: 文件名是保留名称" in result.output


@pytest.mark.parametrize(("name", "slug"), [("Index", "index-xiangmu"), ("CON", "con-xiangmu")])
def test_import_never_produces_a_reserved_name(tmp_path: Path, name: str, slug: str) -> None:
    content = tmp_path / "content"
    result = run("import", _form(tmp_path, name, department="Nul"), "--content", content)
    assert result.exit_code == 0, result.output
    (written,) = content.glob("*/*/*.yaml")
    assert written.name == f"{slug}.yaml"
    assert written.parent.name == "nul-bumen"
    assert load_corpus(content).ok, load_corpus(content).diagnostics


# --- the site folder, staging folders, full and read-only disks ------------------------------


def test_a_linked_site_folder_is_neither_replaced_nor_removed(
    content_copy: Path, tmp_path: Path
) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep", "utf-8")
    site = tmp_path / "site"
    site.symlink_to(precious, target_is_directory=True)
    result = run("build", "--no-cache", "--content", content_copy, "--site-dir", site)
    assert result.exit_code == 2  # a refused folder, as in every command
    assert "符号链接" in result.output
    assert (precious / "keep.txt").read_text("utf-8") == "keep"
    assert site.is_symlink()


# (The project folder, mkdocs.yml's, is refused the same way; not tried here, where a
# regression would delete the repository under test.)
@pytest.mark.parametrize("where", ["content", "parent", "inside"])
def test_a_site_folder_that_holds_the_content_or_the_project_is_refused(
    content_copy: Path, tmp_path: Path, where: str
) -> None:
    # The site folder is replaced whole: `--site-dir .` in a working copy deleted content/ and
    # .git, and exited 0.
    site = {
        "content": content_copy,
        "parent": content_copy.parent,
        "inside": content_copy / "2024" / "site",
    }[where]
    before = sorted(p.relative_to(content_copy) for p in content_copy.rglob("*"))
    result = run("build", "--no-cache", "--content", content_copy, "--site-dir", site)
    assert result.exit_code == 2, result.output
    assert "重叠" in result.output and "--site-dir" in result.output
    assert sorted(p.relative_to(content_copy) for p in content_copy.rglob("*")) == before


def test_a_linked_cache_folder_is_not_written(content_copy: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache = tmp_path / "cache"
    cache.symlink_to(elsewhere, target_is_directory=True)
    result = run("check", "--content", content_copy, "--cache-dir", cache)
    assert result.exit_code == 0
    assert "符号链接" in result.output
    assert list(elsewhere.iterdir()) == []


@pytest.mark.build
def test_stale_staging_folders_are_removed_by_the_next_build(
    content_copy: Path, tmp_path: Path
) -> None:
    finished = subprocess.Popen(["true"])
    finished.wait()
    stale = tmp_path / f".site-{finished.pid}-abc123"
    old = tmp_path / f".site-old-{finished.pid}"
    legacy = tmp_path / ".site-k2j3h4"  # an older jixiao's, without a process id
    running = tmp_path / f".site-{os.getppid()}-live"  # a build that is still running
    for folder in (stale, old, legacy, running):
        (folder / "assets").mkdir(parents=True)
    hour_ago = time.time() - 7200
    os.utime(legacy, (hour_ago, hour_ago))
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("keep", "utf-8")
    (stale / "link").symlink_to(victim, target_is_directory=True)
    trap = tmp_path / ".site-999999999-trap"
    trap.symlink_to(victim, target_is_directory=True)
    result = run("build", "--no-cache", "--content", content_copy, "--site-dir", tmp_path / "site")
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in tmp_path.glob(".site-*"))
    assert left == sorted([running.name, trap.name])
    assert (victim / "keep.txt").read_text("utf-8") == "keep"


def test_make_clean_removes_staging_folders(tmp_path: Path) -> None:
    (tmp_path / ".site-123-abc" / "x").mkdir(parents=True)
    (tmp_path / ".site-old-9").mkdir()
    (tmp_path / "keep").mkdir()
    subprocess.run(
        ["make", "-s", "-f", str(REPO / "Makefile"), "-C", str(tmp_path), "clean"],
        check=True,
        capture_output=True,
    )
    assert [p.name for p in tmp_path.iterdir()] == ["keep"]


@pytest.mark.parametrize(
    ("number", "words"), [(errno.EROFS, "只读"), (errno.ENOSPC, "磁盘空间已满")]
)
def test_read_only_or_full_disk_is_a_clear_error(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, words: str
) -> None:
    def fail(*_args: object, **_kwargs: object) -> str:
        raise OSError(number, os.strerror(number), str(tmp_path / "site"))

    monkeypatch.setattr(writer.tempfile, "mkdtemp", fail)
    result = run("build", "--no-cache", "--content", content_copy, "--site-dir", tmp_path / "site")
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output
    # fmt and import write files too: the same answer.
    monkeypatch.setattr("generator.core.safe_fs.tempfile.mkstemp", fail)
    card = content_copy / CARD
    card.write_text(card.read_text("utf-8").replace("年度: 2024", "年度:   2024"), "utf-8")
    result = run("fmt", "--content", content_copy)
    assert result.exit_code == 2 and words in result.output


def test_import_on_a_full_disk_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object, **_kwargs: object) -> str:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("generator.core.safe_fs.tempfile.mkstemp", fail)
    result = run("import", _form(tmp_path, "职工培训"), "--content", tmp_path / "content")
    assert result.exit_code == 2
    assert "磁盘空间已满" in result.output


def test_report_is_json_and_names_no_secret(tmp_path: Path, secret: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "departments.yaml").symlink_to(secret)
    report = tmp_path / "report.json"
    result = run("import", _form(tmp_path, "职工培训"), "--content", content, "--report", report)
    assert result.exit_code == 2
    assert not report.exists() or SECRET not in json.dumps(json.loads(report.read_text("utf-8")))


def test_import_does_not_follow_a_registry_code_out_of_content(tmp_path: Path) -> None:
    """A pull request sets a department's code to `../../x`; a later import must not use it."""
    content = tmp_path / "repo" / "content"
    content.mkdir(parents=True)
    (content / "departments.yaml").write_text(
        "部门:\n  - 代码: ../../escaped\n    名称: 上海市东海区总工会\n", "utf-8"
    )
    result = run("import", _form(tmp_path, "职工培训"), "--content", content)
    assert result.exit_code == 1
    assert "不合规" in result.output
    assert not (tmp_path / "escaped").exists()
    assert not list(tmp_path.rglob("zhi-gong-pei-xun.yaml"))


def test_a_link_under_content_is_not_published_by_mkdocs(
    content_copy: Path, tmp_path: Path, secret: Path
) -> None:
    """Even past the checks (a hidden folder the corpus skips), MkDocs does not copy a link.
    (A hidden name that is itself a link is a check error: see the test of hidden links.)"""
    hidden = content_copy / ".well-known"
    hidden.mkdir()
    (hidden / "token.txt").symlink_to(secret)
    site = tmp_path / "site"
    result = run("build", "--no-cache", "--content", content_copy, "--site-dir", site)
    assert result.exit_code == 0, result.output
    published = [p for p in site.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert published == []


def test_file_names_with_newlines_and_invalid_bytes_print_on_one_line(content_copy: Path) -> None:
    folder = os.fsencode(content_copy / DEPT)
    with open(folder + b"/\xff\n::error x.yaml", "wb") as stream:
        stream.write(b"x: 1\n")
    os.mkdir(os.fsencode(content_copy / "2024") + b"/\xfe")
    for output_format in ("text", "github", "json"):
        result = run("check", "--no-cache", "--content", content_copy, "--format", output_format)
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if "DCFF" in line]
        assert lines, result.output
        assert all("<U+000A>" in line for line in lines)
    github = run("check", "--no-cache", "--content", content_copy, "--format", "github").output
    assert not [line for line in github.splitlines() if line.startswith("::error x.yaml")]


def test_check_changed_shows_the_problems_of_a_file_with_a_newline_in_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "content", repo / "content")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    _git(repo, "checkout", "-q", "-b", "pr")
    (repo / "content" / DEPT / "evil\n.yaml").write_text("年度: 2024\n", "utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "hide")
    monkeypatch.chdir(repo)
    result = run("check", "--no-cache", "--changed", "--content", "content")
    assert result.exit_code == 1
    assert "evil<U+000A>.yaml: 错误[identity-slug]" in result.output
