"""`ge bench billing`: a year of billing for a large synthetic group (docs/benchmarks.md, ## Billing).

The synthetic group is built here (seeded, fast): members with one site each, a mix of part-time (24 h) and
full-time (35 h) employees, each with three regular members and working four days a week in two half-day
spans at them, with travel between two members' sites. Worked spans are made directly (the solver is not
what this measures), one month at a time as a real run loads them. For each month: hours settled with the
previous month's straddling week, costs split, drafts priced, questionable hours read, invoices issued
(in-memory register, one transaction a month), reconciliation; at the end the FEC of the year. Only those
steps are timed (wall and process CPU time: on a shared machine the wall time mostly measures the other
jobs). PDF rendering is left out (measured separately with --pdf-sample).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import time
from decimal import Decimal
from typing import Any

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "billing",
        help="bill a synthetic group for several months",
        description="A year of billing for N employees and M members: wall time and peak RSS.",
    )
    p.add_argument("--employees", type=arguments.count, default=1000)
    p.add_argument("--members", type=arguments.count, default=200)
    p.add_argument("--months", type=arguments.count, default=12)
    p.add_argument("--year", type=arguments.year, default=2026)
    p.add_argument("--seed", type=arguments.natural, default=1)
    p.add_argument(
        "--pdf-sample", type=arguments.natural, default=0, help="also render N invoices to PDF and time them"
    )
    p.set_defaults(handler=run)


def build_scenario(employees: int, members: int, year: int, seed: int) -> Any:
    from engine.model import Scenario

    rng = random.Random(seed)
    addr = {"street": "1 rue du Test", "postcode": "69003", "city": "Lyon"}
    data: dict[str, Any] = {
        "name": "bench",
        "group": {
            "id": "ge",
            "name": "GE Bench",
            "siren": "123456782",
            "vat_number": "FR11123456782",
            "address": addr,
            "pricing_profiles": [
                {"id": "coef", "default": {"mode": "coefficient", "coefficient": "1.87"}},
                {
                    "id": "fee",
                    "default": {"mode": "cost_plus_fee", "fee_percent": "0.08", "fee_per_hour": "0.5"},
                },
            ],
            "default_pricing_profile": "coef",
            "billing": {"annual_fee": "120"},
        },
        "members": [
            {
                "id": f"m{i}",
                "name": f"Adhérent {i}",
                "siren": f"{100000000 + i}",
                "address": addr,
                "joined_on": "2020-01-01",
                "created_on": "2005-01-01",
                "headcount": 20,
                "pricing_profile": "fee" if i % 3 == 0 else None,
                "comparable_wages": {"compta": "15.50"} if i % 5 == 0 else {},
                "sites": [
                    {
                        "id": f"s{i}",
                        "name": f"Site {i}",
                        "address": addr,
                        "location": {"lat": 45.5 + rng.random(), "lon": 4.5 + rng.random()},
                    }
                ],
            }
            for i in range(members)
        ],
        "employees": [
            {
                "id": f"e{j}",
                "name": f"Salarié {j}",
                "contract": (
                    {"kind": "cdi_part_time", "start": f"{year - 1}-01-01", "weekly_hours": 24}
                    if j % 5 < 3
                    else {"kind": "cdi_full_time", "start": f"{year - 1}-01-01", "weekly_hours": 35}
                ),
                "hourly_wage": Decimal("12.50") + Decimal(j % 40) / 10,
                "skills": ["compta"],
                "home": {"lat": 45.7, "lon": 4.8},
                "vehicle": {"fiscal_hp": 3 + j % 5, "yearly_km": 3000 + 100 * (j % 90)},
            }
            for j in range(employees)
        ],
    }
    return Scenario.model_validate(data)


def build_spans(scenario: Any, month: str, seed: int) -> list[Any]:
    from engine.hours import WorkedSpan
    from engine.timeutil import month_days, window, zone

    tz = zone(scenario.group.timezone)
    rng = random.Random(f"{seed}-{month}")
    members = [m.id for m in scenario.members]
    am, pm = (dt.time(8, 0), dt.time(12, 0)), (dt.time(13, 30), dt.time(17, 30))
    windows: dict[tuple[dt.date, dt.time], tuple[dt.datetime, dt.datetime]] = {}
    out = []
    for index, emp in enumerate(scenario.employees):
        own = random.Random(f"{seed}-{emp.id}").sample(members, k=min(3, len(members)))  # regular members
        off = (index + rng.randrange(2)) % 5
        for day in month_days(month):
            if day.weekday() >= 5 or day.weekday() == off:
                continue
            first, second = rng.choice(own), rng.choice(own)
            for (start, end), mem, travel in ((am, first, False), (pm, second, first != second)):
                key = (day, start)
                if key not in windows:
                    windows[key] = window(day, start, end, tz)
                begin, finish = windows[key]
                out.append(
                    WorkedSpan(
                        emp.id,
                        mem,
                        f"s{mem[1:]}",
                        day,
                        begin,
                        finish,
                        skill="compta",
                        travel_minutes=25 if travel else 0,
                        travel_km=Decimal("18.5") if travel else Decimal(0),
                        travel_from=f"s{first[1:]}" if travel else None,
                    )
                )
    return out


def run(args: argparse.Namespace) -> int:
    import os

    from engine.billing.costs import CostContext
    from engine.billing.fec import fec_lines
    from engine.billing.flags import questionable_hours
    from engine.billing.issuing import issue_all
    from engine.billing.nogc import collector_paused
    from engine.billing.register import MemoryRegister
    from engine.billing.run import bill_month
    from engine.timeutil import previous_month

    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    scenario = build_scenario(args.employees, args.members, args.year, args.seed)
    months = [f"{args.year}-{m:02d}" for m in range(1, args.months + 1)]
    previous = build_spans(scenario, previous_month(months[0]), args.seed)
    t_build = time.perf_counter() - t0
    n_spans = 0

    # Each month's spans are built when it is billed (as a real run loads one month's plan and the previous
    # one), and only billing is timed: wall and CPU time are summed over the billing steps.
    register = MemoryRegister()
    ctx = CostContext(scenario)
    issued_count, ok, n_flags = 0, True, 0
    t_bill = cpu_bill = t_flags = cpu_flags = 0.0
    per_month = []
    for month in months:
        tb = time.perf_counter()
        current = build_spans(scenario, month, args.seed)
        t_build += time.perf_counter() - tb
        n_spans += len(current)
        tm, cm = time.perf_counter(), time.process_time()
        bill = bill_month(scenario, month, current, previous, context=ctx, check_hours=False)
        last = bill.period[1]
        with register.transaction() as (sequence, store):  # a run's numbers and documents, all or nothing
            issued = issue_all(bill.documents, sequence, store, last + dt.timedelta(days=3))
        issued_count += len(issued)
        ok = ok and bill.reconciliation.ok
        per_month.append(time.perf_counter() - tm)
        t_bill += per_month[-1]
        cpu_bill += time.process_time() - cm
        # The questionable-hours check (the checker on the worked hours), timed apart.
        tq, cq = time.perf_counter(), time.process_time()
        with collector_paused():  # as bill_month runs it
            n_flags += len(questionable_hours(scenario, month, current, previous))
        t_flags += time.perf_counter() - tq
        cpu_flags += time.process_time() - cq
        previous = current
    tf, cf = time.perf_counter(), time.process_time()
    fec = fec_lines(register.store.all(), scenario.group, dt.date(args.year, 6, 1))
    t_bill += time.perf_counter() - tf
    cpu_bill += time.process_time() - cf
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ge bench billing: {args.employees} employees, {args.members} members, {args.months} months, "
        f"{n_spans} worked spans, {os.cpu_count()} cores"
    )
    print(f"  synthetic data built in {t_build:.2f} s (not counted)")
    print(f"  load average before: {load_before:.1f}")
    print(
        f"  billing (hours, costs, splits, pricing, issuing, reconciliation, FEC): wall {t_bill:.2f} s, "
        f"CPU {cpu_bill:.2f} s ({min(per_month):.2f}–{max(per_month):.2f} s wall a month)"
    )
    print(
        f"  questionable-hours check (checker on the worked hours): wall {t_flags:.2f} s, CPU {cpu_flags:.2f} s, "
        f"{n_flags} warnings"
    )
    print(f"  load average at the end: {os.getloadavg()[0]:.1f} (wall time inflates on a busy machine)")
    print(
        f"  {issued_count} invoices issued, {len(fec)} FEC lines, reconciliation {'OK' if ok else 'FAILED'}"
    )
    print(f"  peak RSS {rss_mb:.0f} MB")
    if args.pdf_sample:
        from engine.billing.render import render_pdf

        docs = register.store.all()[: args.pdf_sample]
        tp = time.perf_counter()
        for doc in docs:
            render_pdf(doc)
        print(f"  PDF rendering: {len(docs)} invoices in {time.perf_counter() - tp:.2f} s")
    return 0 if ok else 1
