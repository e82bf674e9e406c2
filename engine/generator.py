"""Synthetic employer groups of any size, for benchmarks and tests (`ge generate`).

Why demand is built from supply: a benchmark instance is only useful if it resembles a real month — most
needs can be staffed legally, some cannot, and the solver has to choose. So each employee gets a
"bundle" of needs shaped like real GE work (half-days at 2-4 nearby members for part-timers, full days for
full-timers, harvest blocks for seasonal staff) whose weekly hours are 90-120 % of the contract (about 100 % once cut into slots), at
members within ~40 km of the employee's home. Bundles that land on the same slot of the same member
merge into one need with a larger head count; some needs become one-off dates, some have priorities,
preferred employees, or night windows at derogated sites. Absences (~5 % of staff) and wishes complete it.

Everything comes from one `random.Random(seed)`: the same arguments give the same scenario, byte for byte.
The result is plain data (what a YAML file holds); `generate_scenario` also validates it with the loader.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.generator_data import (
    FAMILIES,
    FIRST_NAMES,
    LEGAL_FORMS,
    REGIONS,
    SECTOR_WEIGHTS,
    STREETS,
    SURNAMES,
    TOWN_STEMS,
    TOWN_SUFFIXES,
    TRADES,
)
from engine.model import Scenario
from engine.timeutil import month_bounds, next_month
from engine.travel import haversine_km

MAX_REACH_KM = 40.0
REGION_RADIUS_KM = 60.0
SMIC = Decimal("12.02")

AM, PM = ("08:30", "12:00"), ("13:30", "17:00")
WORKDAYS = (0, 1, 2, 3, 4)
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class _Member:
    id: str
    sector: str
    lat: float
    lon: float
    sites: list[dict[str, Any]]
    derogation: bool


@dataclass
class _Employee:
    id: str
    family: str
    skills: list[str]
    weekly_hours: Decimal
    kind: str
    lat: float
    lon: float
    start: dt.date
    end: dt.date | None
    busy: set[tuple[int, str]] = field(default_factory=set)  # (weekday, "am"/"pm") already in the bundle
    hosts: list[str] = field(default_factory=list)  # members the bundle went to


def generate_data(
    employees: int, members: int, seed: int, month: str = "2026-03", months: int = 1
) -> dict[str, Any]:
    """A synthetic scenario as plain data (dates, Decimals, 'HH:MM' strings), deterministic for a seed.

    `months` > 1 makes a season starting with `month`: recurring needs, one-off dates, contracts and
    absences spread over its months (`ge bench solve --horizon-months`); one month is the same group as
    before."""
    if employees < 1 or members < 1:
        raise ValueError("a group needs at least one employee and one member")
    if employees > 20000 or members > 5000:
        raise ValueError("at most 20,000 employees and 5,000 members")
    if not 1 <= months <= 12:
        raise ValueError("a season of 1 to 12 months")
    rng = random.Random(seed)
    first, last = month_bounds(month)
    for _ in range(months - 1):
        last = month_bounds(next_month(f"{last.year:04d}-{last.month:02d}"))[1]
    region = rng.choice(REGIONS)
    gen = _Generator(rng, region, first, last, month)
    member_list = [gen.member(i) for i in range(members)]
    staff = [gen.employee(i, member_list) for i in range(employees)]
    for emp in staff:
        gen.bundle(emp, member_list)
    return {
        "version": 1,
        "name": f"GE synthétique {region[0]} — {employees} salariés, {members} adhérents (graine {seed})",
        "month": month,
        "group": gen.group(),
        "agreements": [
            {
                "id": "metallurgie",
                "name": "Convention collective nationale de la métallurgie",
                "idcc": "3248",
                "rules": {"daily_max_minutes": 720, "complementary_ratio": Decimal("0.3333")},
            },
        ],
        "members": [gen.member_data(m) for m in member_list],
        "employees": [gen.employee_data(e) for e in staff],
        "needs": gen.needs_data(),
        "travel": {"road_factor": Decimal("1.3"), "average_speed_kmh": Decimal("55")},
    }


def generate_scenario(
    employees: int, members: int, seed: int, month: str = "2026-03", months: int = 1
) -> Scenario:
    """`generate_data` validated by the loader (same checks as a file)."""
    from engine.loader import scenario_from_data

    data = generate_data(employees, members, seed, month, months)
    return scenario_from_data(data, f"<generated seed {seed}>")


class _Generator:
    def __init__(
        self,
        rng: random.Random,
        region: tuple[str, float, float, str],
        first: dt.date,
        last: dt.date,
        month: str,
    ):
        self.rng = rng
        self.city, self.lat0, self.lon0, self.dept = region
        self.first, self.last, self.month = first, last, month
        self.sirens: set[str] = set()
        self.needs: dict[tuple[Any, ...], dict[str, Any]] = {}
        span = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        self.workdays = [d for d in span if d.weekday() < 5]

    # --- places and identities -----------------------------------------------------------------------
    def point(self, lat: float, lon: float, radius_km: float) -> tuple[float, float]:
        """A uniform random point in a disc (km → degrees with the local scale of longitude)."""
        r = radius_km * math.sqrt(self.rng.random())
        angle = self.rng.random() * 2 * math.pi
        dlat = r * math.cos(angle) / 111.2
        dlon = r * math.sin(angle) / (111.2 * math.cos(math.radians(lat)))
        return round(lat + dlat, 4), round(lon + dlon, 4)

    def address(self) -> dict[str, str]:
        town = self.rng.choice(TOWN_STEMS) + self.rng.choice(TOWN_SUFFIXES)
        postcode = f"{self.dept}{self.rng.randint(0, 99) * 10:03d}"
        street = f"{self.rng.randint(1, 180)} {self.rng.choice(STREETS)}"
        return {"street": street, "postcode": postcode, "city": town}

    def siren(self) -> str:
        while True:
            digits = [self.rng.randint(1, 9)] + [self.rng.randint(0, 9) for _ in range(7)]
            total = sum(_luhn_digit(d, i) for i, d in enumerate(reversed(digits), start=1))
            candidate = "".join(map(str, digits)) + str((10 - total % 10) % 10)
            if candidate not in self.sirens:
                self.sirens.add(candidate)
                return candidate

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def group(self) -> dict[str, Any]:
        siren = self.siren()
        return {
            "id": "ge-synthetique",
            "name": f"GE Partage Emploi {self.city}",
            "siren": siren,
            "vat_number": _vat(siren),
            "address": self.address() | {"city": self.city},
            "pricing_profiles": [
                {
                    "id": "standard",
                    "default": {"mode": "coefficient", "coefficient": Decimal("1.87")},
                    "by_contract_kind": {"seasonal": {"mode": "coefficient", "coefficient": Decimal("1.72")}},
                },
                {
                    "id": "cout-plus",
                    "default": {
                        "mode": "cost_plus_fee",
                        "fee_percent": Decimal("0.05"),
                        "fee_per_hour": Decimal("1.20"),
                    },
                },
            ],
            "default_pricing_profile": "standard",
        }

    # --- members -------------------------------------------------------------------------------------
    def member(self, index: int) -> _Member:
        rng = self.rng
        sector = rng.choices([s for s, _ in SECTOR_WEIGHTS], [w for _, w in SECTOR_WEIGHTS])[0]
        lat, lon = self.point(self.lat0, self.lon0, REGION_RADIUS_KM)
        mid = f"m{index + 1:04d}"
        derogation = sector == "industrie" and rng.random() < 0.04
        sites: list[dict[str, Any]] = [
            {
                "id": f"{mid}-s1",
                "name": "Site principal",
                "address": self.address(),
                "location": {"lat": lat, "lon": lon},
            }
        ]
        if derogation:
            sites[0].update({"sunday_derogation": True, "night_derogation": True})
        if rng.random() < 0.1:
            lat2, lon2 = self.point(lat, lon, 8)
            sites.append(
                {
                    "id": f"{mid}-s2",
                    "name": "Second site",
                    "address": self.address(),
                    "location": {"lat": lat2, "lon": lon2},
                }
            )
        return _Member(mid, sector, lat, lon, sites, derogation)

    def member_data(self, m: _Member) -> dict[str, Any]:
        rng = self.rng
        siren = self.siren()
        headcount = int(rng.lognormvariate(3.0, 0.9)) + 2
        created = dt.date(rng.randint(1960, 2020), rng.randint(1, 12), 1)
        joined = max(created, dt.date(rng.randint(2005, 2025), rng.randint(1, 12), 1))
        joined = min(joined, self.first)
        created = min(created, joined)
        name = f"{rng.choice(LEGAL_FORMS[m.sector])} {rng.choice(TRADES[m.sector])} {rng.choice(SURNAMES)}"
        data: dict[str, Any] = {
            "id": m.id,
            "name": name,
            "siren": siren,
            "vat_number": _vat(siren),
            "address": m.sites[0]["address"],
            "joined_on": joined,
            "created_on": created,
            "headcount": headcount,
            "sites": m.sites,
        }
        if m.sector == "agricole" and rng.random() < 0.4:
            data["vat_regime"] = "not_liable"
            data.pop("vat_number")
        if rng.random() < 0.15:
            data["pricing_profile"] = "cout-plus"
        return data

    # --- employees -----------------------------------------------------------------------------------
    def employee(self, index: int, members: list[_Member]) -> _Employee:
        rng = self.rng
        anchor = rng.choice(members)
        families = [f for f, fam in FAMILIES.items() if anchor.sector in fam.sectors]
        family = rng.choices(families, [FAMILIES[f].weight for f in families])[0]
        skills = list(FAMILIES[family].skills[: rng.choice((1, 1, 2))])
        roll = rng.random()
        start = dt.date(rng.randint(2012, 2025), rng.randint(1, 12), 1)
        end: dt.date | None = None
        if roll < 0.08 and family in ("agricole", "logistique"):
            kind, hours = "seasonal", Decimal("35")
            start = self.first + dt.timedelta(days=rng.randint(0, 10))
            end = self.last + dt.timedelta(days=rng.randint(0, 40))
        elif roll < 0.12:
            kind, hours = "cdd", Decimal(rng.choice(("24", "28", "35")))
            start = self.first - dt.timedelta(days=rng.randint(0, 120))
            end = self.last + dt.timedelta(days=rng.randint(20, 150))
        elif roll < 0.14 and family in ("maintenance", "comptabilite", "administration"):
            kind, hours = "work_study", Decimal("35")
            start = dt.date(self.first.year - 1, 9, 1)
            end = dt.date(self.first.year + 1, 8, 31)
        elif roll < 0.64:
            kind, hours = "cdi_part_time", Decimal(rng.choice(("17.5", "20", "21", "24", "24", "28", "28")))
        else:
            kind, hours = "cdi_full_time", Decimal("35")
        home = self.point(anchor.lat, anchor.lon, 18)
        return _Employee(f"e{index + 1:04d}", family, skills, hours, kind, home[0], home[1], start, end)

    def employee_data(self, e: _Employee) -> dict[str, Any]:
        rng = self.rng
        fam = FAMILIES[e.family]
        if e.kind == "work_study":
            wage = (SMIC * Decimal(rng.choice(("0.53", "0.61", "0.78")))).quantize(Decimal("0.01"))
            rate = Decimal("0.05")
        else:
            wage = Decimal(str(round(rng.uniform(*fam.wage), 2))).max(SMIC)
            rate = (
                Decimal("0.30") if wage < Decimal("14") else Decimal(str(round(rng.uniform(0.38, 0.45), 2)))
            )
        contract: dict[str, Any] = {"kind": e.kind, "start": e.start, "weekly_hours": e.weekly_hours}
        if e.end is not None:
            contract["end"] = e.end
        if e.weekly_hours < 24:
            contract["part_time_derogation"] = True
        if e.family == "maintenance" and rng.random() < 0.6:
            contract["agreement"] = "metallurgie"
        data: dict[str, Any] = {
            "id": e.id,
            "name": self.person(),
            "contract": contract,
            "hourly_wage": wage,
            "employer_contribution_rate": rate,
            "skills": e.skills,
            "home": {"lat": e.lat, "lon": e.lon},
        }
        absences = self.absences()
        if absences:
            data["absences"] = absences
        roll = rng.random()
        if roll < 0.08:
            data["wishes"] = [
                {
                    "kind": "avoid",
                    "weekday": rng.choice(WEEKDAY_NAMES[:5]),
                    "weight": rng.choice((10, 15, 20)),
                }
            ]
        elif roll < 0.15 and e.hosts:
            data["wishes"] = [{"kind": "want", "member": rng.choice(e.hosts), "weight": 10}]
        return data

    def absences(self) -> list[dict[str, Any]]:
        rng = self.rng
        roll = rng.random()
        if roll >= 0.07 or not self.workdays:
            return []
        start = rng.choice(self.workdays)
        length = rng.randint(1, 5) if roll < 0.05 else rng.randint(1, 3)
        kind = "paid_leave" if roll < 0.05 else rng.choice(("sickness", "training"))
        return [{"kind": kind, "start": start, "end": start + dt.timedelta(days=length - 1)}]

    # --- demand --------------------------------------------------------------------------------------
    def nearby(self, e: _Employee, members: list[_Member]) -> list[_Member]:
        """Members within reach of the employee's home, nearest first; sector fit preferred."""
        fam = FAMILIES[e.family]
        scored = []
        dlat = MAX_REACH_KM / 111.0  # cheap box first: haversine only for members that may be in reach
        dlon = dlat / math.cos(math.radians(e.lat))
        for m in members:
            if abs(m.lat - e.lat) > dlat or abs(m.lon - e.lon) > dlon:
                continue
            km = haversine_km(e.lat, e.lon, m.lat, m.lon)
            if km <= MAX_REACH_KM:
                scored.append((m.sector not in fam.sectors, km, m.id, m))
        scored.sort(key=lambda t: t[:3])
        return [t[3] for t in scored] or [
            min(members, key=lambda m: haversine_km(e.lat, e.lon, m.lat, m.lon))
        ]

    def bundle(self, e: _Employee, members: list[_Member]) -> None:
        """Needs worth 90-120 % of the employee's contract (85-110 % once rounded to slots), at 1-4 members within reach."""
        rng = self.rng
        target = float(e.weekly_hours) * rng.uniform(0.9, 1.2)
        near = self.nearby(e, members)
        count = 1 if e.kind == "seasonal" else min(len(near), rng.choice((2, 2, 3, 3, 4)))
        hosts = rng.sample(near[: max(count, min(len(near), 6))], count)
        e.hosts = [h.id for h in hosts]
        if e.kind == "seasonal":
            self.seasonal_block(e, hosts[0], target)
            return
        fam = FAMILIES[e.family]
        full = e.weekly_hours >= 35
        hours = 0.0
        turn = 0
        while hours < target - 1.5 and len(e.busy) < 10:
            host = hosts[turn % len(hosts)]
            turn += 1
            if full and len(e.busy) <= 6 and rng.random() < 0.6:
                day = self.free_day(e)
                if day is None:
                    break
                e.busy |= {(day, "am"), (day, "pm")}
                window = fam.full_day
                hours += _hours(window)
                days = [day]
            else:
                slot = self.free_half(e)
                if slot is None:
                    break
                day, half = slot
                e.busy.add(slot)
                window = AM if half == "am" else PM
                days = [day]
                if rng.random() < 0.35 and hours + 2 * _hours(window) <= target + 1.5:
                    other = next((d for d in rng.sample(WORKDAYS, 5) if (d, half) not in e.busy), None)
                    if other is not None:
                        e.busy.add((other, half))
                        days.append(other)
                hours += _hours(window) * len(days)
            self.add_need(host, e, window, sorted(days))

    def free_day(self, e: _Employee) -> int | None:
        free = [d for d in WORKDAYS if (d, "am") not in e.busy and (d, "pm") not in e.busy]
        return self.rng.choice(free) if free else None

    def free_half(self, e: _Employee) -> tuple[int, str] | None:
        free = [(d, h) for d in WORKDAYS for h in ("am", "pm") if (d, h) not in e.busy]
        return self.rng.choice(free) if free else None

    def add_need(self, host: _Member, e: _Employee, window: tuple[str, str], days: list[int]) -> None:
        rng = self.rng
        site = rng.choice(host.sites)["id"]
        skill = rng.choice(e.skills)
        oneoff = rng.random() < 0.08
        if oneoff:
            dates = sorted(rng.sample(self.workdays, min(len(self.workdays), rng.randint(1, 3))))
            key: tuple[Any, ...] = (site, skill, window, tuple(dates))
        else:
            key = (site, skill, window, tuple(days))
        if key in self.needs:
            self.needs[key]["headcount"] += 1
            return
        need: dict[str, Any] = {
            "id": f"n{len(self.needs) + 1:05d}",
            "member": host.id,
            "site": site,
            "skill": skill,
            "start": window[0],
            "end": window[1],
            "headcount": 1,
        }
        if oneoff:
            need["dates"] = list(key[3])
            need["description"] = rng.choice(("Inventaire", "Audit", "Renfort ponctuel", "Formation interne"))
        else:
            need.update(
                {
                    "weekdays": [WEEKDAY_NAMES[d] for d in days],
                    "from_date": self.first,
                    "until_date": self.last,
                }
            )
        roll = rng.random()
        if roll < 0.03:
            need["priority"] = "critical"
        elif roll < 0.13:
            need["priority"] = "high"
        elif roll < 0.28:
            need["priority"] = "low"
        if rng.random() < 0.2:
            need["preferred_employees"] = [e.id]
        self.needs[key] = need
        if host.derogation and skill == "maintenance" and rng.random() < 0.5:
            self.night_need(host, skill)

    def night_need(self, host: _Member, skill: str) -> None:
        site = host.sites[0]["id"]
        key = (site, skill, ("22:00", "06:00"), (5,))
        if key not in self.needs:
            self.needs[key] = {
                "id": f"n{len(self.needs) + 1:05d}",
                "member": host.id,
                "site": site,
                "skill": skill,
                "kind": "N",
                "description": "Arrêt technique de nuit",
                "start": "22:00",
                "end": "06:00",
                "headcount": 1,
                "weekdays": ["sat"],
                "from_date": self.first,
                "until_date": self.last,
                "priority": "high",
            }

    def seasonal_block(self, e: _Employee, host: _Member, target: float) -> None:
        """A harvest-like block: full days Monday to Saturday over two to three weeks of the contract."""
        rng = self.rng
        fam = FAMILIES[e.family]
        begin = max(self.first, e.start)
        until = min(self.last, begin + dt.timedelta(days=rng.randint(13, 20)))
        if until <= begin:
            return
        site = host.sites[0]["id"]
        skill = e.skills[0]
        key = (site, skill, fam.full_day, begin, until)
        if key in self.needs:
            self.needs[key]["headcount"] += 1
            return
        days = max(1, round(target / _hours(fam.full_day)))
        weekdays = sorted(rng.sample(range(6), min(6, days)))
        self.needs[key] = {
            "id": f"n{len(self.needs) + 1:05d}",
            "member": host.id,
            "site": site,
            "skill": skill,
            "description": "Pointe saisonnière",
            "start": fam.full_day[0],
            "end": fam.full_day[1],
            "headcount": 1,
            "weekdays": [WEEKDAY_NAMES[d] for d in weekdays],
            "from_date": begin,
            "until_date": until,
            "priority": "high",
        }

    def needs_data(self) -> list[dict[str, Any]]:
        return list(self.needs.values())


def _hours(window: tuple[str, str]) -> float:
    (h1, m1), (h2, m2) = (map(int, t.split(":")) for t in window)
    return ((h2 * 60 + m2 - h1 * 60 - m1) % 1440) / 60


def _luhn_digit(digit: int, position: int) -> int:
    """Luhn weight of a digit counted from the right, the check digit being position 0."""
    if position % 2 == 1:
        digit *= 2
        return digit - 9 if digit > 9 else digit
    return digit


def _vat(siren: str) -> str:
    """French intra-EU VAT number of a SIREN: FR + key (12 + 3 × (SIREN mod 97)) mod 97."""
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
