"""Re-planning after an absence changes only what it must; pins and the past stay."""

import datetime as dt
from typing import Any

import pytest

import engine.solver.search.replan as replan_module
from engine.errors import DomainError, ScenarioError, SearchTimeout
from engine.solver import SolveOptions
from engine.solver.model.build import build
from engine.solver.search.replan import ChangeRequest, apply_change, neighbourhood, replan
from tests.solver.conftest import day, employee, need, scenario, solve_small

OPTIONS = {"greedy_hint": False}


def month() -> tuple:
    needs = [
        need("a", "08:00", "12:00", [day(d) for d in range(2, 7)]),
        need("b", "13:00", "17:00", [day(d) for d in range(2, 7)]),
    ]
    sc = scenario([employee("e"), employee("f"), employee("g")], needs)
    return sc, solve_small(sc)


def deterministic() -> SolveOptions:
    return SolveOptions(time_limit=None, deterministic_time=20.0, workers=1, seed=1, greedy_hint=False)


def test_an_absence_moves_only_the_absent_persons_assignments() -> None:
    sc, published = month()
    absent = next(a.employee for a in published.assignments if a.date == dt.date(2026, 3, 4))
    lost = {
        a.occurrence_id
        for a in published.assignments
        if a.employee == absent and a.date == dt.date(2026, 3, 4)
    }
    result = replan(
        sc,
        published,
        ChangeRequest(absences=[(absent, dt.date(2026, 3, 4), dt.date(2026, 3, 4))]),
        options=deterministic(),
    )
    removed = [c for c in result.changes if c.kind == "removed"]
    assert lost
    assert {f"{c.need}@{c.date.isoformat()}" for c in removed} == lost
    assert all(c.employee == absent for c in removed)
    added = [c for c in result.changes if c.kind == "added"]
    assert len(added) == len(removed)  # someone else takes each one, nothing else moves
    assert not result.plan.unfilled


def test_a_change_within_seven_days_needs_the_employees_agreement() -> None:
    sc, published = month()
    absent = next(a.employee for a in published.assignments if a.date == dt.date(2026, 3, 4))
    result = replan(
        sc,
        published,
        ChangeRequest(
            absences=[(absent, dt.date(2026, 3, 4), dt.date(2026, 3, 4))], today=dt.date(2026, 3, 2)
        ),
        options=deterministic(),
    )
    assert result.changes and all(c.needs_agreement for c in result.changes)
    assert result.plan.cost_terms["changes"] > 0


def test_assignments_before_today_stay_as_published() -> None:
    sc, published = month()
    absent = next(a.employee for a in published.assignments if a.date == dt.date(2026, 3, 4))
    result = replan(
        sc,
        published,
        ChangeRequest(
            absences=[(absent, dt.date(2026, 3, 2), dt.date(2026, 3, 6))], today=dt.date(2026, 3, 4)
        ),
        options=deterministic(),
    )
    before = {
        (a.employee, a.occurrence_id)
        for a in published.assignments
        if a.date < dt.date(2026, 3, 4) and a.employee != absent
    }
    after = {(a.employee, a.occurrence_id) for a in result.plan.assignments}
    assert before <= after


def test_a_published_pin_that_is_also_a_scenario_pin_counts_once() -> None:
    needs = [need("a", "08:00", "12:00", [day(d) for d in range(2, 7)])]
    pins = [{"employee": "e", "need": "a", "date": day(3)}]
    sc = scenario([employee("e"), employee("f")], needs, pins=pins)
    published = solve_small(sc)
    assert any(a.pinned for a in published.assignments)
    result = replan(
        sc,
        published,
        ChangeRequest(absences=[("f", dt.date(2026, 3, 5), dt.date(2026, 3, 5))]),
        options=deterministic(),
    )
    assert ("e", "a", dt.date(2026, 3, 3)) in {(a.employee, a.need, a.date) for a in result.plan.assignments}


def test_nothing_is_added_before_today_even_where_a_head_was_unfilled() -> None:
    needs = [need("a", "08:00", "12:00", [day(2), day(9)])]
    sc = scenario([employee("e")], needs)
    published = solve_small(sc).model_copy(update={"assignments": []})  # as if nobody had been free
    today = dt.date(2026, 3, 5)
    result = replan(sc, published, ChangeRequest(today=today), options=deterministic())
    dates = {a.date for a in result.plan.assignments}
    assert dt.date(2026, 3, 2) not in dates  # the past stays as published
    assert dt.date(2026, 3, 9) in dates  # the future is re-planned


