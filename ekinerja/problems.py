"""Problem lists of a readable length: the first problems kept, the rest counted ("and N more")."""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.messages import N_, Message
from ekinerja.model import Problem

#: Problems listed before the rest are only counted (900 000 bad rows need not print 900 000 lines).
MAX_PROBLEMS = 1000

AND_MORE = N_("… and {count} more problems.")


@dataclass(frozen=True)
class MoreProblems(Problem):
    """The last line of a capped list: how many problems were left out."""

    count: int = 0


def more_problems(count: int) -> MoreProblems:
    """The closing line for `count` problems left out (bilingual, no place)."""
    return MoreProblems("", Message(AND_MORE, {"count": count}).bilingual(), count=count)


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """At most `limit` problems in their order, then one MoreProblems line counting the rest
    (including those an earlier cap already left out)."""
    more = sum(p.count for p in problems if isinstance(p, MoreProblems))
    listed = [p for p in problems if not isinstance(p, MoreProblems)]
    if len(listed) > limit:
        more += len(listed) - limit
        listed = listed[:limit]
    return [*listed, more_problems(more)] if more else listed


class ProblemList:
    """Problems as they are found: each (place, message) once, the first `limit` kept and the
    rest only counted, so a file with a million bad rows costs a counter, not a million lines."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        self.limit = limit
        self.kept: list[Problem] = []
        self.more = 0
        self._seen: set[object] = set()

    def append(self, problem: Problem) -> None:
        """Add one problem (ignored when the same place already has the same message)."""
        key = (problem.place, problem.message)
        if len(self.kept) < self.limit:
            if key not in self._seen:
                self._seen.add(key)
                self.kept.append(problem)
            return
        digest = hash(key)  # beyond the limit only a hash is kept per problem
        if key not in self._seen and digest not in self._seen:
            self._seen.add(digest)
            self.more += 1

    def extend(self, problems: list[Problem]) -> None:
        """Add several problems in order."""
        for problem in problems:
            self.append(problem)

    def __bool__(self) -> bool:
        return bool(self.kept)

    def __len__(self) -> int:
        return len(self.kept) + self.more

    def result(self) -> list[Problem]:
        """The kept problems, then "and N more" when some were only counted."""
        return [*self.kept, more_problems(self.more)] if self.more else list(self.kept)
