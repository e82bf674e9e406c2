"""Cell values as people type them in a French spreadsheet, read exactly or refused — never guessed.

Each kind of value has one `Kind`: `parse` turns what a cell holds (a real Excel date or time, a number, a
boolean, or text such as « 15/03/2026 », « 8h30 », « 19,50 € », « oui », « lun, mar ») into the value the
scenario model takes, or raises `CellError` with a French message saying what was found and what to write;
`format` turns a model value back into what the workbook shows. Anything with two readings is an error:
« 15/03/26 » (which century?), « 1.500 » in an amount (one and a half, or fifteen hundred?), a number in a
date column (an Excel serial, or a typo?), a date in a time column.

The same kinds serve the template (their `doc` is the header comment's format line, their `choices` the
drop-down lists), the import, the export and docs/workbook.md.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from engine.french import MONTHS_FR

EMPTY_TEXTS = frozenset({"", "-", "—", "–"})
"""Cells that hold nothing: an empty cell, or a dash typed to say so."""


class CellError(ValueError):
    """A cell that cannot be read; the message is French and names the value as typed."""


def quote(value: Any) -> str:
    """A value as the user typed it, between French quotes: « 31/02/2026 »."""
    if isinstance(value, dt.datetime):
        text = value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, dt.date):
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, dt.time):
        text = value.strftime("%H:%M")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, float | Decimal):
        text = str(value).replace(".", ",")
    else:
        text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"« {text} »"


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower case without accents or repeated spaces, for comparing what people type with a known word."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain.replace("’", "'"))


def suggestion(value: str, known: Sequence[str], cutoff: float = 0.6) -> str:
    """« (vouliez-vous dire « x » ?) » for the closest known word, or nothing."""
    folded = {fold(k): k for k in known}
    match = difflib.get_close_matches(fold(value), list(folded), n=1, cutoff=cutoff)
    return f" (vouliez-vous dire « {folded[match[0]]} » ?)" if match else ""


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in EMPTY_TEXTS


def _text_of(value: Any) -> str:
    """A cell as text: integral floats without '.0' (Excel stores every number as a float)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return quote(value)[2:-2]
    return str(value).strip()


# --- the kinds -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How one kind of value is read from and written to a cell."""

    name: str  # French, for docs and comments: "date", "heure", "oui/non"…
    doc: str = ""  # how to write it, e.g. "JJ/MM/AAAA (ou une date Excel)"
    number_format: str | None = None  # Excel number format of the column (None: General)
    text_cells: bool = False  # the column is formatted as text (codes whose leading zeros must stay)

    @property
    def choices(self) -> tuple[str, ...]:
        """Fixed values offered as a drop-down list (empty: none)."""
        return ()

    def parse(self, value: Any) -> Any:
        """The model value of a non-empty cell, or `CellError`."""
        raise NotImplementedError

    def format(self, value: Any) -> Any:
        """The cell value for a model value (not None)."""
        return value


@dataclass(frozen=True)
class Text(Kind):
    name: str = "texte"

    def parse(self, value: Any) -> Any:
        return value.strip() if type(value) is str else _text_of(value)


