"""YAML that attacks the parser: absurd nesting (libyaml's composer recurses in C and segfaults past
~20,000 levels), alias and merge-key bombs. Run in child processes with a memory cap, so a
regression shows as a failed test, not a dead test run."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repotui.core.loader import load_file
from repotui.core.problems import Severity
from repotui.core.yamlsafe import (
    MAX_DEPTH,
    MergeBombError,
    NestingError,
    check_depth,
    load_with_lines,
    nesting_bound,
    safe_load_all,
)

CHILD = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: a bomb fails, not the machine
    from repotui.core.loader import load_file
    import json
    record, problems = load_file(Path(sys.argv[1]))
    extra = None if record is None else dict(record.extra)
    print(json.dumps([record is None, "|".join(p.message for p in problems), extra]))
""")


def load_in_child(path: Path) -> tuple[bool, str, dict[str, str] | None]:
    """(refused, the problems' messages, the loaded record's extra fields) of loading `path`."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, f"child died with {done.returncode}: {done.stderr[-500:]}"
    refused, messages, extra = json.loads(done.stdout)
    return refused, messages, extra


@pytest.mark.skipif(sys.platform == "win32", reason="uses resource limits")
@pytest.mark.parametrize(("name", "message"), [
    ("bad_deep_nesting.yaml", "collections are nested"),
    ("bad_deep_block_nesting.yaml", "collections are nested"),
    ("bad_billion_laughs.yaml", "the record expands to more than 200,000 values"),
])
def test_bombs_are_refused_in_bounded_memory(name: str, message: str, hostile_dir: Path) -> None:
    refused, messages, _ = load_in_child(hostile_dir / name)
    assert refused
    assert message in messages


def depth_of(text: str) -> int:
    """The real nesting depth, from libyaml's (iterative) event stream."""
    depth = deepest = 0
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return deepest


def nest(opener: str, levels: int) -> str:
    """A record whose `n` field holds `levels` nested collections of one kind."""
    if opener == "a:":
        return "title: t\nn:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(levels - 1)) + " " * levels + "a: x\n"
    if opener in ("- ", "? "):
        return "title: t\nn:\n" + opener * levels + "x\n"
    closer = "]" if opener == "[" else "}"
    return "title: t\nn: " + opener * levels + "x" + closer * levels + "\n"


def pyyaml_copies_merged_pairs() -> bool:
    """PyYAML up to 6.0.3 copies every pair a merge key brings in (`<<: [*a, *a]` doubles a
    mapping); 6.0.4 keeps one pair per key."""
    loader = yaml.SafeLoader("- &a {k: 1}\n- {<<: [*a, *a]}\n")
    merged = loader.get_single_node().value[1]
    loader.flatten_mapping(merged)
    return len(merged.value) > 1


@pytest.mark.skipif(sys.platform == "win32", reason="uses resource limits")
def test_merge_bomb_in_bounded_memory(hostile_dir: Path) -> None:
    """39 levels of doubling merges, in a child with 1 GiB: refused by our budget where PyYAML
    copies merged pairs, else loaded with its last mapping holding each of its two keys once."""
    refused, messages, extra = load_in_child(hostile_dir / "merge_bomb.yaml")
    if pyyaml_copies_merged_pairs():
        assert refused and "merge keys (<<) expand to more than 10,000 fields" in messages
    else:
        assert not refused and extra is not None and extra["bomb"] == "k0: 1; j0: 2"


@pytest.mark.parametrize("opener", ["[", "{a: ", "- ", "a:", "? "])
def test_depth_limit_is_exact(opener: str) -> None:
    at_limit = next(nest(opener, n) for n in range(MAX_DEPTH - 5, MAX_DEPTH + 5)
                    if depth_of(nest(opener, n)) == MAX_DEPTH)
    over = next(nest(opener, n) for n in range(MAX_DEPTH - 5, MAX_DEPTH + 5)
                if depth_of(nest(opener, n)) == MAX_DEPTH + 1)
    assert nesting_bound(over) > MAX_DEPTH  # the cheap bound never lets a too-deep text through
    check_depth(at_limit)
    with pytest.raises(NestingError) as info:
        check_depth(over)
    assert info.value.problem_mark is not None
    if opener != "? ":  # complex keys are refused anyway (unhashable), not for their depth
        load_with_lines(at_limit)
        with pytest.raises(NestingError):
            load_with_lines(over)


def test_aliases_add_no_depth() -> None:
    text = "title: t\na: &a [[[x]]]\nb: [*a, *a, [*a]]\n" + "c: [" + ", ".join(["*a"] * 200) + "]\n"
    check_depth(text)
    data, _lines, _keep = load_with_lines(text)
    assert data["b"][2][0] == [[["x"]]]


def test_bound_is_cheap_for_normal_records() -> None:
    """Most real records skip the event parse; those that do not still pass it."""
    shipped = Path(__file__).resolve().parents[2] / "records"
    texts = [p.read_text(encoding="utf-8") for p in sorted(shipped.rglob("*.yaml"))]
    assert texts
    assert sum(nesting_bound(t) <= MAX_DEPTH for t in texts) >= 0.8 * len(texts)
    for text in texts:
        check_depth(text)


def test_colons_and_dashes_in_prose_do_not_refuse() -> None:
    text = "title: t\nabstract: |\n" + "  Note: a - b ? c: d - e: f\n" * 500
    check_depth(text)
    data, _lines, _keep = load_with_lines(text)
    assert data["abstract"].count("Note:") == 500


# -- fuzzing the loader -------------------------------------------------------------------------

YAMLISH = st.lists(st.sampled_from([*"[]{}:-?,&*!|>'\"#%@` \n\t\\abcxyz019.",
                                    "title: ", "\n  ", "- ", "&a ", "*a", "<<: ", "!!str ", "\x1b",
                                    "\u202e", "\ufeff", "...\n", "---\n", "!!python/object:os.system"]),
                   max_size=120).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | YAMLISH.map(str.encode))
def test_load_file_never_raises(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(raw)
    record, problems = load_file(path)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert (record is None) == bool(errors)
    for problem in problems:
        assert problem.path == path and problem.message and "\n" not in problem.message
        assert problem.line is None or 1 <= problem.line <= raw.count(b"\n") + 2


# -- safe_load_all: the same guards for YAML that is not one record (importers) ----------------

def test_safe_load_all_reads_streams() -> None:
    assert safe_load_all("- title: a\n---\n- title: b\n") == [[{"title": "a"}], [{"title": "b"}]]


def test_safe_load_all_refuses_bombs() -> None:
    with pytest.raises(yaml.YAMLError, match="nest"):  # ours, or the scanner's own limit in newer libyaml
        safe_load_all("- n: " + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(yaml.constructor.ConstructorError):
        safe_load_all("- !!python/object/apply:os.system [id]\n")
    bomb = "- &a0 {k0: 1, j0: 2}\n" + "".join(f"- &a{i} {{<<: [*a{i - 1}, *a{i - 1}]}}\n" for i in range(1, 30))
    try:
        docs = safe_load_all(bomb)
    except MergeBombError:
        return  # PyYAML <= 6.0.3 copies pairs: our budget refuses
    assert len(docs[0][-1]) == 2  # PyYAML 6.0.4 keeps one pair per key: defused
