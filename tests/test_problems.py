"""Problem lists of a readable length: the first kept, the rest counted."""

from __future__ import annotations

from ekinerja.model import Problem
from ekinerja.problems import MoreProblems, ProblemList, capped


def problems(count: int) -> list[Problem]:
    return [Problem(f"targets[{i}].value", "harus angka / must be a number") for i in range(count)]


def test_a_short_list_is_left_as_it_is():
    assert capped(problems(3), limit=3) == problems(3)


def test_a_long_list_keeps_the_first_and_counts_the_rest():
    result = capped(problems(10), limit=4)
    assert result[:4] == problems(4)
    assert result[4].count == 6
    assert str(result[4]) == "… dan 6 masalah lagi. / … and 6 more problems."


def test_capping_a_capped_list_again_keeps_the_count():
    once = capped(problems(10), limit=4)
    assert capped([*once, *problems(2)], limit=5)[-1].count == 6 + 1


def test_a_problem_list_keeps_each_problem_once():
    found = ProblemList(limit=5)
    found.extend([*problems(2), *problems(2)])
    assert found.result() == problems(2)


def test_a_problem_list_counts_beyond_its_limit_without_keeping():
    found = ProblemList(limit=3)
    found.extend([*problems(1000), *problems(1000)])
    result = found.result()
    assert (len(found.kept), len(found), result[-1]) == (
        3, 1000, MoreProblems("", "… dan 997 masalah lagi. / … and 997 more problems.", count=997))
