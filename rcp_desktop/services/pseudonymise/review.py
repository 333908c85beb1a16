"""The review of a pseudonymised document: what was masked, and what still looks like an
identifier, place by place. A :class:`Recorder` masks the texts of one document and keeps both
lists; the preview shows them and the command line prints the second one."""

from __future__ import annotations

from dataclasses import dataclass, field

from rcp_desktop.i18n import translate
from rcp_desktop.services.pseudonymise.masker import KIND_LABELS, Masker


@dataclass(frozen=True)
class MaskedItem:
    kind: str  # French label ("nom", "téléphone"…)
    text: str  # as it was typed
    where: str  # "Situation A", "Séance", "Addendum"…


@dataclass(frozen=True)
class Suspect:
    """A word or a number that still looks like an identifier, and where it stands."""

    text: str
    places: tuple[str, ...]


@dataclass(frozen=True)
class Review:
    masked: tuple[MaskedItem, ...] = ()
    suspects: tuple[Suspect, ...] = ()

    def suspect_lines(self) -> list[str]:
        """One line per suspect, for a terminal: « word » — places."""
        return [f"« {s.text} » — {', '.join(s.places)}" for s in self.suspects]


@dataclass
class Recorder:
    """Masks every free text of one document through *masker*, noting what it did."""

    masker: Masker
    _masked: list[MaskedItem] = field(default_factory=list)
    _suspects: dict[str, list[str]] = field(default_factory=dict)

    def __call__(self, text: str | None, where: str) -> str:
        if not text:
            return text or ""
        scan = self.masker.scan(text)
        for kind, original in scan.hits():
            self._masked.append(MaskedItem(translate(KIND_LABELS[kind]), original, where))
        for suspect in self.masker.suspects(scan):
            places = self._suspects.setdefault(suspect, [])
            if where not in places:
                places.append(where)
        return scan.masked()

    def review(self) -> Review:
        return Review(
            masked=tuple(self._masked),
            suspects=tuple(Suspect(text, tuple(places)) for text, places in self._suspects.items()),
        )