@dataclass(frozen=True)
class Code(Kind):
    """Digits of a fixed length (SIREN, SIRET, postcode): spaces dropped, leading zeros restored.

    Excel turns a postcode typed as 07300 into the number 7300; a number cell shorter than the code gets
    its zeros back (the length is fixed, so this is not a guess). Text keeps exactly what was typed.
    """

    name: str = "code"
    length: int = 9
    text_cells: bool = True

    def parse(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise CellError(f"{quote(value)} n'est pas un code de {self.length} chiffres")
        if isinstance(value, int | float):
            if isinstance(value, float) and not value.is_integer():
                raise CellError(f"{quote(value)} n'est pas un code de {self.length} chiffres")
            digits = str(int(value))
            return digits.zfill(self.length) if len(digits) < self.length else digits
        return re.sub(r"[\s.]", "", str(value))


@dataclass(frozen=True)
class Upper(Kind):
    """Text in capitals without spaces (VAT numbers, BIC, country codes, invoice prefixes)."""

    name: str = "code"
    keep_spaces: bool = False
    text_cells: bool = True

    def parse(self, value: Any) -> Any:
        text = _text_of(value).upper()
        return text if self.keep_spaces else re.sub(r"\s", "", text)


_UNITS = re.compile(r"(€|eur|euros?|%|h|heures?|km|kilometres?|kilomètres?|min|minutes?|€/h|cv)$", re.I)


def _number_text(value: Any, *, units: tuple[str, ...]) -> str:
    text = str(value).strip().replace("\u202f", " ").replace("\xa0", " ")
    folded = fold(text)
    for unit in sorted(units, key=len, reverse=True):
        if folded.endswith(unit):
            text = text[: len(text) - len(unit)].strip()
            break
    if folded.startswith("€"):
        text = text[1:].strip()
    return text


def parse_decimal(value: Any, *, units: tuple[str, ...] = (), thousands_ambiguous: bool = False) -> Decimal:
    """A number typed the French way (« 19,50 », « 1 234,5 ») or a number cell, as an exact Decimal."""
    if isinstance(value, bool):
        raise CellError(f"{quote(value)} n'est pas un nombre")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            raise CellError(f"{quote(value)} n'est pas un nombre")
        return Decimal(repr(value))  # the shortest text that gives this float back: 12.02 stays 12.02
    if isinstance(value, Decimal):
        return value
    if isinstance(value, dt.date | dt.time):
        raise CellError(f"{quote(value)} est une date ou une heure, pas un nombre")
    text = _number_text(value, units=units)
    if re.fullmatch(r"[+-]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?", text):
        text = text.replace(" ", "")  # « 1 234,56 »: groups of three
    if "," in text and "." in text:
        raise CellError(
            f"{quote(value)} : virgule et point à la fois ; écrivez le nombre avec une virgule décimale "
            "seulement (ex. 1234,56)"
        )
    if thousands_ambiguous and re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", text):
        raise CellError(
            f"{quote(value)} est ambigu (un point de milliers, ou un point décimal ?) ; écrivez "
            f"{text.replace('.', '')} ou {text.replace('.', ',')}"
        )
    if not re.fullmatch(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)", text):
        raise CellError(f"{quote(value)} n'est pas un nombre")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above only lets numbers through
        raise CellError(f"{quote(value)} n'est pas un nombre") from None


def format_decimal(value: Decimal) -> int | float:
    """A Decimal as a number cell (the float that prints as the same digits)."""
    return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)


@dataclass(frozen=True)
class Number(Kind):
    """A decimal number (hours, km, factors, amounts): exact, decimal comma or point."""

    name: str = "nombre"
    units: tuple[str, ...] = ()
    money: bool = False  # « 1.500 » is ambiguous in an amount

    def parse(self, value: Any) -> Any:
        return parse_decimal(value, units=self.units, thousands_ambiguous=self.money)

    def format(self, value: Any) -> Any:
        return format_decimal(Decimal(value))


@dataclass(frozen=True)
class Ratio(Kind):
    """A share: « 42 % », « 0,42 » or a percentage cell all give 0.42; « 42 » alone is refused."""

    name: str = "pourcentage"
    number_format: str | None = "0.00%"
    above_one: bool = False  # coefficients such as 1.87 are ratios above 1 (written without %)

    def parse(self, value: Any) -> Any:
        text = str(value).strip() if isinstance(value, str) else ""
        if text.endswith("%"):
            return parse_decimal(text[:-1]) / 100
        number = parse_decimal(value)
        if number > 1 and not self.above_one:
            raise CellError(
                f"{quote(value)} est ambigu : écrivez {number} % (avec le signe %) ou "
                f"{str(number / 100).replace('.', ',')}"
            )
        return number

    def format(self, value: Any) -> Any:
        return format_decimal(Decimal(value))


@dataclass(frozen=True)
class Integer(Kind):
    name: str = "nombre entier"
    units: tuple[str, ...] = ()

    def parse(self, value: Any) -> Any:
        number = parse_decimal(value, units=self.units, thousands_ambiguous=True)
        if number != number.to_integral_value():
            raise CellError(f"{quote(value)} n'est pas un nombre entier")
        return int(number)


