"""Hand-worked case: a member exempt from VAT under art. 261 B CGI, and the refusal when a fee is billed."""

from __future__ import annotations

import pytest

from engine.billing.render import render_html
from engine.billing.run import bill_month
from engine.errors import DomainError
from tests.billing.factory import employee, invoice_for, member, scenario, span

CONTRACT = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 10}


def _bill(profile: dict):  # type: ignore[no-untyped-def]
    group = {
        "billing": {"vat_regime": "exempt_261b"},
        "pricing_profiles": [{"id": "p", "default": profile}],
        "default_pricing_profile": "p",
    }
    sc = scenario(
        [member("mairie", vat_regime="public_interest")],
        [employee("v", CONTRACT, "12.50", employer_contribution_rate="0.30")],
        group=group,
    )
    return bill_month(sc, "2026-03", [span("v", "mairie", "2026-03-03", "08:00", "18:00")])


def test_exempt_member_invoice_has_no_vat_and_the_wording():
    """10 h × 12.50 = 125.00; leave 12.50; contributions 30 % × 137.50 = 41.25; HT = TTC = 178.75."""
    doc = invoice_for(_bill({"mode": "at_cost"}), "mairie")
    assert (doc.total_ht_cents, doc.total_vat_cents, doc.total_ttc_cents) == (17875, 0, 17875)
    assert doc.vat_exemption == "TVA non applicable, art. 261 B du CGI"
    assert "TVA non applicable, art. 261 B du CGI" in render_html(doc)


def test_exemption_refused_when_a_management_fee_is_billed():
    with pytest.raises(DomainError, match="261 B"):
        _bill({"mode": "cost_plus_fee", "fee_percent": "0.05"})


def test_exemption_refused_with_a_coefficient():
    with pytest.raises(DomainError, match="261 B"):
        _bill({"mode": "coefficient", "coefficient": "1.5"})
