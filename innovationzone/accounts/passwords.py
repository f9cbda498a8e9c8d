"""argon2id hashing; Werkzeug's default scrypt settings sit below OWASP's minimum.

Hashing is deliberately slow, so it runs off the eventlet hub (argon2 releases the GIL).
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from innovationzone.asyncmode import run_blocking


@lru_cache(maxsize=4)
def _hasher_for(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def _hasher() -> PasswordHasher:
    return _hasher_for(**current_app.config["PASSWORD_HASH"])


def hash_password(password: str) -> str:
    """Argon2 hash, computed off the eventlet hub: hashing is slow on purpose and would otherwise
    stall every socket of the process."""
    return run_blocking(_hasher().hash, password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches, also off the hub; a malformed hash counts as a wrong
    password rather than a 500."""
    try:
        return run_blocking(_hasher().verify, password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=4)
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return _hasher_for(time_cost, memory_cost, parallelism).hash("not-a-real-password")


def dummy_verify() -> None:
    """Spend the same time for an unknown username, so timing does not reveal which names exist."""
    verify_password(_dummy_hash(**current_app.config["PASSWORD_HASH"]), "wrong-password")