def test_a_local_replan_keeps_every_assignment_away_from_the_absence_days() -> None:
    sc, published = month()
    absent = next(a.employee for a in published.assignments if a.date == dt.date(2026, 3, 4))
    result = replan(
        sc,
        published,
        ChangeRequest(absences=[(absent, dt.date(2026, 3, 4), dt.date(2026, 3, 4))]),
        options=deterministic(),
        scope="local",
    )
    elsewhere = {
        (a.employee, a.occurrence_id) for a in published.assignments if a.date != dt.date(2026, 3, 4)
    }
    assert elsewhere <= {(a.employee, a.occurrence_id) for a in result.plan.assignments}
    assert all(c.date == dt.date(2026, 3, 4) for c in result.changes)


def test_the_neighbourhood_offers_the_opened_shift_to_every_qualified_colleague() -> None:
    sc, published = month()
    lost = next(a for a in published.assignments if a.date == dt.date(2026, 3, 4))
    change = ChangeRequest(absences=[(lost.employee, dt.date(2026, 3, 4), dt.date(2026, 3, 4))])
    area = neighbourhood(sc, apply_change(sc, change), published, change)
    assert area.opened == {
        a.occurrence_id
        for a in published.assignments
        if a.employee == lost.employee and a.date == dt.date(2026, 3, 4)
    }
    assert {(e.id, lost.occurrence_id) for e in sc.employees} <= area.allowed
    assert all(key.endswith("2026-03-04") is False for _, key in area.fixed)


def absent_on_the_4th(sc: Any, published: Any, absent: str) -> Any:
    """The re-plan of `absent` away on 4 March (deterministic)."""
    day4 = dt.date(2026, 3, 4)
    return replan(sc, published, ChangeRequest(absences=[(absent, day4, day4)]), options=deterministic())


