"""Issuing: invoice numbers without gaps, immutable storage, credit notes.

Numbers: `<prefix>-<year>-<00001>` in a series per prefix and year (a loan series also per lender, since a
lender invoices in its own name); each number is the previous plus one (CGI 242 nonies A: a continuous
chronological series). `NumberSequence` is the protocol; `MemoryNumberSequence` serves tests and the API's
in-process use, `FileNumberSequence` the CLI (a JSON register guarded by an fcntl lock; the persistence layer
adds a database-backed one). No database import here.

An issued document is frozen and stored once: a store refuses to overwrite a number. Issuing the same draft
again (same buyer, month, kind and content) returns the invoice already issued, so re-running a month is
harmless; a different draft for a month already invoiced is refused until a credit note cancels the original.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from engine.billing.documents import Document, DocumentKind, Line
from engine.errors import DomainError


class NumberSequence(Protocol):
    """Hands out consecutive numbers per series, atomically (1, 2, 3… never a gap nor a duplicate)."""

    def next_number(self, series: str) -> int: ...

    def last_number(self, series: str) -> int: ...


class MemoryNumberSequence:
    """In-process sequence (thread-safe); `counters` and `lock` are what `register.MemoryRegister` stages."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = {}
        self.lock = threading.RLock()

    def next_number(self, series: str) -> int:
        with self.lock:
            self.counters[series] = self.counters.get(series, 0) + 1
            return self.counters[series]

    def last_number(self, series: str) -> int:
        return self.counters.get(series, 0)


