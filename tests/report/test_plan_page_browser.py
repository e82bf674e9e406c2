"""plan.html in a real browser: at 1,400 px the whole month shows without horizontal scrolling and no
element hides part of its content (a cut name or time). Needs Chromium (Debian's `chromium`); skipped
without it."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from engine.generator import generate_scenario
from engine.model import Assignment, Plan
from engine.report.html import render_plan_html
from engine.timeutil import month_days, zone

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PROBE = """<script>
const cut = [...document.querySelectorAll("*")].filter(
  e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible");
document.title = JSON.stringify({page: document.documentElement.scrollWidth, view: window.innerWidth,
  cut: cut.map(e => e.tagName + "." + e.className + ": " + e.textContent.slice(0, 30))});
</script></body>"""


def _busy_month() -> tuple[object, Plan]:
    """20 employees and 20 members; every employee on two shifts every day with the widest times."""
    sc = generate_scenario(employees=20, members=20, seed=7)
    tz = zone(sc.group.timezone)
    need = sc.needs[0].id
    assignments = []
    for i, employee in enumerate(sc.employees):
        for d in month_days("2026-03"):
            member = sc.members[(i + d.day) % len(sc.members)]
            for start, end in (((10, 30), (12, 30)), ((13, 30), (17, 30))):
                assignments.append(
                    Assignment(
                        employee=employee.id,
                        need=need,
                        date=d,
                        start=dt.datetime.combine(d, dt.time(*start), tzinfo=tz),
                        end=dt.datetime.combine(d, dt.time(*end), tzinfo=tz),
                        member=member.id,
                        site=member.sites[0].id,
                    )
                )
    return sc, Plan(month="2026-03", assignments=assignments)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_the_whole_month_fits_1400_pixels_with_nothing_cut(tmp_path: Path):
    sc, plan = _busy_month()
    page = tmp_path / "plan.html"
    page.write_text(render_plan_html(sc, plan, []).replace("</body>", PROBE), encoding="utf-8")
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1400,1000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    facts = json.loads(re.search(r"<title>(.*?)</title>", dom, re.S).group(1).replace("&quot;", '"'))
    assert facts["page"] <= facts["view"], facts
    assert facts["cut"] == [], facts["cut"][:5]