def scopes_solved(
    monkeypatch: pytest.MonkeyPatch, first_local_fails_with: DomainError
) -> tuple[list[str], Any]:
    """Re-plan an absence where the first local build fails as given: the scopes built, in order, and
    the result."""
    sc, published = month()
    absent = next(a.employee for a in published.assignments if a.date == dt.date(2026, 3, 4))
    scopes: list[str] = []

    def solve(*args: object, allowed: object = None, **kwargs: object) -> object:
        scopes.append("local" if allowed is not None else "month")
        if len(scopes) == 1:
            raise first_local_fails_with
        return build(*args, allowed=allowed, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(replan_module, "build", solve)
    return scopes, absent_on_the_4th(sc, published, absent)


def test_a_local_replan_falls_back_to_the_whole_month_when_the_neighbourhood_has_no_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scopes, result = scopes_solved(monkeypatch, DomainError("no legal plan exists"))
    assert scopes == ["local", "month"]
    assert not result.plan.unfilled


def test_a_local_replan_that_finds_nothing_in_time_searches_its_model_again_not_the_month(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc, published = month()
    absent = next(a.employee for a in published.assignments if a.date == dt.date(2026, 3, 4))
    scopes: list[str] = []
    searches: list[object] = []
    real_run = replan_module.run

    def solve(*args: object, allowed: object = None, **kwargs: object) -> object:
        scopes.append("local" if allowed is not None else "month")
        return build(*args, allowed=allowed, **kwargs)  # type: ignore[arg-type]

    def search(built: object, options: SolveOptions, **kwargs: object) -> object:
        searches.append(built)
        if len(searches) == 1:
            raise SearchTimeout("no plan found within the limits")
        return real_run(built, options, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(replan_module, "build", solve)
    monkeypatch.setattr(replan_module, "run", search)
    result = absent_on_the_4th(sc, published, absent)
    assert scopes == ["local"]  # built once
    assert len(searches) == 2 and searches[0] is searches[1]  # the same model searched again
    assert not result.plan.unfilled


def test_an_unknown_replan_scope_is_refused() -> None:
    sc, published = month()
    with pytest.raises(ValueError, match="scope"):
        replan(sc, published, ChangeRequest(), options=deterministic(), scope="week")


def test_a_local_replan_with_a_past_keeps_to_its_neighbourhood(monkeypatch: pytest.MonkeyPatch) -> None:
    sc, published = month()
    absent = next(a.employee for a in published.assignments if a.date == dt.date(2026, 3, 5))
    scopes = []

    def solve(*args: object, allowed: object = None, **kwargs: object) -> object:
        scopes.append("local" if allowed is not None else "month")
        return build(*args, allowed=allowed, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(replan_module, "build", solve)
    change = ChangeRequest(
        absences=[(absent, dt.date(2026, 3, 5), dt.date(2026, 3, 5))], today=dt.date(2026, 3, 4)
    )
    replan(sc, published, change, options=deterministic())
    assert scopes == ["local"]


def test_a_local_replan_claims_no_bound_for_the_month() -> None:
    sc, published = month()
    absent = next(a.employee for a in published.assignments if a.date == dt.date(2026, 3, 4))
    change = ChangeRequest(absences=[(absent, dt.date(2026, 3, 4), dt.date(2026, 3, 4))])
    facts = replan(sc, published, change, options=deterministic()).plan.solver
    assert facts is not None
    assert facts.status == "FEASIBLE" and facts.bound is None and facts.gap is None


def test_an_absence_the_day_a_night_shift_ends_opens_that_shift_to_colleagues() -> None:
    sc = scenario([employee("e"), employee("f")], [need("n", "22:00", "06:00", [day(3)])])
    published = solve_small(sc)
    (night,) = published.assignments
    change = ChangeRequest(absences=[(night.employee, dt.date(2026, 3, 4), dt.date(2026, 3, 4))])
    assert neighbourhood(sc, apply_change(sc, change), published, change).opened == {night.occurrence_id}
    result = replan(sc, published, change, options=deterministic(), scope="local")
    (taken,) = result.plan.assignments
    assert taken.employee != night.employee
    assert not result.plan.unfilled


def test_replanning_leaves_the_callers_options_as_they_were() -> None:
    sc, published = month()
    absent = next(a.employee for a in published.assignments if a.date == dt.date(2026, 3, 4))
    options = SolveOptions(time_limit=5.0, workers=1, seed=1, greedy_hint=False)
    change = ChangeRequest(absences=[(absent, dt.date(2026, 3, 4), dt.date(2026, 3, 4))])
    replan(sc, published, change, options=options)
    assert options.time_limit == 5.0 and options.hint is None


def two_members_with_a_pin_at_the_second() -> tuple:
    from tests.solver.conftest import member, site

    members = [
        member("m", [site("a", sunday_derogation=True)]),
        member("n", [site("b", 45.76, 4.84, sunday_derogation=True)], siren="222222226"),
    ]
    needs = [
        need("a", "08:00", "12:00", [day(d) for d in range(2, 7)]),
        need("b", "13:00", "17:00", [day(d) for d in range(2, 7)], site_id="b", member_id="n"),
    ]
    pins = [{"employee": "e", "need": "b", "date": day(5)}]
    sc = scenario([employee("e"), employee("f")], needs, members=members, pins=pins)
    return sc, solve_small(sc)


def test_a_member_leaving_drops_the_pins_on_its_needs_after_its_last_day() -> None:
    sc, published = two_members_with_a_pin_at_the_second()
    assert any(a.need == "b" and a.date == dt.date(2026, 3, 5) and a.pinned for a in published.assignments)
    last_day = dt.date(2026, 3, 3)
    result = replan(sc, published, ChangeRequest(members_leaving=[("n", last_day)]), options=deterministic())
    assert not [a for a in result.plan.assignments if a.member == "n" and a.date > last_day]
    removed = {(c.need, c.date) for c in result.changes if c.kind == "removed"}
    assert ("b", dt.date(2026, 3, 5)) in removed
    assert all(a.member == "m" or a.date <= last_day for a in result.plan.assignments)


def test_a_new_need_without_its_member_is_reported_by_field_not_as_a_key_error() -> None:
    sc, _ = month()
    bad = {"id": "z", "site": "a", "skill": "s", "start": "08:00", "end": "12:00", "dates": [day(9)]}
    with pytest.raises(ScenarioError) as caught:
        apply_change(sc, ChangeRequest(new_needs=[bad]))
    assert [p.path for p in caught.value.problems] == ["needs[2].member"]
