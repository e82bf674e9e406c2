"""Issued invoices are immutable in the DATABASE itself: triggers refuse UPDATE and DELETE of their rows.

Why triggers besides the ORM event of `persistence.invoices`: an issued invoice is a legal document
(CGI 242 nonies A; corrections are credit notes), and rows can be reached without the ORM — a raw SQL
session, a script, another program on the same PostgreSQL. Only the database sees every write.

The statements are used by the Alembic revision 0003 and by `metadata.create_all` (the `after_create`
hook below), so that both ways of building a schema give the same guard. They are frozen: a change needs a
new Alembic revision. A refused write fails with "issued invoice … cannot be changed" (SQLite
`RAISE(ABORT)`, PostgreSQL SQLSTATE 23514 check_violation: SQLAlchemy's IntegrityError on both).
"""

from __future__ import annotations

from sqlalchemy import DDL, Table, event

MESSAGE = "issued invoice cannot be changed or deleted; issue a credit note"

SQLITE_CREATE = (
    f"""CREATE TRIGGER IF NOT EXISTS invoice_issued_no_update BEFORE UPDATE ON invoice
FOR EACH ROW WHEN OLD.status = 'issued'
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS invoice_issued_no_delete BEFORE DELETE ON invoice
FOR EACH ROW WHEN OLD.status = 'issued'
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS invoice_issued_no_update",
    "DROP TRIGGER IF EXISTS invoice_issued_no_delete",
)

POSTGRESQL_CREATE = (
    f"""CREATE OR REPLACE FUNCTION ge_refuse_issued_invoice_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'issued' THEN
        RAISE EXCEPTION USING
            MESSAGE = '{MESSAGE} (' || coalesce(OLD.number_text, '') || ')',
            ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$""",
    "DROP TRIGGER IF EXISTS invoice_issued_immutable ON invoice",
    """CREATE TRIGGER invoice_issued_immutable BEFORE UPDATE OR DELETE ON invoice
FOR EACH ROW EXECUTE FUNCTION ge_refuse_issued_invoice_change()""",
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS invoice_issued_immutable ON invoice",
    "DROP FUNCTION IF EXISTS ge_refuse_issued_invoice_change()",
)

CREATE = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}
DROP = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}


def statements(dialect: str, *, drop: bool = False) -> tuple[str, ...]:
    """The guard's statements for a dialect (none for a dialect without a guard)."""
    return (DROP if drop else CREATE).get(dialect, ())


def attach(table: Table) -> None:
    """Create the guard whenever `metadata.create_all` creates the invoice table."""
    for dialect, sqls in CREATE.items():
        for sql in sqls:
            event.listen(table, "after_create", DDL(sql).execute_if(dialect=dialect))
