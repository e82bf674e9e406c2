"""`ge bill FILE --month YYYY-MM`: bill a month — invoices (HTML+PDF), exports, FEC, reconciliation."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from engine.errors import DomainError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bill",
        help="bill a month: invoices, exports, FEC and reconciliation",
        description="Bill a calendar month from a plan (or actual hours): one invoice per member (HTML and "
        "PDF, French), loan invoices of lenders, CSV/XLSX exports of the cost split and payroll variables, the "
        "FEC journal and a reconciliation to the cent. Hours are billed in the month they are worked; the "
        "complementary and overtime premiums of a week are settled in the month in which it ends. Invoice "
        "numbers come from a register in OUT/registre (re-running the same month re-uses the invoices already "
        "issued); numbering, storing and writing are all or nothing. Exit codes: 0 issued and reconciled; "
        "1 reconciliation failed (nothing issued) or internal error; 2 bad input, or the month refused (by a "
        "rule, the register, or unconfirmed warnings on the hours), nothing issued.",
    )
    p.add_argument("scenario", metavar="FILE", help="scenario YAML file")
    p.add_argument("--month", required=True, help="month to bill, YYYY-MM")
    p.add_argument("--plan", type=Path, help="plan JSON of the month (default: solve the scenario)")
    p.add_argument(
        "--previous-plan",
        type=Path,
        help="plan JSON of the previous month (the week straddling both months, a shift begun on its last day)",
    )
    p.add_argument(
        "--actuals", type=Path, help="timesheet CSV of actual hours (employee, member, date, start, end)"
    )
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.add_argument(
        "--register", type=Path, help="register directory (numbers, issued invoices); default OUT/registre"
    )
    p.add_argument("--issue-date", help="issue date YYYY-MM-DD (default: today)")
    p.add_argument("--no-pdf", action="store_true", help="skip PDF rendering")
    p.add_argument(
        "--accept-warnings",
        action="store_true",
        help="bill hours flagged as questionable (a shift ending before it starts, a day over the maximum, "
        "complementary hours beyond the cap, a month without hours) as they are; without it such a month "
        "is refused and every warning printed with its file and line",
    )
    p.add_argument(
        "--facturx",
        action="store_true",
        help="PDFs as Factur-X invoices (PDF/A-3 with the EN 16931 CII XML embedded; XML also written)",
    )
    p.set_defaults(handler=run)


def _read_plan(path: Path, month: str):  # type: ignore[no-untyped-def]
    """The plan file (every problem at once, engine.report.planfile), and it must be the billed month's."""
    from engine.errors import InputError, Problem
    from engine.report.planfile import read_plan

    plan = read_plan(path)
    if month and plan.month != month:
        raise InputError([Problem(str(path), "month", f"the plan is for {plan.month}, not {month}")])
    return plan


def run(args: argparse.Namespace) -> int:
    """Exit codes (docs/billing.md): 0 issued and reconciled; 1 the reconciliation failed (nothing issued) or
    an internal error; 2 bad input, or the month refused (a rule of law or of the register forbids it,
    warnings on the hours not confirmed) — nothing issued."""
    from engine.errors import SearchTimeout

    try:
        return _run(args)
    except SearchTimeout:
        raise
    except DomainError as exc:
        raise Refused(str(exc)) from None


class Refused(DomainError):
    """The month is refused as it stands (law, register, unconfirmed warnings): exit 2, nothing issued."""

    exit_code = 2


def _run(args: argparse.Namespace) -> int:
    from engine.billing.money import fr_amount
    from engine.billing.register import FileRegister
    from engine.billing.run import bill_month, require_confirmed
    from engine.billing.service import issue_and_write
    from engine.billing.timesheet import read_timesheet
    from engine.errors import InputError, Problem
    from engine.hours import spans_from_assignments
    from engine.loader import load_scenario
    from engine.timeutil import parse_month, previous_month

    try:
        parse_month(args.month)
    except ValueError as exc:
        raise InputError([Problem("--month", "", str(exc))]) from None
    issue_date = dt.date.today()
    if args.issue_date:
        try:
            issue_date = dt.date.fromisoformat(args.issue_date)
        except ValueError:
            raise InputError(
                [Problem("--issue-date", "", f"{args.issue_date!r} is not a date YYYY-MM-DD")]
            ) from None
    scenario = load_scenario(args.scenario)
    previous = []
    if args.previous_plan:
        previous = spans_from_assignments(
            _read_plan(args.previous_plan, previous_month(args.month)).assignments,
            scenario,
            str(args.previous_plan),
        )
    if args.actuals:
        spans = read_timesheet(args.actuals, scenario)
        source = f"actual hours {args.actuals}"
    else:
        if args.plan:
            plan = _read_plan(args.plan, args.month)
            origin, source = str(args.plan), f"plan {args.plan}"
        else:
            try:
                from engine.solver import solve
            except ImportError:
                raise DomainError("a plan is needed: give --plan PLAN.json or --actuals hours.csv") from None
            print(f"no --plan given: solving {args.month} first…", file=sys.stderr)
            plan = solve(scenario, args.month)
            origin, source = f"plan {args.month}", "the plan solved now"
        spans = spans_from_assignments(plan.assignments, scenario, origin)
    bill = bill_month(scenario, args.month, spans, previous)
    first, last = bill.period
    print(f"{scenario.group.name} — billing {args.month} ({first} to {last}) from {source}")
    for note in bill.warnings:
        print(f"note: {note}")
    label = "accepted warning" if args.accept_warnings else "warning"
    for flag in bill.flags:
        print(f"{label}: {flag}", file=sys.stderr)
    # the refusal of a stored run too (persistence.billing_runs): exit 2, nothing issued
    require_confirmed(bill, accepted=args.accept_warnings, confirm="run again with --accept-warnings")
    rec = bill.reconciliation
    if not rec.ok:
        print(f"reconciliation: FAILED — nothing issued for {args.month}", file=sys.stderr)
        for f in rec.failures:
            print(f"  {f}", file=sys.stderr)
        return 1
    register = FileRegister(args.register or args.out / "registre")
    issued, outputs = issue_and_write(
        bill, scenario, register, args.out, issue_date, pdf=not args.no_pdf, facturx=args.facturx
    )

    width = max([len(d.buyer.name) for d in issued] + [10])
    print(f"{'number':<22} {'client':<{width}} {'HT':>14} {'TVA':>12} {'TTC':>14}")
    for d in issued:
        print(
            f"{d.number:<22} {d.buyer.name:<{width}} {fr_amount(d.total_ht_cents):>14} "
            f"{fr_amount(d.total_vat_cents):>12} {fr_amount(d.total_ttc_cents):>14}"
        )
    print(
        f"payroll cost {fr_amount(rec.payroll_cents)} = billed {fr_amount(rec.billed_cents)} "
        f"+ borne by the group {fr_amount(rec.borne_by_group_cents)}"
    )
    for loan in rec.loans:
        print(
            f"loan {loan.loan}: cost {fr_amount(loan.cost_cents)} = billed to {loan.host} "
            f"{fr_amount(loan.billed_cents)} + borne by {loan.lender} {fr_amount(loan.borne_by_lender_cents)}"
        )
    print("reconciliation: OK")
    print(
        f"written: {len(outputs.invoices)} invoice files, {len(outputs.exports)} exports, "
        f"{len(outputs.fec)} FEC files, reconciliation in {args.out}"
    )
    return 0
