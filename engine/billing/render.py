"""Invoices rendered for people: HTML (jinja2) and PDF (fpdf2 with an embedded Unicode TrueType font).

The PDF embeds Source Sans Pro (SIL Open Font License), installed from PyPI by `font-source-sans-pro`, so
"€", "é" and "œ" render on a fresh machine without system fonts. Both renderings print every mention of
engine.billing.documents (L441-9 C. com., CGI 242 nonies A).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from engine.billing.documents import Document, Line, Party
from engine.billing.money import fr_amount, fr_exact
from engine.french import date_long, period_long


def fr_percent(rate: Decimal) -> str:
    """A rate as an exact French percentage: `20 %`, `12,15 %`, `-40 %`."""
    return f"{fr_exact(rate * 100, 0)}\u00a0%"


def hours_text(minutes: int) -> str:
    """An exact duration: `40 h 20 min`, `7 h`, `-3 h 05 min` (a credit note)."""
    sign = "-" if minutes < 0 else ""
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h}\u00a0h" + (f" {m:02d}\u00a0min" if m else "")


def quantity_text(line: Line) -> str:
    """The quantity as printed, exactly (hours and minutes, days, km, a base in euros, 1 for a lump sum)."""
    if line.minutes is not None:
        return hours_text(line.minutes)
    if line.unit == "€":
        return fr_amount(int(line.quantity * 100))
    if not line.unit:
        return fr_exact(line.quantity, 0)
    return f"{fr_exact(line.quantity, 0)}\u00a0{line.unit}"


def price_text(line: Line) -> str:
    """The unit price as printed, exactly: € per hour, day or km; a rate for a base in euros."""
    if line.unit == "€":
        return fr_percent(line.unit_price)
    per = f"/{line.unit}" if line.unit else ""
    return f"{fr_exact(line.unit_price)}\u00a0€{per}"


def party_lines(party: Party, issuer: bool = False) -> list[str]:
    """A party's block under its name: the issuer's legal mentions (legal form, share capital, RCS with the
    registry's town, R123-237 C. com.), the address, SIREN and VAT number (L441-9 C. com.)."""
    mentions = party.legal_mentions() if issuer else ([party.legal_form] if party.legal_form else [])
    return [
        *mentions,
        party.street,
        f"{party.postcode} {party.city}",
        f"SIREN : {party.siren}",
        f"N° TVA intracommunautaire : {party.vat_number or '—'}",
    ]


def legal_mentions(doc: Document) -> list[str]:
    """Payment mentions required by L441-10 and D441-5 Code de commerce."""
    rate = fr_percent(doc.late_payment_rate)
    due = (
        date_long(doc.due_date)
        if doc.due_date
        else f"{doc.payment_terms_days} jours après la date d'émission"
    )
    out = [
        f"Paiement à {doc.payment_terms_days} jours, au plus tard le {due}. Pas d'escompte pour paiement anticipé.",
        f"Pénalités de retard : taux annuel de {rate} exigible dès le lendemain de l'échéance (art. L441-10 du "
        f"Code de commerce). Indemnité forfaitaire pour frais de recouvrement : "
        f"{fr_amount(int(doc.recovery_fee * 100))} (art. D441-5 du Code de commerce).",
    ]
    if doc.iban:
        out.append(
            f"Règlement par virement : IBAN {doc.iban}" + (f", BIC {doc.bic}" if doc.bic else "") + "."
        )
    return out


@lru_cache(maxsize=1)
def _environment():  # type: ignore[no-untyped-def]
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
    )
    env.globals.update(
        date=date_long,
        period=period_long,
        money=fr_amount,
        pct=fr_percent,
        qty=quantity_text,
        price=price_text,
    )
    return env


def render_html(doc: Document) -> str:
    template = _environment().get_template("invoice.html.j2")
    return str(
        template.render(
            doc=doc,
            mentions=legal_mentions(doc),
            seller_lines=party_lines(doc.seller, True),
            buyer_lines=party_lines(doc.buyer),
        )
    )


def _font_files() -> tuple[str, str]:
    import font_source_sans_pro  # type: ignore[import-not-found]

    return font_source_sans_pro.font_files_ttf["SourceSansPro"], font_source_sans_pro.font_files_ttf[
        "SourceSansProBold"
    ]


