"""Passwords: argon2id hashes (argon2-cffi), rehash on new parameters, generated passwords."""

from __future__ import annotations

import secrets
from contextlib import suppress
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

#: Letters and digits that cannot be mistaken for one another when read from paper.
ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GENERATED_LENGTH = 14  # 14 characters of 55: about 81 bits


@cache
def hasher() -> PasswordHasher:
    """The hasher of every password a person chooses: argon2-cffi's defaults (argon2id,
    RFC 9106 low-memory profile: 3 passes over 64 MiB, 4 lanes)."""
    return PasswordHasher()


@cache
def _generated_hasher() -> PasswordHasher:
    """A lighter argon2id for generated one-time passwords only.

    A password's hash is made slow to protect guessable passwords; a generated one carries
    about 81 random bits and cannot be guessed at any hashing cost, so a bulk creation of
    25 000 employee accounts takes seconds instead of an hour. It is rehashed with `hasher()`
    at the first sign-in, and the owner must replace it then anyway.
    """
    return PasswordHasher(time_cost=1, memory_cost=2048, parallelism=1)


def hash_password(password: str) -> str:
    """The argon2id hash of a password a person chose."""
    return hasher().hash(password)


def hash_generated(password: str) -> str:
    """The argon2id hash of a generated password (see `_generated_hasher`)."""
    return _generated_hasher().hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches; False for no hash or a damaged one (never raises)."""
    if not stored_hash:
        spend_time(password)
        return False
    try:
        return hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash was made with other parameters than today's `hasher()`."""
    try:
        return hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@cache
def _dummy_hash() -> str:
    return hasher().hash(secrets.token_hex(16))


def spend_time(password: str) -> None:
    """Verify against a throw-away hash, so that an unknown account answers as slowly as a
    known one (no timing hint of which names exist)."""
    with suppress(VerificationError):
        hasher().verify(_dummy_hash(), password)


def generate(length: int = GENERATED_LENGTH) -> str:
    """A random password of unambiguous letters and digits (81 bits at the default length)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def is_argon2id(stored_hash: str | None) -> bool:
    """Whether a stored hash is an argon2id hash."""
    return bool(stored_hash) and stored_hash.startswith("$argon2id$")
