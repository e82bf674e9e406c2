"""The rule set in force: French working-time law by default, replaceable as a whole.

Every limit is a field with its legal default and the article it comes from (docs/law.md).
`None` (or `False`) switches a rule off, which is how a scenario replaces French law by another rule set
(`preset: none`, as the Curtois & Qu benchmark does). A collective agreement and then a contract may
override any field: the effective rules of an employee are `group.rules ⊕ agreement ⊕ contract`.

References
- Code du travail L3121-16 (break), L3121-18/19 (daily maximum), L3121-20 (weekly maximum),
  L3121-22/23 (12-week average), L3121-27 (legal week), L3121-36 and D3121-24 (overtime and quota),
  L3121-41/44 (annualisation), L3121-58/64 (forfait jours), L3122-6/7/20 (night work),
  L3123-7/27 (part-time minimum), L3123-20/28/29 (complementary hours), L3131-1 and D3131-1 (daily rest),
  L3132-1/2/3 (weekly rest, Sunday), L3122-5/16/23 (who is a night worker), L3162-1/3, L3163-2,
  L3164-1/2/6/8 (under 18).
- Items marked [verify] in domain.md stay configurable; their defaults are documented there.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from engine.model.common import ClockTime, DomainModel, Id

Minutes = int

COMPLEMENTARY_PREMIUM_FLOOR = Decimal("0.10")
"""L3123-21: the lowest premium an agreement may set for a complementary hour."""


class Succession(DomainModel):
    """A shift kind that may not be followed by another kind on the next day."""

    first: str = Field(min_length=1)
    then: str = Field(min_length=1)


# Fields that a `preset: none` rule set switches off (None or False); all others keep their value.
_SWITCHABLE: dict[str, Any] = {
    "daily_max_minutes": None,
    "weekly_max_minutes": None,
    "rolling_avg_max_minutes": None,
    "daily_rest_minutes": None,
    "weekly_rest_minutes": None,
    "max_days_per_week": None,
    "sunday_rest": False,
    "break_threshold_minutes": None,
    "part_time_max_breaks": None,
    "part_time_max_break_minutes": None,
    "part_time_min_weekly_minutes": None,
    "complementary_ratio": None,
    "overtime_annual_quota_minutes": None,
    "night_daily_max_minutes": None,
    "night_avg_max_minutes": None,
    "minor_rules": False,
    "night_worker_days_per_week": None,
    "night_worker_reference_minutes": None,
    "travel_between_sites_is_work": False,
    "exclude_public_holidays": False,
}


class RuleSet(DomainModel):
    """Limits applied to each employee's total across all members (the GE is the single employer)."""

    preset: Literal["french_law", "none"] = "french_law"
    name: str = "Code du travail (défauts légaux)"

    # Durations (minutes). L3121-18: 10 h a day (12 h by agreement, L3121-19).
    daily_max_minutes: Minutes | None = Field(600, ge=1, le=1440)
    # L3121-20: 48 h in any week.
    weekly_max_minutes: Minutes | None = Field(2880, ge=1, le=10080)
    # L3121-22: 44 h a week on average over any 12 consecutive weeks (46 h by agreement, L3121-23).
    rolling_avg_weeks: int = Field(12, ge=1, le=52)
    rolling_avg_max_minutes: Minutes | None = Field(2640, ge=1, le=10080)
    # L3121-27: legal week of 35 h; L3121-35: the week runs Monday 00:00 to Sunday 24:00 by default.
    legal_weekly_minutes: Minutes = Field(2100, ge=1, le=10080)
    # L3131-1: 11 consecutive hours of daily rest (9 h by agreement, D3131-1).
    daily_rest_minutes: Minutes | None = Field(660, ge=0, le=2880)
    # L3132-2: weekly rest of 24 h + 11 h = 35 consecutive hours; L3132-1: at most 6 working days a week.
    weekly_rest_minutes: Minutes | None = Field(2100, ge=0, le=10080)
    max_days_per_week: int | None = Field(6, ge=1, le=7)
    # L3132-3: weekly rest is given on Sunday unless the host site has a derogation.
    sunday_rest: bool = True
    # L3121-16: a break of 20 consecutive minutes once work reaches 6 h.
    break_threshold_minutes: Minutes | None = Field(360, ge=1, le=1440)
    break_minutes: Minutes = Field(20, ge=0, le=240)
    # Part-time schedules (domain.md [verify]): at most one break a day, of at most 2 h; 7 days' notice.
    part_time_max_breaks: int | None = Field(1, ge=0, le=10)
    part_time_max_break_minutes: Minutes | None = Field(120, ge=0, le=1440)
    part_time_notice_days: int = Field(7, ge=0, le=60)
    # L3123-7: part-time contracts of at least 24 h a week unless a derogation (L3123-27).
    part_time_min_weekly_minutes: Minutes | None = Field(1440, ge=0, le=2100)
    # L3123-28: complementary hours at most 1/10 of the contract (1/3 by agreement, L3123-20), below 35 h.
    # This is the legal CAP only: the +10 % band always ends at the tenth (L3123-29, engine.hours).
    complementary_ratio: Decimal | None = Field(Decimal("0.1"), ge=0, le=Decimal("0.34"))
    # L3123-29: +10 % within the tenth, +25 % beyond (up to the cap); an agreement may set other rates,
    # never below +10 % (L3123-21).
    complementary_premium_low: Decimal = Field(Decimal("0.10"), ge=0, le=2)
    complementary_premium_high: Decimal = Field(Decimal("0.25"), ge=0, le=2)
    # L3121-36: hours 36 to 43 at +25 %, from the 44th at +50 %.
    overtime_premium_low: Decimal = Field(Decimal("0.25"), ge=0, le=2)
    overtime_premium_high: Decimal = Field(Decimal("0.50"), ge=0, le=2)
    overtime_high_after_minutes: Minutes = Field(2580, ge=0, le=10080)
    # D3121-24: annual overtime quota of 220 h.
    overtime_annual_quota_minutes: Minutes | None = Field(13200, ge=0, le=60000)
    # L3121-41/44: annualised contracts; beyond 1,607 h a year is overtime.
    annual_threshold_minutes: Minutes = Field(96420, ge=0, le=200000)
    # L3121-64 [verify]: forfait jours at most 218 days a year.
    forfait_max_days: int = Field(218, ge=1, le=366)
    # L3122-20: night period 21:00-06:00 by default; L3122-6/7: night worker 8 h a day, 40 h over 12 weeks.
    night_start: ClockTime = dt.time(21, 0)
    night_end: ClockTime = dt.time(6, 0)
    night_daily_max_minutes: Minutes | None = Field(480, ge=1, le=1440)
    night_avg_max_minutes: Minutes | None = Field(2400, ge=1, le=10080)
    # L3122-5: a night worker is whoever works at least 3 h of night time on at least two days a week, or
    # the agreement's count of night hours over a reference period (L3122-16), 270 h over 12 consecutive
    # months without an agreement (L3122-23): the status follows the schedule, not only the contract.
    night_worker_night_minutes: Minutes = Field(180, ge=1, le=1440)
    night_worker_days_per_week: int | None = Field(2, ge=1, le=7)
    night_worker_reference_minutes: Minutes | None = Field(16200, ge=1, le=527040)
    night_worker_reference_months: int = Field(12, ge=1, le=12)
    # L3162-1, L3163-2, L3164-1/2 [verify]: under 18.
    minor_rules: bool = True
    minor_daily_max_minutes: Minutes = Field(480, ge=1, le=1440)
    minor_weekly_max_minutes: Minutes = Field(2100, ge=1, le=10080)
    minor_daily_rest_minutes: Minutes = Field(720, ge=0, le=2880)
    minor_night_start: ClockTime = dt.time(22, 0)
    minor_night_end: ClockTime = dt.time(6, 0)
    minor_consecutive_rest_days: int = Field(2, ge=0, le=7)
    # L3162-3: no uninterrupted work beyond 4 h 30; a day of more than 4 h 30 holds 30 consecutive minutes
    # of break.
    minor_break_after_minutes: Minutes = Field(270, ge=1, le=1440)
    minor_break_minutes: Minutes = Field(30, ge=0, le=240)
    # L3164-6: no work on a public holiday under 18; L3164-8: an agreement may allow it in the sectors a
    # decree lists (also settable per site: `Site.minor_holiday_derogation`).
    minor_holiday_derogation: bool = False
    # Cass. crim. 2 Sept 2014 n°13-80.665: travel between two workplaces is effective working time.
    travel_between_sites_is_work: bool = True
    # Public holidays are not worked unless a need says so.
    exclude_public_holidays: bool = True
    # Premiums of the collective agreement (none unless the agreement sets them).
    sunday_premium_rate: Decimal = Field(Decimal("0"), ge=0, le=3)
    night_premium_rate: Decimal = Field(Decimal("0"), ge=0, le=3)
    holiday_premium_rate: Decimal = Field(Decimal("0"), ge=0, le=3)

    # General sequence rules a contract (or a whole rule set) can set; off by default.
    one_shift_per_day: bool = False
    min_consecutive_days: int | None = Field(None, ge=1, le=366)
    max_consecutive_days: int | None = Field(None, ge=1, le=366)
    min_consecutive_days_off: int | None = Field(None, ge=1, le=366)
    max_weekends: int | None = Field(None, ge=0, le=53)
    forbidden_successions: list[Succession] = Field(default_factory=list)
    max_shifts_per_kind: dict[str, int] = Field(default_factory=dict)
    min_total_minutes: Minutes | None = Field(None, ge=0)
    max_total_minutes: Minutes | None = Field(None, ge=0)
    # Runs of days touching the first or last day of the horizon continue outside it: exempt from minima.
    runs_at_horizon_edges_exempt: bool = False

    @field_validator("complementary_premium_low", "complementary_premium_high")
    @classmethod
    def _complementary_floor(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        """L3123-21: whatever an agreement sets, each complementary hour earns at least +10 %."""
        if info.data.get("preset", "french_law") == "french_law" and value < COMPLEMENTARY_PREMIUM_FLOOR:
            raise ValueError(
                f"{info.field_name} {value} is below 0.10: a complementary hour earns at least +10 % "
                "(L3123-21), whatever the agreement"
            )
        return value

    @model_validator(mode="before")
    @classmethod
    def _apply_preset(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("preset") == "none":
            filled = dict(_SWITCHABLE)
            filled["name"] = "Règles propres au scénario"
            filled.update(data)
            return filled
        return data

    @model_validator(mode="after")
    def _check_coherence(self) -> RuleSet:
        if (
            self.min_consecutive_days is not None
            and self.max_consecutive_days is not None
            and self.min_consecutive_days > self.max_consecutive_days
        ):
            raise ValueError("min_consecutive_days is above max_consecutive_days")
        if (
            self.min_total_minutes is not None
            and self.max_total_minutes is not None
            and self.min_total_minutes > self.max_total_minutes
        ):
            raise ValueError("min_total_minutes is above max_total_minutes")
        return self

    def with_overrides(self, overrides: dict[str, Any]) -> RuleSet:
        """This rule set with some fields replaced (an agreement's or a contract's)."""
        if not overrides:
            return self
        data = self.model_dump()  # keeps `preset`: every field is explicit, so no preset refills anything
        data.update(overrides)
        return RuleSet.model_validate(data)


RULE_FIELDS = frozenset(RuleSet.model_fields) - {"preset"}


def check_override_keys(overrides: dict[str, Any]) -> dict[str, Any]:
    """Validator for override dictionaries: every key must name a rule."""
    unknown = sorted(set(overrides) - RULE_FIELDS)
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(unknown)}")
    return overrides


class Agreement(DomainModel):
    """A collective agreement (convention collective) and the rules it changes."""

    id: Id
    name: str
    idcc: str | None = Field(None, pattern=r"^\d{1,4}$")
    rules: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_rules(self) -> Agreement:
        check_override_keys(self.rules)
        return self