class FileNumberSequence:
    """A JSON register `{series: last number}` next to a lock file; safe across processes (fcntl.flock)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.lock_path = self.path.with_suffix(self.path.suffix + ".lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def locked(self) -> Iterator[dict[str, int]]:
        """Hold the lock while reading and rewriting the register (atomic replace, fsync)."""
        with open(self.lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                register = self.read()
                before = dict(register)
                yield register
                if register != before:
                    self.write(register)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def read(self) -> dict[str, int]:
        """The counters as stored (the caller holds the lock when it means to write them back)."""
        if not self.path.exists():
            return {}
        data = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        return {str(k): int(v) for k, v in data.items()}

    def write(self, register: dict[str, int]) -> None:
        """Replace the counters atomically (temporary file, fsync, rename); the caller holds the lock."""
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(register, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def next_number(self, series: str) -> int:
        with self.locked() as register:
            register[series] = register.get(series, 0) + 1
            return register[series]

    def last_number(self, series: str) -> int:
        return self.read().get(series, 0)


class DocumentStore(Protocol):
    """Where issued documents live; `add` never overwrites."""

    def add(self, document: Document) -> None: ...

    def get(self, number: str) -> Document | None: ...

    def all(self) -> list[Document]: ...


class MemoryDocumentStore:
    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}

    def add(self, document: Document) -> None:
        if document.number is None:
            raise ValueError("only issued documents are stored")
        if document.number in self._docs:
            raise DomainError(f"document {document.number} is already issued and cannot change")
        self._docs[document.number] = document

    def get(self, number: str) -> Document | None:
        return self._docs.get(number)

    def all(self) -> list[Document]:
        return list(self._docs.values())


class FileDocumentStore:
    """One read-only JSON file per issued document, created exclusively (never rewritten)."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def _path(self, number: str) -> Path:
        return self.directory / f"{number}.json"

    def add(self, document: Document) -> None:
        if document.number is None:
            raise ValueError("only issued documents are stored")
        try:
            fd = os.open(self._path(document.number), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
        except FileExistsError:
            raise DomainError(f"document {document.number} is already issued and cannot change") from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(document.model_dump_json(indent=1))
            fh.flush()
            os.fsync(fh.fileno())

    def get(self, number: str) -> Document | None:
        path = self._path(number)
        return Document.model_validate_json(path.read_text(encoding="utf-8")) if path.exists() else None

    def all(self) -> list[Document]:
        return [
            Document.model_validate_json(p.read_text(encoding="utf-8"))
            for p in sorted(self.directory.glob("*.json"))
        ]


def series_of(document: Document, year: int) -> str:
    """The numbering series: prefix and year (and the lender for loan invoices)."""
    if document.kind is DocumentKind.LOAN_INVOICE or document.loan:
        return f"{document.series_prefix}-{document.seller.id}-{year}"
    return f"{document.series_prefix}-{year}"


_NOT_CONTENT: set[str] = {"number", "issue_date", "due_date", "issued_at", "content_hash"}


def content_hash(document: Document) -> str:
    """Hash of what a draft says (not its number or dates), to recognise the same draft issued twice.

    pydantic's JSON of the model (fields in declaration order, so canonical for a given Document class).
    """
    return hashlib.sha256(document.model_dump_json(exclude=_NOT_CONTENT).encode()).hexdigest()


def legacy_content_hash(document: Document) -> str:
    """The hash documents issued before 2026-11-28 carry (sorted-keys JSON of the Python dump; slower)."""
    payload = document.model_dump(mode="json", exclude=_NOT_CONTENT)
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def same_content(issued: Document, draft_hash: str, draft: Document) -> bool:
    """Whether an issued document says what a draft says (either hash, for documents issued earlier)."""
    return issued.content_hash == draft_hash or issued.content_hash == legacy_content_hash(draft)


def _key(document: Document) -> tuple[str, str, str, str]:
    return (document.kind.value, document.seller.id, document.buyer.id, document.month)


def active_documents(store: DocumentStore) -> dict[tuple[str, str, str, str], Document]:
    """Issued invoices not cancelled by a credit note, by (kind, seller, buyer, month)."""
    docs = store.all()
    cancelled = {d.original_number for d in docs if d.kind is DocumentKind.CREDIT_NOTE}
    return {_key(d): d for d in docs if d.kind is not DocumentKind.CREDIT_NOTE and d.number not in cancelled}


def issue(
    document: Document,
    sequence: NumberSequence,
    store: DocumentStore,
    issue_date: dt.date,
    active: dict[tuple[str, str, str, str], Document] | None = None,
) -> Document:
    """Number, date and store a draft; the same draft issued twice returns the first issue.

    `active`: the store's `active_documents`, when the caller issues many drafts at once and keeps it up to
    date (reading the whole store for each draft makes a year of invoices quadratic).
    """
    if document.is_issued:
        raise DomainError(f"document {document.number} is already issued")
    digest = content_hash(document)
    if document.kind is not DocumentKind.CREDIT_NOTE:
        if active is None:
            active = active_documents(store)
        existing = active.get(_key(document))
        if existing is not None:
            if same_content(existing, digest, document):
                return existing
            raise DomainError(
                f"{existing.title.lower()} {existing.number} already bills {document.buyer.name} for "
                f"{document.month} with other amounts; cancel it with a credit note before issuing a new one"
            )
    series = series_of(document, issue_date.year)
    number = f"{series}-{sequence.next_number(series):05d}"
    issued = document.model_copy(
        update={
            "number": number,
            "issue_date": issue_date,
            "due_date": issue_date + dt.timedelta(days=document.payment_terms_days),
            "issued_at": dt.datetime.now(dt.UTC),
            "content_hash": digest,
        }
    )
    store.add(issued)
    if active is not None and document.kind is not DocumentKind.CREDIT_NOTE:
        active[_key(issued)] = issued
    return issued


def issue_all(
    documents: list[Document], sequence: NumberSequence, store: DocumentStore, issue_date: dt.date
) -> list[Document]:
    """Issue drafts in a stable order (group invoices by buyer, then loan invoices)."""
    ordered = sorted(documents, key=lambda d: (d.kind is not DocumentKind.INVOICE, d.seller.id, d.buyer.id))
    active = active_documents(store)
    return [issue(d, sequence, store, issue_date, active) for d in ordered]


def _negated(line: Line) -> Line:
    """A line cancelled: negative quantity, same unit price, negative amount (so it still adds up)."""
    changes: dict[str, object] = {"amount_cents": -line.amount_cents, "quantity": -line.quantity}
    if line.minutes is not None:
        changes["minutes"] = -line.minutes
    return line.model_copy(update=changes)


def credit_note(
    original: Document,
    reason: str,
    sequence: NumberSequence,
    store: DocumentStore,
    issue_date: dt.date,
    prefix: str,
) -> Document:
    """A credit note cancelling an issued invoice in full (every line negated), referencing it."""
    if not original.is_issued or original.kind is DocumentKind.CREDIT_NOTE:
        raise DomainError("only an issued invoice can be cancelled by a credit note")
    if any(d.original_number == original.number for d in store.all()):
        raise DomainError(f"invoice {original.number} is already cancelled by a credit note")
    lines = tuple(_negated(line) for line in original.lines)
    draft = original.model_copy(
        update={
            "kind": DocumentKind.CREDIT_NOTE,
            "series_prefix": prefix,
            "lines": lines,
            "original_number": original.number,
            "notes": (*original.notes, f"Avoir annulant la facture {original.number} : {reason}"),
            "number": None,
            "issue_date": None,
            "due_date": None,
            "issued_at": None,
            "content_hash": "",
        }
    )
    return issue(draft, sequence, store, issue_date)
