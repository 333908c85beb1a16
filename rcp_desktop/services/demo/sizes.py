"""How big a demo is: one parameter object the generator takes every count from.

Only the standard size exists today (about 75 cases a year, what the app's demo mode and the
tests use); a larger profile is one more instance of :class:`DemoSize`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSize:
    name: str
    # Professionals: every pathway team's professions once, then base + per_year * years drawn
    # from PROFESSION_MIX, at most max_drawn.
    professionals_base: int
    professionals_per_year: int
    professionals_max_drawn: int
    # Cases opened per year of activity (spread uniformly over the period).
    cases_per_year: int

    def drawn_professionals(self, years: int) -> int:
        return min(
            self.professionals_base + self.professionals_per_year * years,
            self.professionals_max_drawn,
        )

    def cases(self, years: int) -> int:
        return round(self.cases_per_year * years)


STANDARD = DemoSize(
    name="standard",
    professionals_base=40,
    professionals_per_year=8,
    professionals_max_drawn=160,
    cases_per_year=75,
)