@dataclass(frozen=True)
class Coordinate(Kind):
    """Latitude or longitude in decimal degrees (WGS 84), « 48,7601 » or « 48.7601 »."""

    name: str = "degrés décimaux"

    def parse(self, value: Any) -> Any:
        return float(parse_decimal(value, units=("°",)))


_TRUE = {"oui", "o", "vrai", "x", "yes", "y", "true", "1"}
_FALSE = {"non", "n", "faux", "no", "false", "0"}


@dataclass(frozen=True)
class Boolean(Kind):
    name: str = "oui/non"
    doc: str = "oui ou non"

    @property
    def choices(self) -> tuple[str, ...]:
        return ("oui", "non")

    def parse(self, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        folded = fold(_text_of(value))
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise CellError(f"{quote(value)} : écrivez oui ou non")

    def format(self, value: Any) -> Any:
        return "oui" if value else "non"


# --- dates and times ------------------------------------------------------------------------------------

_MONTH_WORDS = {fold(m): i + 1 for i, m in enumerate(MONTHS_FR)} | {
    "janv": 1,
    "fevr": 2,
    "fev": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORD_DATE = re.compile(r"^(?:\w+\s+)?(1er|\d{1,2})\s+([a-zéèêûôç.]+)\s+(\d{4})$")
EXCEL_EPOCHS = (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1))
"""Dates Excel gives a time of day that was stored as a date-time (the day is meaningless)."""


def _make_date(year: int, month: int, day: int, shown: Any) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            raise CellError(f"{quote(shown)} n'existe pas (le {month:02d}/{year} n'a pas de {day})") from None
        raise CellError(f"{quote(shown)} n'existe pas (il n'y a pas de mois {month})") from None


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise CellError(f"{quote(value)} porte une heure ; la colonne attend une date seule")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (bool, int | float | Decimal)):
        raise CellError(
            f"{quote(value)} est un nombre, pas une date : écrivez JJ/MM/AAAA (ou donnez à la cellule "
            "le format Date)"
        )
    if isinstance(value, dt.time):
        raise CellError(f"{quote(value)} est une heure, pas une date")
    text = str(value).strip()
    match = _NUMERIC_DATE.match(text)
    if match:
        day, month, year = match.groups()
        if len(year) == 2:
            raise CellError(f"{quote(text)} : écrivez l'année en entier (JJ/MM/AAAA), ex. 15/03/2026")
        return _make_date(int(year), int(month), int(day), text)
    match = _ISO_DATE.match(text)
    if match:
        return _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)), text)
    match = _WORD_DATE.match(fold(text))
    if match:
        day_text, month_text, year = match.groups()
        month = _MONTH_WORDS.get(month_text.rstrip("."))
        if month is not None:
            day = 1 if day_text == "1er" else int(day_text)
            return _make_date(int(year), month, day, text)
    raise CellError(f"{quote(text)} n'est pas une date : écrivez JJ/MM/AAAA, ex. 15/03/2026")


@dataclass(frozen=True)
class Date(Kind):
    name: str = "date"
    doc: str = "JJ/MM/AAAA ou une date Excel, ex. 15/03/2026"
    number_format: str | None = "DD/MM/YYYY"

    def parse(self, value: Any) -> Any:
        return parse_date(value)


_CLOCK = re.compile(r"^(\d{1,2})\s*(?:h|:)\s*(\d{2})?(?:\s*(?::|m(?:in)?)\s*(\d{2}))?$", re.I)