@lru_cache(maxsize=1)
def _srgb_profile() -> bytes:
    """An sRGB ICC profile, made by Pillow's LittleCMS (no file to ship): PDF/A needs an output intent."""
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def render_pdf(doc: Document, pdfa: bool = False) -> bytes:
    """An A4 PDF of the document, fonts embedded; `pdfa`: with the sRGB output intent PDF/A asks for."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    regular, bold = _font_files()
    pdf = FPDF(format="A4")
    if pdfa:
        from fpdf.enums import OutputIntentSubType
        from fpdf.output import PDFICCProfile

        pdf.add_output_intent(
            OutputIntentSubType.PDFA,
            output_condition_identifier="sRGB",
            output_condition="IEC 61966-2-1:1999",
            registry_name="http://www.color.org",
            dest_output_profile=PDFICCProfile(contents=_srgb_profile(), n=3, alternate="DeviceRGB"),
            info="sRGB IEC61966-2.1",
        )
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("SSP", "", regular)
    pdf.add_font("SSP", "B", bold)
    title = f"{doc.title} n° {doc.number}" if doc.number else f"{doc.title} (brouillon, non numéroté)"
    pdf.set_title(title)
    pdf.set_author(doc.seller.name)
    pdf.add_page()
    pdf.set_font("SSP", "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("SSP", "", 9.5)
    head = [
        f"Date d'émission : {date_long(doc.issue_date) if doc.issue_date else '—'}",
        f"Période de la prestation : {period_long(doc.service_start, doc.service_end)}",
        f"Nature de l'opération : {doc.nature}",
    ]
    if doc.original_number:
        head.append(f"Facture d'origine annulée : {doc.original_number}")
    head.append(f"Date d'échéance : {date_long(doc.due_date) if doc.due_date else '—'}")
    for text in head:
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    y = pdf.get_y()
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / 2 - 4
    bottom = y
    for i, (label, party, lines) in enumerate(
        (
            ("ÉMETTEUR", doc.seller, party_lines(doc.seller, True)),
            ("CLIENT", doc.buyer, party_lines(doc.buyer)),
        )
    ):
        pdf.set_xy(pdf.l_margin + i * (width + 8), y)
        pdf.set_font("SSP", "B", 9.5)
        pdf.multi_cell(width, 5, f"{label}\n{party.name}")
        pdf.set_font("SSP", "", 9.5)
        pdf.set_x(pdf.l_margin + i * (width + 8))
        pdf.multi_cell(width, 5, "\n".join(lines))
        bottom = max(bottom, pdf.get_y())
    pdf.set_y(bottom + 4)
    pdf.set_font("SSP", "", 8.5)
    heading = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    with pdf.table(
        col_widths=(90, 22, 28, 14, 26),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=heading,
        line_height=4.6,
        padding=1.2,
    ) as table:
        table.row(["Désignation", "Quantité", "Prix unitaire HT", "TVA", "Montant HT"])
        for line in doc.lines:
            table.row(
                [
                    line.description,
                    quantity_text(line),
                    price_text(line),
                    fr_percent(line.vat_rate),
                    fr_amount(line.amount_cents),
                ]
            )
    pdf.ln(3)
    totals = [("Total HT", doc.total_ht_cents)]
    totals += [
        (f"TVA {fr_percent(rate)} sur {fr_amount(base)}", vat) for rate, base, vat in doc.vat_breakdown()
    ]
    totals.append(("Total TTC", doc.total_ttc_cents))
    for i, (label, cents) in enumerate(totals):
        pdf.set_font("SSP", "B" if i == len(totals) - 1 else "", 10)
        pdf.set_x(pdf.w - pdf.r_margin - 100)
        pdf.cell(70, 6, label)
        pdf.cell(30, 6, fr_amount(cents), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if doc.vat_exemption:
        pdf.set_font("SSP", "B", 9.5)
        pdf.multi_cell(0, 5, doc.vat_exemption, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("SSP", "", 8.5)
    for text in (*doc.notes, *legal_mentions(doc)):
        pdf.multi_cell(0, 4.4, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())
