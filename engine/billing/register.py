"""A billing run is one transaction: its numbers, its stored documents and its renderings, all or nothing.

Why: a run that fails halfway — a member's draft refused because the month is already invoiced with other
amounts, a document that cannot be rendered, a killed process — must not leave a number taken, an invoice
stored without its PDF, or an entry in the next FEC. So a run takes the register's lock, numbers and stores
its drafts in a staging overlay, renders everything into a staging directory, and only then commits.

`Register` (protocol): `transaction()` yields a `NumberSequence` and a `DocumentStore` that commit together
when the block ends normally and vanish when it raises. Implementations:
- `MemoryRegister`: in-process (tests, benchmarks);
- `FileRegister(directory)`: the CLI's register, `numeros.json` + `documents/<number>.json`, under the
  `fcntl` lock of `FileNumberSequence`. Its commit writes a journal (`transaction.json`, atomically: temporary
  file, fsync, rename) with the new counters and documents, then applies it (documents created once,
  counters replaced atomically) and removes it. A commit interrupted before the journal is written leaves
  nothing; after, the next transaction (or `recover()`) completes it. So the register is always either
  before or after a whole run;
- `persistence.invoices.DbRegister`: one database transaction (the numbers' rows are locked until commit).

The renderings are written by `engine.billing.service.issue_and_write` into a staging directory inside the
output directory, and moved into place once the register has committed (each file by an atomic rename).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from engine.billing.documents import Document
from engine.billing.issuing import (
    DocumentStore,
    FileDocumentStore,
    FileNumberSequence,
    MemoryDocumentStore,
    MemoryNumberSequence,
    NumberSequence,
)
from engine.errors import DomainError

Transaction = tuple[NumberSequence, DocumentStore]


class Register(Protocol):
    """Where a run's numbers and documents are kept, changed only by whole transactions."""

    def transaction(self) -> contextlib.AbstractContextManager[Transaction]: ...


class StagedSequence:
    """Numbers handed out from a copy of the counters; they exist once the transaction commits."""

    def __init__(self, counters: dict[str, int]):
        self.counters = dict(counters)

    def next_number(self, series: str) -> int:
        self.counters[series] = self.counters.get(series, 0) + 1
        return self.counters[series]

    def last_number(self, series: str) -> int:
        return self.counters.get(series, 0)


class StagedStore:
    """The committed documents plus the ones this transaction adds (kept apart until it commits)."""

    def __init__(self, committed: DocumentStore):
        self.committed = committed
        self.added: dict[str, Document] = {}

    def add(self, document: Document) -> None:
        if document.number is None:
            raise ValueError("only issued documents are stored")
        if document.number in self.added or self.committed.get(document.number) is not None:
            raise DomainError(f"document {document.number} is already issued and cannot change")
        self.added[document.number] = document

    def get(self, number: str) -> Document | None:
        return self.added.get(number) or self.committed.get(number)

    def all(self) -> list[Document]:
        return [*self.committed.all(), *self.added.values()]


class MemoryRegister:
    """An in-process register: a transaction's numbers and documents join it only when it commits."""

    def __init__(self) -> None:
        self.sequence = MemoryNumberSequence()
        self.store = MemoryDocumentStore()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self.sequence.lock:
            staged = StagedSequence(self.sequence.counters)
            store = StagedStore(self.store)
            yield staged, store
            for document in store.added.values():
                self.store.add(document)
            self.sequence.counters.update(staged.counters)


class FileRegister:
    """The CLI's register directory: `numeros.json`, `documents/`, and a journal while a run commits."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.sequence = FileNumberSequence(self.directory / "numeros.json")
        self.store = FileDocumentStore(self.directory / "documents")
        self.journal = self.directory / "transaction.json"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.sequence.lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def recover(self) -> bool:
        """Complete a commit that was interrupted after its journal was written; True if there was one."""
        with self._locked():
            return self._replay()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._locked():
            self._replay()
            staged = StagedSequence(self.sequence.read())
            store = StagedStore(self.store)
            yield staged, store
            if store.added or staged.counters != self.sequence.read():
                self._write_journal(staged.counters, list(store.added.values()))
                self._replay()

    def _write_journal(self, counters: dict[str, int], documents: list[Document]) -> None:
        payload = {
            "counters": counters,
            "documents": [json.loads(d.model_dump_json()) for d in documents],
        }
        tmp = self.journal.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.journal)
        _fsync_directory(self.directory)

    def _replay(self) -> bool:
        """Apply the journal if there is one (idempotent: a document already written is checked, not
        rewritten), then remove it. The caller holds the lock."""
        if not self.journal.exists():
            return False
        payload = json.loads(self.journal.read_text(encoding="utf-8"))
        for data in payload["documents"]:
            document = Document.model_validate(data)
            existing = self.store.get(document.number or "")
            if existing is None:
                self.store.add(document)
            elif existing != document:
                raise DomainError(
                    f"register {self.directory}: the journal's {document.number} differs from the stored one"
                )
        _fsync_directory(self.store.directory)
        self.sequence.write({str(k): int(v) for k, v in payload["counters"].items()})
        self.journal.unlink()
        _fsync_directory(self.directory)
        return True


def _fsync_directory(path: Path) -> None:
    """Make renames and creations in a directory durable (POSIX: fsync the directory itself)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
