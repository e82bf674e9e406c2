"""How a secret handed to a person or a program (API key, feed token, session token) is made and kept.

Only the secret's SHA-256 is stored: a copy of the database does not give anybody access. The secrets are
random, 256 bits, so a fast hash is enough (no password stretching: that is for passwords, in
`persistence.accounts`). This module imports nothing of the persistence layer, so that the tables and
every service may use it.
"""

from __future__ import annotations

import hashlib
import secrets


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)
