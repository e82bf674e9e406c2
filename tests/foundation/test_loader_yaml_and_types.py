"""Malformed YAML, duplicate keys, clock times, unknown fields and wrong types: clean messages, lines."""

from __future__ import annotations

import datetime as dt

from tests.foundation.helpers import MINIMAL, check_data, check_text, errors, minimal, only_error


def test_malformed_yaml_reports_its_line_and_column():
    problems = check_text("name: x\ngroup: {id: g, name: G\nmembers: []\n")
    assert len(problems) == 1
    assert problems[0].line == 3
    assert problems[0].message.startswith("malformed YAML")
    assert "started at line 2" in problems[0].message


def test_tab_indentation_is_explained():
    problems = check_text("group:\n\tid: g\n")
    assert problems[0].line == 2
    assert "indent with spaces" in problems[0].message


def test_a_key_given_twice_is_an_error_at_the_second():
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  name: GE Mini\n", "  name: GE Mini\n  name: GE Maxi\n", 1
    )
    problems = errors(check_text(text))
    assert [(p.path, p.line) for p in problems] == [("group.name", 7)]
    assert "given twice" in problems[0].message


def test_unquoted_clock_time_is_read_as_a_time_not_a_base_60_number():
    text = MINIMAL.read_text(encoding="utf-8").replace('start: "08:30"', "start: 8:30", 1)
    from engine.loader import check_scenario_text

    scenario, problems = check_scenario_text(text)
    assert errors(problems) == []
    assert scenario is not None and scenario.needs[0].start.isoformat() == "08:30:00"


def test_clock_time_given_as_a_number_is_explained():
    data = minimal()
    data["needs"][0]["start"] = 510
    problem = only_error(data)
    assert problem.path == "needs[0].start"
    assert "'HH:MM'" in problem.message


def test_impossible_clock_time_is_reported_with_its_value():
    data = minimal()
    data["needs"][0]["end"] = "25:00"
    problem = only_error(data)
    assert problem.path == "needs[0].end" and "'25:00'" in problem.message


def test_unknown_field_suggests_the_real_one():
    data = minimal()
    data["employees"][0]["contract"]["weekly_hour"] = data["employees"][0]["contract"].pop("weekly_hours")
    found = {p.path: p.message for p in errors(check_data(data))}
    assert "did you mean 'weekly_hours'" in found["employees[0].contract.weekly_hour"]


def test_unknown_top_level_section_is_reported():
    data = minimal()
    data["employes"] = []
    problem = only_error(data)
    assert problem.path == "employes" and "did you mean 'employees'" in problem.message


def test_comma_in_an_unquoted_flow_value_is_explained():
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "address: {street: 2 rue A,", "address: {street: 2, rue A,", 1
    )
    messages = [p.message for p in errors(check_text(text))]
    assert any("quote the value" in m for m in messages), messages


def test_unknown_rule_in_an_agreement_is_reported_at_the_rule_with_a_suggestion():
    data = minimal()
    data["agreements"] = [{"id": "a", "name": "A", "rules": {"daily_max_minute": 720}}]
    problem = only_error(data)
    assert problem.path == "agreements[0].rules.daily_max_minute"
    assert "did you mean 'daily_max_minutes'" in problem.message


def test_rule_override_with_a_wrong_value_is_reported_at_the_rule():
    data = minimal()
    data["employees"][0]["contract"]["rules"] = {"daily_max_minutes": 2000}
    problem = only_error(data)
    assert problem.path == "employees[0].contract.rules.daily_max_minutes"


def test_missing_group_section_is_one_clean_error():
    data = minimal()
    del data["group"]
    problem = only_error(data)
    assert (problem.path, problem.message) == ("group", "required field is missing")


def test_list_given_where_a_mapping_is_expected_is_explained():
    data = minimal()
    data["group"] = ["ge-mini"]
    problem = only_error(data)
    assert problem.path == "group" and "expected a mapping" in problem.message


def test_mapping_given_where_a_list_is_expected_is_explained():
    data = minimal()
    data["employees"] = {"e1": data["employees"][0]}
    problem = only_error(data)
    assert problem.path == "employees" and "expected a list" in problem.message


