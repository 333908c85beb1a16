"""The CPTS territory: which communes, postal or INSEE codes and départements an import keeps."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rcp_desktop.domain.text import commune_key

_DEPARTMENT = re.compile(r"^(\d{2}|2A|2B|97\d|98\d)$", re.IGNORECASE)
_FIVE_DIGITS = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)


@dataclass(frozen=True)
class Territory:
    """Communes (by name), postal or INSEE codes, départements; empty = the whole file."""

    communes: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    text: str = ""
    spellings: tuple[tuple[str, str], ...] = ()  # commune key → as the user typed it

    @classmethod
    def parse(cls, text: str | None) -> Territory:
        communes: set[str] = set()
        codes: set[str] = set()
        departments: set[str] = set()
        spellings: dict[str, str] = {}
        for token in re.split(r"[,;\n]+", text or ""):
            token = token.strip()
            if not token:
                continue
            if _FIVE_DIGITS.match(token):
                codes.add(token.upper())
            elif _DEPARTMENT.match(token):
                departments.add(token.upper())
            elif commune_key(token):
                communes.add(commune_key(token))
                spellings.setdefault(commune_key(token), token)
        return cls(
            frozenset(communes),
            frozenset(codes),
            frozenset(departments),
            (text or "").strip(),
            tuple(spellings.items()),
        )

    @classmethod
    def of_communes(cls, communes: list[str]) -> Territory:
        return cls.parse(", ".join(communes))

    @property
    def is_empty(self) -> bool:
        return not (self.communes or self.codes or self.departments)

    def contains(
        self,
        commune: str | None,
        postal_code: str | None,
        commune_code: str | None,
        department: str | None,
    ) -> bool:
        if self.is_empty:
            return True
        if commune and commune_key(commune) in self.communes:
            return True
        if postal_code and postal_code.upper() in self.codes:
            return True
        if commune_code and commune_code.upper() in self.codes:
            return True
        return bool(department and department.upper() in self.departments)


def department_of(postal_code: str | None, commune_code: str | None) -> str | None:
    code = (commune_code or "").upper()
    if len(code) == 5:
        return code[:3] if code.startswith(("97", "98")) else code[:2]
    code = postal_code or ""
    if len(code) == 5 and code.isdigit():
        return code[:3] if code.startswith(("97", "98")) else code[:2]
    return None
