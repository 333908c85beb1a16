"""How big a demo is: one parameter object the generator takes every count from.

``STANDARD`` (about 75 cases a year) is what the app's demo mode and the tests use; ``LARGE`` is
a large CPTS (``demo-data --size large``): 800 cases a year, each session series run in four
sectors of the territory, denser agendas, more of the team at each session and up to five
actions per case — at ten years, over 7,000 patients, 2,500 sessions, 20,000 presentations and
50,000 actions.
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
    # Each session series runs in this many sectors (communes shared out between them); a case
    # goes to the sessions of its patient's sector.
    sectors: int = 1
    # Agenda room: a session takes at most its minutes // minutes_per_case cases (3 at least),
    # each planned for one of item_minutes.
    minutes_per_case: int = 15
    item_minutes: tuple[int, ...] = (10, 15, 15, 20)
    # How many of the pathway's team are invited to a session (at random in this range).
    invited_team: tuple[int, int] = (5, 9)
    # Actions decided for a discussed case: between 1 and max_actions (at most the pathway's).
    max_actions: int = 3

    def drawn_professionals(self, years: int) -> int:
        return min(
            self.professionals_base + self.professionals_per_year * years,
            self.professionals_max_drawn,
        )

    def cases(self, years: int) -> int:
        return round(self.cases_per_year * years)

    def capacity(self, minutes: int) -> int:
        return max(3, minutes // self.minutes_per_case)


STANDARD = DemoSize(
    name="standard",
    professionals_base=40,
    professionals_per_year=8,
    professionals_max_drawn=160,
    cases_per_year=75,
)

LARGE = DemoSize(
    name="large",
    professionals_base=200,
    professionals_per_year=30,
    professionals_max_drawn=600,
    cases_per_year=800,
    sectors=4,
    minutes_per_case=7,
    item_minutes=(5, 7, 7, 10),
    invited_team=(8, 12),
    max_actions=5,
)

SIZES = {size.name: size for size in (STANDARD, LARGE)}