def test_list_item_that_is_not_a_mapping_is_explained():
    data = minimal()
    data["members"].append("m3")
    problem = only_error(data)
    assert problem.path == "members[2]" and "got a text 'm3'" in problem.message


def test_text_where_a_list_of_skills_is_expected_is_explained():
    data = minimal()
    data["employees"][0]["skills"] = "comptabilite"
    assert "expected a list" in only_error(data).message


def test_empty_file_is_one_clean_error():
    problems = check_text("")
    assert [p.message for p in problems] == [
        "the file is empty; it must hold a mapping (group:, members:, …)"
    ]


def test_file_holding_a_list_is_one_clean_error():
    assert "is a list" in check_text("- a\n- b\n")[0].message


def test_unknown_weekday_lists_the_accepted_names():
    data = minimal()
    data["needs"][0]["weekdays"] = ["mon", "funday"]
    problem = only_error(data)
    assert problem.path == "needs[0].weekdays[1]"
    assert "write mon, tue, wed, thu, fri, sat or sun" in problem.message


def test_french_weekday_names_are_accepted():
    data = minimal()
    data["needs"][0]["weekdays"] = ["lundi", "jeu"]
    assert errors(check_data(data)) == []


def test_unknown_enum_value_lists_the_choices():
    data = minimal()
    data["needs"][0]["priority"] = "urgent"
    problem = only_error(data)
    assert "'critical', 'high', 'normal' or 'low'" in problem.message


def test_non_utf8_file_is_one_clean_error(tmp_path):
    from engine.loader import check_scenario_file

    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Société\n".encode("latin-1"))
    scenario, problems = check_scenario_file(path)
    assert scenario is None and "UTF-8" in problems[0].message


def test_missing_file_is_one_clean_error(tmp_path):
    from engine.loader import check_scenario_file

    _, problems = check_scenario_file(tmp_path / "absent.yaml")
    assert [p.message for p in problems] == ["file not found"]


def test_unquoted_postcode_with_a_leading_zero_stays_text():
    text = MINIMAL.read_text(encoding="utf-8").replace('postcode: "69002"', "postcode: 07300", 1)
    from engine.loader import check_scenario_text

    scenario, problems = check_scenario_text(text)
    assert errors(problems) == []
    assert scenario is not None and scenario.members[0].address.postcode == "07300"


def test_unquoted_siren_is_explained_with_the_quotes_to_add():
    text = MINIMAL.read_text(encoding="utf-8").replace('siren: "111111118"', "siren: 111111118", 1)
    problem = errors(check_text(text))[0]
    assert problem.path == "members[0].siren" and 'write it in quotes ("111111118")' in problem.message


def test_recursive_alias_is_one_clean_error():
    problems = check_text("group: {id: g}\nmembers: &m [*m]\n")
    assert len(problems) == 1 and "refers to the mapping or list that contains it" in problems[0].message


def test_aliases_that_explode_are_refused_before_expanding(monkeypatch):
    monkeypatch.setattr("engine.yamlio.MAX_VALUES", 5000)  # the real limit behaves the same, only slower
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    problems = check_text("\n".join(lines) + "\n")
    assert len(problems) == 1 and "more than" in problems[0].message


def test_python_tags_are_refused_as_malformed():
    problems = check_text("group: !!python/object:os.system {}\n")
    assert problems[0].message.startswith("malformed YAML")


def test_an_impossible_unquoted_date_is_a_clean_error_at_its_field():
    text = MINIMAL.read_text(encoding="utf-8").replace("joined_on: 2020-01-01", "joined_on: 2026-02-30", 1)
    problems = errors(check_text(text))
    assert [p.path for p in problems] == ["members[0].joined_on"]
    assert problems[0].line == 19 and "2026-02-30" in problems[0].message


def test_an_impossible_date_is_read_as_text_by_both_yaml_readers():
    from engine.yamlio import _read_composed, read_yaml

    fast, _ = read_yaml("when: 2026-02-30\nok: 2026-02-28\n", "x.yaml")
    slow, _ = _read_composed("when: 2026-02-30\nok: 2026-02-28\n", "x.yaml")
    assert fast is not None and slow is not None
    assert fast.data == slow.data == {"when": "2026-02-30", "ok": dt.date(2026, 2, 28)}
