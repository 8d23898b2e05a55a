"""Which folders each shard of a site holds: chosen from the tree alone, every folder once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.core.diagnostics import JixiaoUserError
from generator.load.corpus import load_corpus
from generator.load.shards import all_shards, parse_shard
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shards") / "content"
    synth.generate(root, 90, seed=5, years=(2022, 2023, 2024))
    return root


def _all_folders(content: Path) -> set[tuple[str, str]]:
    return {(d.parent.name, d.name) for d in content.glob("*/*") if d.is_dir()}


def test_year_shards_hold_each_year_whole(content: Path) -> None:
    shards = all_shards(content, "year")
    assert [s.spec for s in shards] == ["year:2022", "year:2023", "year:2024"]
    assert [s.name for s in shards] == ["year-2022", "year-2023", "year-2024"]
    assert shards[0].label == "2022 年度"
    for shard in shards:
        assert {year for year, _ in shard.folders} == {shard.name.removeprefix("year-")}
    assert set().union(*(s.folders for s in shards)) == _all_folders(content)


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_department_groups_partition_every_folder_once(content: Path, count: int) -> None:
    shards = all_shards(content, "departments", count)
    held = [folder for shard in shards for folder in shard.folders]
    assert len(held) == len(set(held))
    assert set(held) == _all_folders(content)
    # Every year of a department is in one shard: its lineage and its page stay whole.
    owner = {}
    for shard in shards:
        for _, department in shard.folders:
            assert owner.setdefault(department, shard.name) == shard.name


def test_department_groups_are_balanced_by_files(content: Path) -> None:
    shards = all_shards(content, "departments", 3)
    sizes = [sum(len(list((content / y / d).glob("*.yaml"))) for y, d in s.folders) for s in shards]
    assert len(shards) == 3
    assert max(sizes) <= 2 * min(sizes), sizes


def test_a_shard_build_reads_only_its_folders(content: Path, tmp_path: Path) -> None:
    shard = parse_shard(content, "year:2023")
    corpus = load_corpus(content, folders=shard.folders)
    whole = load_corpus(content)
    assert corpus.ok
    assert {p.year_dir for p in corpus.projects} == {"2023"}
    assert len(corpus.projects) == sum(1 for p in whole.projects if p.year_dir == "2023")
    # A broken file in another year does not stop this shard (CI checks the whole content).
    broken = next((content / "2024").glob("*/*.yaml"))
    saved = broken.read_bytes()
    try:
        broken.write_text("项目名称: [", encoding="utf-8")
        assert load_corpus(content, folders=shard.folders).ok
        assert not load_corpus(content).ok
    finally:
        broken.write_bytes(saved)


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("year:1999", "没有 1999/"),
        ("departments:0/3", "1 ≤ K ≤ N"),
        ("departments:4/3", "1 ≤ K ≤ N"),
        ("departments:1/999", "1 ≤ K ≤ N"),
        ("2024", "无法识别分片"),
        ("year:2024;rm -rf /", "无法识别分片"),
    ],
)
def test_a_wrong_shard_is_refused_in_words(content: Path, spec: str, words: str) -> None:
    with pytest.raises(JixiaoUserError, match=words.replace("/", "/")):
        parse_shard(content, spec)


def test_an_empty_group_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    synth.generate(content, 4, seed=1)
    departments = {d for _, d in _all_folders(content)}
    count = len(departments) + 2
    listed = all_shards(content, "departments", count)
    assert len(listed) == len(departments)  # the empty groups are not listed
    empty = next(
        k for k in range(1, count + 1) if f"departments:{k}/{count}" not in {s.spec for s in listed}
    )
    with pytest.raises(JixiaoUserError, match="这一组没有主管部门"):
        parse_shard(content, f"departments:{empty}/{count}")


def test_the_cli_lists_shards_as_the_ci_matrix_reads_them(content: Path) -> None:
    import json

    import yaml
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["shards", "--content", str(content), "--by", "year"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert [item["spec"] for item in listed] == ["year:2022", "year:2023", "year:2024"]
    workflow = yaml.safe_load(
        (REPO / ".github" / "workflows" / "publish-shards.yml").read_text(encoding="utf-8")
    )
    run = next(step for step in workflow["jobs"]["shard"]["steps"] if "run" in step)
    assert run["env"] == {"SPEC": "${{ matrix.shard.spec }}", "NAME": "${{ matrix.shard.name }}"}
    assert 'jixiao check --shard "$SPEC"' in run["run"]
    assert set(listed[0]) >= {"spec", "name"}
    refused = CliRunner().invoke(
        main, ["build", "--content", str(content), "--shard", "year:1888", "--site-dir", "x"]
    )
    assert refused.exit_code == 2
    assert "没有 1888/ 年度目录" in refused.output


def test_check_reads_one_shard(content: Path, tmp_path: Path) -> None:
    """`jixiao check --shard`: an archive larger than one check's file limit is checked shard
    by shard; a broken file in another shard is not this shard's problem."""
    from click.testing import CliRunner

    from generator.cli import main

    broken = next((content / "2024").glob("*/*.yaml"))
    saved = broken.read_bytes()
    try:
        broken.write_text("项目名称: [", encoding="utf-8")
        runner = CliRunner()
        other = runner.invoke(main, ["check", "--content", str(content), "--shard", "year:2023"])
        assert other.exit_code == 0, other.output
        assert "检查了" in other.output
        mine = runner.invoke(main, ["check", "--content", str(content), "--shard", "year:2024"])
        assert mine.exit_code == 1
        assert broken.name in mine.output
    finally:
        broken.write_bytes(saved)
