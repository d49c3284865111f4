"""Schema steps registered like sqlite-utils' `Migrations`, without importing sqlite-utils.

sqlite-utils imports pandas and numpy whenever they are installed (0.1-0.4 s). An
up-to-date database, which is every run but the first, needs no step, so the real
`Migrations` is built only when `pending` or `apply` is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations


@dataclass(frozen=True, slots=True)
class Step:
    """One schema step; the same fields sqlite-utils reads from its own migration records."""

    name: str
    fn: Callable[[Any], None]
    transactional: bool = True


class StepList:
    """`@steps(name="0002_x")` registers a step in order, as `Migrations` does."""

    def __init__(self, name: str):
        self.name = name
        self._migrations: list[Step] = []

    def __call__(self, *, name: str | None = None,
                 transactional: bool = True) -> Callable[[Callable], Callable]:
        def register(fn: Callable) -> Callable:
            step_name = name or fn.__name__
            if any(s.name == step_name for s in self._migrations):
                raise ValueError(f"schema step {step_name!r} is registered twice")
            self._migrations.append(Step(step_name, fn, transactional))
            return fn

        return register

    def names(self) -> list[str]:
        return [s.name for s in self._migrations]

    def real(self) -> Migrations:
        """The sqlite-utils `Migrations` holding these steps (imports sqlite-utils)."""
        from sqlite_utils.migrations import Migrations

        real = Migrations(self.name)
        for step in self._migrations:
            real(name=step.name, transactional=step.transactional)(step.fn)
        return real

    def applied(self, db: Database) -> list:
        return self.real().applied(db)

    def pending(self, db: Database) -> list:
        return self.real().pending(db)

    def apply(self, db: Database, **kwargs: Any) -> None:
        self.real().apply(db, **kwargs)