def parse_time(value: Any) -> dt.time:
    """A clock time: a time cell, « 8h30 », « 08:30 », « 8 h 30 », « 14h »; « 24:00 » is the end of the day."""
    if isinstance(value, dt.datetime):
        if value.date() not in EXCEL_EPOCHS:
            raise CellError(f"{quote(value)} est une date ; la colonne attend une heure (HH:MM)")
        value = value.time()
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        if seconds == 86400:
            return dt.time(0, 0)
        if not 0 <= seconds < 86400:
            raise CellError(f"« {value} » n'est pas une heure de la journée")
        value = dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
    if isinstance(value, dt.time):
        if value.second or value.microsecond:
            raise CellError(f"« {value.isoformat()} » : les heures se donnent à la minute près (HH:MM)")
        return value
    if isinstance(value, dt.date):
        raise CellError(f"{quote(value)} est une date ; la colonne attend une heure (HH:MM)")
    if isinstance(value, (bool, int | float | Decimal)):
        raise CellError(f"{quote(value)} est un nombre, pas une heure : écrivez 08:30 ou 8h30")
    text = str(value).strip()
    match = _CLOCK.match(text)
    if match:
        hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
        if hour == 24 and minute == 0 and second == 0:
            return dt.time(0, 0)  # the end of the day, as the model reads "24:00"
        if hour < 24 and minute < 60 and second == 0:
            return dt.time(hour, minute)
        raise CellError(f"{quote(text)} n'est pas une heure valide")
    raise CellError(f"{quote(text)} n'est pas une heure : écrivez 08:30 ou 8h30")


@dataclass(frozen=True)
class Time(Kind):
    name: str = "heure"
    doc: str = "HH:MM, 8h30 ou une heure Excel ; 24:00 pour minuit en fin de journée"
    number_format: str | None = "HH:MM"

    def parse(self, value: Any) -> Any:
        return parse_time(value)


@dataclass(frozen=True)
class Timestamp(Kind):
    """An instant: a local date and time in the group's zone (refused when DST makes it ambiguous or
    skipped) or ISO 8601 text with its UTC offset."""

    name: str = "date et heure"
    doc: str = "JJ/MM/AAAA HH:MM (heure locale du groupement) ou 2026-09-30T15:00:00+02:00"
    number_format: str | None = "DD/MM/YYYY HH:MM"

    def parse_in(self, value: Any, zone: ZoneInfo) -> dt.datetime:
        if isinstance(value, str):
            text = value.strip()
            try:
                moment = dt.datetime.fromisoformat(text)
            except ValueError:
                match = re.match(r"^(\S+)\s+(\S+(?:\s*h\s*\d*)?)$", text)
                if not match:
                    raise CellError(f"{quote(text)} : écrivez JJ/MM/AAAA HH:MM") from None
                day, clock = parse_date(match.group(1)), parse_time(match.group(2))
                moment = dt.datetime.combine(day, clock)
        elif isinstance(value, dt.datetime):
            moment = value
        else:
            raise CellError(f"{quote(value)} : écrivez JJ/MM/AAAA HH:MM")
        if moment.tzinfo is not None:
            return moment
        return _localise(moment, zone)

    def parse(self, value: Any) -> Any:  # pragma: no cover - timestamps need the zone: parse_in
        raise NotImplementedError("timestamps are read with parse_in(value, zone)")

    def format_in(self, value: dt.datetime, zone: ZoneInfo) -> Any:
        local = value.astimezone(zone)
        naive = local.replace(tzinfo=None)
        try:
            _localise(naive, zone)
        except CellError:
            return local.isoformat()  # in the hour DST repeats: only the offset says which
        return naive


