"""Invoices rendered for people: HTML (jinja2) and PDF (fpdf2 with an embedded Unicode TrueType font).

The PDF embeds Source Sans Pro (SIL Open Font License), installed from PyPI by `font-source-sans-pro`, so
"€", "é" and "œ" render on a fresh machine without system fonts. Both renderings print every mention of
engine.billing.documents (L441-9 C. com., CGI 242 nonies A).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from engine.billing.documents import Document, Line
from engine.billing.money import fr_amount, fr_decimal

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def fr_date(day: dt.date) -> str:
    """`2026-05-01` → `1er mai 2026` (the first of the month is an ordinal in French)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS_FR[day.month - 1]} {day.year}"


def fr_percent(rate: Decimal) -> str:
    return f"{fr_decimal(rate * 100)} %".replace(",00 %", " %")


def quantity_text(line: Line) -> str:
    if not line.unit:
        return ""
    unit = "" if line.unit == "€" else f" {line.unit}"
    return f"{fr_decimal(line.quantity)}{unit}"


def price_text(line: Line) -> str:
    if not line.unit:
        return ""
    if line.unit == "€":
        return fr_percent(line.unit_price)
    return f"{fr_decimal(line.unit_price, 4)} €"


def legal_mentions(doc: Document) -> list[str]:
    """Payment mentions required by L441-10 and D441-5 Code de commerce."""
    rate = fr_percent(doc.late_payment_rate)
    due = (
        fr_date(doc.due_date) if doc.due_date else f"{doc.payment_terms_days} jours après la date d'émission"
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
    env.globals.update(date=fr_date, money=fr_amount, pct=fr_percent, qty=quantity_text, price=price_text)
    return env


def render_html(doc: Document) -> str:
    return str(_environment().get_template("invoice.html.j2").render(doc=doc, mentions=legal_mentions(doc)))


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
        f"Date d'émission : {fr_date(doc.issue_date) if doc.issue_date else '—'}",
        f"Période de la prestation : du {fr_date(doc.service_start)} au {fr_date(doc.service_end)}",
        f"Nature de l'opération : {doc.nature}",
    ]
    if doc.original_number:
        head.append(f"Facture d'origine annulée : {doc.original_number}")
    head.append(f"Date d'échéance : {fr_date(doc.due_date) if doc.due_date else '—'}")
    for text in head:
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    y = pdf.get_y()
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / 2 - 4
    for i, (label, party) in enumerate((("ÉMETTEUR", doc.seller), ("CLIENT", doc.buyer))):
        pdf.set_xy(pdf.l_margin + i * (width + 8), y)
        pdf.set_font("SSP", "B", 9.5)
        pdf.multi_cell(
            width, 5, f"{label}\n{party.name}" + (f" – {party.legal_form}" if party.legal_form else "")
        )
        pdf.set_font("SSP", "", 9.5)
        pdf.set_x(pdf.l_margin + i * (width + 8))
        pdf.multi_cell(
            width,
            5,
            f"{party.street}\n{party.postcode} {party.city}\nSIREN : {party.siren}\n"
            f"N° TVA intracommunautaire : {party.vat_number or '—'}",
        )
    pdf.set_y(y + 34)
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
