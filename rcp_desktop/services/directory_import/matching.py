"""Matching the file's candidates against the directory and deciding, for each, to add it,
update the professional it names (only the fields the file carries, never a blank over a value),
leave it unchanged, or leave it out (ambiguous name, conflicting identifiers, refused value).
Existing professionals are matched on RPPS, else ADELI, else — only for records without any
identifier — on the name. The same pass counts (preview) or writes (apply)."""

from __future__ import annotations

import re
from collections import Counter

from rcp_desktop.domain.text import commune_key, normalise_key
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import Profession, Professional
from rcp_desktop.services.directory import ProfessionalDraft, clean_professional
from rcp_desktop.services.directory_import.progress import (
    CHECK_EVERY,
    CancelFn,
    ImportCancelled,
    ProgressFn,
)
from rcp_desktop.services.directory_import.report import ImportReport, ReportLine, SkipLog
from rcp_desktop.services.directory_import.rows import Candidate
from rcp_desktop.services.directory_import.territory import Territory
from rcp_desktop.services.directory_import.text import nice_commune
from rcp_desktop.services.directory_import.vocabulary import (
    FIELD_LABELS,
    IMPORTED_FIELDS,
    ImportFormat,
    Outcome,
    SkipReason,
    keeps_profession,
)
from rcp_desktop.services.errors import ValidationError

FLUSH_EVERY = 1000  # new rows per flush while applying


class DirectoryIndex:
    """The directory indexed for matching."""

    def __init__(self, professionals, territory: Territory | None = None) -> None:
        self.by_rpps: dict[str, object] = {}
        self.by_adeli: dict[str, list] = {}
        self.by_name: dict[tuple[str, str], list] = {}
        self.by_name_without_id: dict[tuple[str, str], list] = {}
        self.communes: dict[str, str] = {}
        for p in professionals:
            self.add(p)
            if p.commune:
                self.communes.setdefault(commune_key(p.commune), p.commune)
        for key, spelling in territory.spellings if territory else ():
            self.communes.setdefault(key, spelling)

    def add(self, pro) -> None:
        if pro.rpps:
            self.by_rpps[pro.rpps] = pro
        if pro.adeli:
            self.by_adeli.setdefault(pro.adeli, []).append(pro)
        key = (normalise_key(pro.last_name), normalise_key(pro.first_name))
        self.by_name.setdefault(key, []).append(pro)
        if not pro.rpps and not pro.adeli:
            self.by_name_without_id.setdefault(key, []).append(pro)

    def spelling(self, commune: str) -> str:
        """The commune as the directory (or the territory) spells it, else tidied up."""
        return self.communes.get(commune_key(commune)) or nice_commune(commune)

    def match(self, cand: Candidate, fmt: ImportFormat):
        """(professional or None, skip reason or None, note)."""
        rpps, adeli = cand.values.get("rpps"), cand.values.get("adeli")
        by_rpps = self.by_rpps.get(str(rpps)) if rpps else None
        by_adeli = self.by_adeli.get(str(adeli), []) if adeli else []
        if by_rpps is not None:
            if any(p is not by_rpps for p in by_adeli):
                return None, SkipReason.CONFLICT, ""
            return by_rpps, None, ""
        if by_adeli:
            if len(by_adeli) > 1:
                return None, SkipReason.AMBIGUOUS, ""
            if rpps and by_adeli[0].rpps and by_adeli[0].rpps != rpps:
                return None, SkipReason.CONFLICT, ""
            return by_adeli[0], None, ""
        # No identifier match: the name, only towards records that carry no identifier at all
        # and have the same profession (or, for a row without identifier, any namesake).
        if rpps or adeli:
            namesakes = [
                p
                for p in self.by_name_without_id.get(cand.name_key, ())
                if not p.rpps and not p.adeli and p.profession is cand.values.get("profession")
            ]
            if len(namesakes) == 1:
                return namesakes[0], None, translate(_N("core", "rapproché par le nom"))
            return None, None, ""
        namesakes = self.by_name.get(cand.name_key, [])
        if len(namesakes) == 1:
            return namesakes[0], None, translate(_N("core", "rapproché par le nom"))
        if len(namesakes) > 1:
            return None, SkipReason.AMBIGUOUS, ""
        return None, None, ""


def _same(field_name: str, old, new) -> bool:
    if isinstance(new, str) and isinstance(old, str):
        if field_name in (
            "last_name",
            "first_name",
            "structure",
            "commune",
            "email",
            "secure_email",
        ):
            return normalise_key(old) == normalise_key(new) and (
                field_name not in ("email", "secure_email") or old.casefold() == new.casefold()
            )
        if field_name == "phone":
            return re.sub(r"\D", "", old) == re.sub(r"\D", "", new)
    return old == new