def _localise(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    first, second = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        raise CellError(
            f"{quote(moment)} tombe dans l'heure du changement d'heure (ambiguë ou inexistante) ; "
            "écrivez-la avec son décalage, ex. 2026-10-25T02:30:00+01:00"
        )
    return first


# --- weekdays -------------------------------------------------------------------------------------------

WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FRENCH_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FRENCH_DAY_ABBR = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(token: str, shown: str) -> int:
    word = fold(token).rstrip(".")
    for names in (FRENCH_DAYS, _ENGLISH_DAYS):
        if word in names:
            return names.index(word)
    if word in WEEKDAY_CODES:
        return WEEKDAY_CODES.index(word)
    matches = [i for i, name in enumerate(FRENCH_DAYS) if len(word) >= 2 and name.startswith(word)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise CellError(
            f"« {token} » dans {quote(shown)} peut être {' ou '.join(FRENCH_DAYS[i] for i in matches)}"
        )
    raise CellError(
        f"« {token} » dans {quote(shown)} n'est pas un jour : écrivez lun, mar, mer, jeu, ven, sam, dim"
        + suggestion(token, FRENCH_DAYS)
    )


_RANGE = re.compile(r"^(?:du\s+)?([a-zéèûô.]+)\s*(?:-|à|a|au|–)\s*([a-zéèûô.]+)$")


def parse_weekdays(value: Any) -> list[str]:
    """« lun, mar, mer », « lundi et jeudi », « lun-ven », « du lundi au vendredi » → ['mon', …] in order."""
    text = _text_of(value)
    days: list[int] = []
    for part in re.split(r"\s*[,;/+]\s*|\s+et\s+", text.strip()):
        if not part:
            continue
        span = _RANGE.match(fold(part))
        if span and not re.fullmatch(r"[a-zé.]+", fold(part)):
            first, last = _weekday(span.group(1), text), _weekday(span.group(2), text)
            if last < first:
                raise CellError(
                    f"{quote(text)} : la plage va de {FRENCH_DAYS[first]} à {FRENCH_DAYS[last]}, à l'envers"
                )
            days.extend(range(first, last + 1))
            continue
        days.extend(_weekday(token, text) for token in part.split())
    seen: set[int] = set()
    for day in days:
        if day in seen:
            raise CellError(f"{quote(text)} cite {FRENCH_DAYS[day]} deux fois")
        seen.add(day)
    return [WEEKDAY_CODES[d] for d in days]


def weekday_index(value: Any) -> int:
    """A weekday as the model holds it (a `Weekday`, an int or a code) → 0-6."""
    if isinstance(value, str):
        return WEEKDAY_CODES.index(value)
    return int(value)


@dataclass(frozen=True)
class Weekdays(Kind):
    name: str = "jours de la semaine"
    doc: str = "lun, mar, mer… ou lun-ven"

    def parse(self, value: Any) -> Any:
        return parse_weekdays(value)

    def format(self, value: Any) -> Any:
        return ", ".join(FRENCH_DAY_ABBR[weekday_index(d)] for d in value)


@dataclass(frozen=True)
class OneWeekday(Kind):
    name: str = "jour de la semaine"
    doc: str = "lun, mar… ou lundi, mardi…"

    @property
    def choices(self) -> tuple[str, ...]:
        return FRENCH_DAYS

    def parse(self, value: Any) -> Any:
        days = parse_weekdays(value)
        if len(days) != 1:
            raise CellError(f"{quote(value)} : un seul jour attendu")
        return days[0]

    def format(self, value: Any) -> Any:
        return FRENCH_DAYS[weekday_index(value)]


# --- lists and mappings in one cell ---------------------------------------------------------------------

_LIST_SPLIT = re.compile(r"\s*[;,\n]\s*")


def split_list(value: Any) -> list[str]:
    return [part for part in _LIST_SPLIT.split(_text_of(value)) if part]


@dataclass(frozen=True)
class TextList(Kind):
    """Several words in one cell, separated by commas or semicolons (skills, employee ids)."""

    name: str = "liste"
    doc: str = "séparés par des virgules, ex. comptabilite, paie"

    def parse(self, value: Any) -> Any:
        return split_list(value)

    def format(self, value: Any) -> Any:
        for item in value:
            if _LIST_SPLIT.search(str(item)):
                raise ValueError(f"{item!r} holds a comma or a semicolon: a workbook list cannot hold it")
        return ", ".join(str(v) for v in value)


@dataclass(frozen=True)
class DateList(Kind):
    name: str = "liste de dates"
    doc: str = "JJ/MM/AAAA séparées par des virgules, ex. 15/10/2026, 20/10/2026"

    def parse(self, value: Any) -> Any:
        if isinstance(value, dt.date | dt.datetime):
            return [parse_date(value)]
        return [parse_date(part) for part in split_list(value)]

    def format(self, value: Any) -> Any:
        days = [d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in value]
        return ", ".join(d.strftime("%d/%m/%Y") for d in days)


@dataclass(frozen=True)
class IntegerList(Kind):
    name: str = "liste de nombres entiers"
    doc: str = "séparés par des points-virgules, ex. 2100; 2100; 2580"

    def parse(self, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return [Integer().parse(value)]
        return [Integer().parse(part) for part in re.split(r"\s*[;\n]\s*|\s+", _text_of(value)) if part]

    def format(self, value: Any) -> Any:
        return "; ".join(str(v) for v in value)


@dataclass(frozen=True)
class AmountMap(Kind):
    """Amounts per word in one cell: « comptabilite : 19,50 ; paie : 20,10 »."""

    name: str = "montants par compétence"
    doc: str = (
        "compétence : montant, séparés par des points-virgules, ex. comptabilite : 19,50 ; paie : 20,10"
    )

    def parse(self, value: Any) -> Any:
        out: dict[str, Decimal] = {}
        for part in re.split(r"\s*[;\n]\s*", _text_of(value)):
            if not part:
                continue
            match = re.match(r"^(.+?)\s*[:=]\s*(.+)$", part)
            if not match:
                raise CellError(f"« {part} » : écrivez compétence : montant (ex. paie : 20,10)")
            key, amount = match.group(1).strip(), match.group(2)
            if key in out:
                raise CellError(f"{quote(value)} donne deux fois « {key} »")
            out[key] = parse_decimal(amount, units=("€", "€/h"), thousands_ambiguous=True)
        return out

    def format(self, value: Any) -> Any:
        for key in value:
            if re.search(r"[:;=\n]", str(key)):
                raise ValueError(f"{key!r} holds ':', ';' or '=': a workbook cell cannot hold it")
        return " ; ".join(f"{k} : {str(Decimal(v)).replace('.', ',')}" for k, v in value.items())


# --- fixed lists ----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _choice_table(
    options: tuple[tuple[str, str], ...], aliases: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    table = {fold(alias): code for alias, code in aliases}
    for code, label in options:
        table[fold(code)] = code
        table[fold(label)] = code
    return table


@dataclass(frozen=True)
class Choice(Kind):
    """One of fixed values: the French label (drop-down) or the scenario file's code, accents and case
    ignored."""

    name: str = "liste"
    options: tuple[tuple[str, str], ...] = ()  # (code, French label)
    aliases: tuple[tuple[str, str], ...] = field(default=())  # (other way of writing it, code)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(label for _, label in self.options)

    def parse(self, value: Any) -> Any:
        text = _text_of(value)
        code = _choice_table(self.options, self.aliases).get(fold(text))
        if code is not None:
            return code
        labels = [label for _, label in self.options]
        return_hint = suggestion(text, labels + [c for c, _ in self.options])
        raise CellError(f"{quote(text)} n'est pas une valeur possible ({', '.join(labels)}){return_hint}")

    def format(self, value: Any) -> Any:
        code = getattr(value, "value", value)
        for option, label in self.options:
            if option == code:
                return label
        return str(code)  # a value the lists do not know stays as written (the loader reports it)


@dataclass(frozen=True)
class Month(Kind):
    """A month: « 2026-10 », « 10/2026 », « octobre 2026 », or the date Excel makes of « 10/2026 » (the 1st)."""

    name: str = "mois"
    doc: str = "AAAA-MM, ex. 2026-10"
    text_cells: bool = True

    def parse(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            if day.day != 1 or (isinstance(value, dt.datetime) and value.time() != dt.time(0)):
                raise CellError(f"{quote(value)} est un jour, pas un mois : écrivez AAAA-MM, ex. 2026-10")
            return f"{day.year:04d}-{day.month:02d}"
        text = _text_of(value)
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", text) or None
        if match:
            year, month = int(match.group(1)), int(match.group(2))
        elif found := re.fullmatch(r"(\d{1,2})[/.\-](\d{4})", text):
            month, year = int(found.group(1)), int(found.group(2))
        elif found := re.fullmatch(r"([a-zéû.]+)\s+(\d{4})", fold(text)):
            month, year = _MONTH_WORDS.get(found.group(1).rstrip("."), 0), int(found.group(2))
        else:
            raise CellError(f"{quote(text)} n'est pas un mois : écrivez AAAA-MM, ex. 2026-10")
        if not 1 <= month <= 12:
            raise CellError(f"{quote(text)} n'est pas un mois : écrivez AAAA-MM, ex. 2026-10")
        return f"{year:04d}-{month:02d}"
