"""The event reader of engine.yamlio gives what PyYAML's composer gives: the same data, lines and
duplicate keys, and leaves what it does not handle to the composer."""

from __future__ import annotations

import pytest

from engine import yamlio
from tests.foundation.helpers import MINIMAL, SHIPPED

TRICKY = """\
plain: [1, -2, 0x1F, 0b11, 07300, 1_000, 2.50, .5, 1e3, 8:30, yes, No, ~, null, '', "3"]
dates: {a: 2026-03-01, b: 2026-03-01 08:00:00, c: 2026-02-30}
anchored: &base {x: 1, y: [a, b]}
again: *base
scalar: &s hello
scalar_again: *s
empty:
twice: 1
twice: 2
nested:
  - {k: v, k2: [1, {deep: true}]}
  - - inner
"""


@pytest.mark.parametrize("text", [TRICKY, MINIMAL.read_text(encoding="utf-8")], ids=["tricky", "minimal"])
def test_event_reader_gives_the_composers_data_lines_and_duplicates(text):
    data, lines, dupes = yamlio._read_events(text)
    slow, problems = yamlio._read_composed(text, "x.yaml")
    assert slow is not None
    assert data == slow.data
    assert [type(v) for v in data.get("plain", [])] == [type(v) for v in slow.data.get("plain", [])]
    aliased = {"again", "scalar_again"}  # the alias's own line here, its anchor's in the composer's
    assert {k: v for k, v in lines.items() if k in slow.lines and k not in aliased} == {
        k: v for k, v in slow.lines.items() if k in lines and k not in aliased
    }
    if "again" in lines:
        assert (lines["again"], lines["scalar_again"]) == (4, 6)
    assert [(p.path, p.line) for p in problems] == dupes


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_event_reader_reads_the_shipped_scenarios_as_the_composer_does(path):
    text = path.read_text(encoding="utf-8")
    data, lines, dupes = yamlio._read_events(text)
    slow, problems = yamlio._read_composed(text, str(path))
    assert slow is not None and data == slow.data and lines == slow.lines and dupes == [] == problems


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str 12\n",
        "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
        "a: 1\n---\nb: 2\n",
        "a: *nowhere\n",
        "a: &m [*m]\n",
        "a: [1, 2\n",
    ],
    ids=["explicit tag", "merge key", "two documents", "undefined alias", "recursive alias", "malformed"],
)
def test_what_the_event_reader_leaves_aside_is_read_by_the_composer(text):
    with pytest.raises(yamlio._Unusual):
        yamlio._read_events(text)
    assert yamlio.read_yaml(text, "x.yaml") == yamlio._read_composed(text, "x.yaml") or (
        _same(yamlio.read_yaml(text, "x.yaml"), yamlio._read_composed(text, "x.yaml"))
    )


def _same(a, b):
    (la, pa), (lb, pb) = a, b
    return (la is None) == (lb is None) and (la is None or la.data == lb.data) and pa == pb


def test_a_generated_group_reads_as_the_same_scenario_through_either_reader(tmp_path):
    from engine.generator import generate_data
    from engine.loader import load_scenario, scenario_from_data

    path = tmp_path / "g.yaml"
    path.write_text(yamlio.dump_yaml(generate_data(60, 12, 2, "2026-03")), encoding="utf-8")
    composed, problems = yamlio._read_composed(path.read_text(encoding="utf-8"), str(path))
    assert composed is not None and problems == []
    assert load_scenario(path) == scenario_from_data(composed.data)