def _changes(pro, cand: Candidate, fmt: ImportFormat) -> dict[str, object]:
    """The fields to set on *pro*: only those the file carries, never a blank over a value."""
    changes: dict[str, object] = {}
    incoming = cand.values
    profession = incoming.get("profession")
    profession_changes = isinstance(profession, Profession) and not keeps_profession(
        pro.profession, profession
    )
    for name, value in incoming.items():
        if value is None or value == "":
            continue
        old = getattr(pro, name)
        if name == "profession":
            if profession_changes:
                changes[name] = value
            continue
        if name == "profession_detail" and fmt is ImportFormat.ANNUAIRE:
            # The published specialty fills a blank or follows a change of profession; it never
            # replaces what the user wrote about this professional.
            if old and not profession_changes:
                continue
            if pro.profession is not profession and not profession_changes:
                continue
        if not _same(name, old, value):
            changes[name] = value
    return changes


def _draft_values(pro, changes: dict[str, object]) -> ProfessionalDraft:
    draft = ProfessionalDraft.of(pro) if pro is not None else ProfessionalDraft()
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


def _new_values(cand: Candidate) -> dict[str, object]:
    values = dict(cand.values)
    values.setdefault("profession", Profession.OTHER)
    return values


def _describe_changes(changes: dict[str, object]) -> str:
    return ", ".join(translate(FIELD_LABELS[name]) for name in IMPORTED_FIELDS if name in changes)


def _field_messages(exc: ValidationError) -> str:
    return "; ".join(
        f"{translate(FIELD_LABELS.get(name, name))} — {message}"
        for name, message in exc.errors.items()
    )


class _Shadow:
    """A professional that a dry run would add (for matching the rest of the file)."""

    _ids = iter(range(-1, -(10**12), -1))

    def __init__(self, values: dict) -> None:
        self.id = next(self._ids)
        for name in IMPORTED_FIELDS:
            setattr(self, name, values.get(name))


# --- the decision pass -------------------------------------------------------------------------


def decide(
    candidates: list[Candidate],
    existing: DirectoryIndex,
    report: ImportReport,
    skips: SkipLog,
    *,
    dry_run: bool,
    cancel: CancelFn,
    session=None,
    progress: ProgressFn | None = None,
) -> None:
    """Match each candidate; count (and, unless *dry_run*, write) adds and updates."""
    report.added = report.updated = report.unchanged = 0
    fmt = report.format
    decision = _Decision(existing, report, skips, dry_run, session)
    total = len(candidates)
    for i, cand in enumerate(candidates, 1):
        if i % CHECK_EVERY == 0:
            if cancel():
                raise ImportCancelled
            if progress is not None:
                progress(i, total)
        if "commune" in cand.values:
            cand.values["commune"] = existing.spelling(str(cand.values["commune"]))
        pro, reason, note = existing.match(cand, fmt)
        if reason is not None:
            skips.add(reason, cand.line, cand.name, cand.identifier)
            continue
        notes = ([note] if note else []) + cand.notes
        if pro is None:
            decision.add(cand, notes)
        else:
            decision.update(pro, cand, notes)
    report.skipped = Counter(skips.counts)
    report.lines.extend(skips.lines)
    if progress is not None:
        progress(total, total)


class _Decision:
    """Adds and updates, counted in the report and, unless a dry run, written to *session*."""

    def __init__(
        self,
        existing: DirectoryIndex,
        report: ImportReport,
        skips: SkipLog,
        dry_run: bool,
        session,
    ) -> None:
        self.existing = existing
        self.report = report
        self.skips = skips
        self.dry_run = dry_run
        self.session = session
        self.pending = 0  # added since the last flush

    def add(self, cand: Candidate, notes: list[str]) -> None:
        try:
            cleaned, warnings = clean_professional(ProfessionalDraft(**_new_values(cand)))  # type: ignore[arg-type]  # the file's values, checked by clean_professional
        except ValidationError as exc:
            self._refused(cand, exc)
            return
        self.report.added += 1
        detail = "; ".join(notes + [translate(w) for w in warnings])
        self.report.lines.append(
            ReportLine(Outcome.ADDED, cand.line, cand.name, cand.identifier, detail)
        )
        if self.dry_run:
            # Later rows of the file may name the same person (CSV without identifiers).
            self.existing.add(_Shadow(cleaned))
            return
        new = Professional(**cleaned)
        self.session.add(new)
        self.pending += 1
        if self.pending >= FLUSH_EVERY:
            self.session.flush()
            self.pending = 0
        self.existing.add(new)

    def update(self, pro, cand: Candidate, notes: list[str]) -> None:
        changes = _changes(pro, cand, self.report.format)
        if not changes:
            self.report.unchanged += 1
            return
        try:
            cleaned, _warnings = clean_professional(_draft_values(pro, changes))
        except ValidationError as exc:
            self._refused(cand, exc)
            return
        self.report.updated += 1
        self.report.lines.append(
            ReportLine(
                Outcome.UPDATED,
                cand.line,
                cand.name,
                cand.identifier,
                "; ".join([_describe_changes(changes)] + notes),
            )
        )
        if not self.dry_run:  # *pro* belongs to this write session
            for name in changes:
                if getattr(pro, name) != cleaned[name]:
                    setattr(pro, name, cleaned[name])

    def _refused(self, cand: Candidate, exc: ValidationError) -> None:
        self.skips.add(
            SkipReason.INVALID_VALUE,
            cand.line,
            cand.name[:200],
            cand.identifier,
            _field_messages(exc),
        )
