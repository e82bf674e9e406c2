"""Reading a user's text file with the failure reported as a `Problem`, the same way for every input.

Scenario files, plan files, timesheets, benchmark instances and rosters are all read here so that a missing
file, a directory, an unreadable file or a file saved in another encoding gives the same one-line message
naming the file, instead of a traceback or a different wording per reader.
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import InputError, Problem


def read_text_or_problem(
    path: str | Path, *, encoding: str = "utf-8", kind: str = "file"
) -> tuple[str | None, list[Problem]]:
    """The file's text and no problem, or None and the one problem saying why it cannot be read.

    `encoding` is `utf-8-sig` for files that spreadsheets or Windows editors save with a BOM; `kind` names
    what was expected in the message for a directory ("scenario file").
    """
    filename = str(path)
    try:
        return Path(path).read_text(encoding=encoding), []
    except FileNotFoundError:
        message = "file not found"
    except IsADirectoryError:
        message = f"is a directory, not a {kind}"
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text (byte {exc.start}); save the file as UTF-8"
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
    return None, [Problem(filename, "", message)]


def read_text(path: str | Path, *, encoding: str = "utf-8", kind: str = "file") -> str:
    """The file's text, or `InputError` with the problem from `read_text_or_problem`."""
    text, problems = read_text_or_problem(path, encoding=encoding, kind=kind)
    if text is None:
        raise InputError(problems)
    return text


def write_atomically(path: str | Path, data: bytes | str) -> None:
    """Write a file whole or not at all: a temporary file beside it, synced, then renamed over the target, so
    a command that fails or is killed never leaves half a file (nor destroys the previous one)."""
    import os
    import tempfile

    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target.exists():
        mode = target.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path("."))
    try:
        os.fchmod(fd, mode)  # mkstemp makes it private; the file gets the mode any new file would
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
