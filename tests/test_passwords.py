"""Password hashes (argon2id), rehashing and generated passwords."""

from __future__ import annotations

import pytest

from ekinerja import passwords

pytestmark = pytest.mark.argon2_defaults  # the parameters themselves are under test here


def test_a_chosen_password_is_hashed_with_argon2id_at_the_default_parameters():
    digest = passwords.hash_password("rahasia-123")
    assert digest.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert not passwords.needs_rehash(digest)


def test_the_right_password_verifies():
    assert passwords.verify(passwords.hash_password("rahasia-123"), "rahasia-123")


def test_a_wrong_password_does_not_verify():
    assert not passwords.verify(passwords.hash_password("rahasia-123"), "rahasia-124")


def test_no_hash_verifies_nothing():
    assert not passwords.verify(None, "")


def test_a_damaged_hash_verifies_nothing():
    assert not passwords.verify("$argon2id$v=19$broken", "rahasia-123")


def test_a_generated_password_is_hashed_with_argon2id_too_and_asks_for_a_rehash():
    digest = passwords.hash_generated(passwords.generate())
    assert passwords.is_argon2id(digest)
    assert passwords.needs_rehash(digest)


def test_a_generated_password_verifies_against_its_light_hash():
    password = passwords.generate()
    assert passwords.verify(passwords.hash_generated(password), password)


def test_generated_passwords_use_unambiguous_characters_only():
    password = passwords.generate(200)
    assert len(password) == 200 and set(password) <= set(passwords.ALPHABET)
    assert not set("0O1lI") & set(passwords.ALPHABET)


def test_two_generated_passwords_differ():
    assert passwords.generate() != passwords.generate()


def test_a_hash_of_another_scheme_is_not_argon2id():
    assert not passwords.is_argon2id("$2b$12$abcdefghijklmnopqrstuv")
    assert passwords.needs_rehash("$2b$12$abcdefghijklmnopqrstuv")
