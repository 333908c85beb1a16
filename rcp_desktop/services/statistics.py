"""ACI indicators for any period, overall and by pathway, protected before they leave.

:meth:`StatisticsService.report` reads the period's activity, builds every figure as a cell of
:mod:`rcp_desktop.services.disclosure`, masks the small counts (with secondary suppression) and
returns a :class:`PublishedStatistics`: tables of *shown* values only (numbers, "< 11", "s", "—").
Nothing identifying is in it: no name, birth date, NIR, address, free text or record id; ages
are in bands, communes with few patients are grouped. The reports (CSV, XLSX, PDF) and the
statistics page only ever see that object.

Definitions (also printed in the exports' method note, :data:`DEFINITIONS`)
    Period: from ``start`` to ``end``, both included, on the session date (``held_on``).
    Session held: status "held" or "minutes validated" (planned and in-progress sessions are not
        counted). Session indicators use the session's own pathway ("Sans parcours" when the
        session has none); case indicators use the case file's pathway.
    Attendance: professionals marked present. Mean attendance = presences / sessions held.
        Quorum: at least *Q* different professions present (Q = the quorum setting).
    Professionals mobilised: distinct professionals present at a session held in the period;
        CPTS member as recorded in the directory today.
    Situations presented: distinct case files with an agenda item at a session held in the
        period; presentations: those agenda items (new / follow-up as planned on the agenda;
        discussed / listed-not-discussed after the triage).
    Median delay: days from the opening of the case file (referral) to its first presentation
        ever at a held session, for the cases whose first presentation falls in the period.
    Decisions taken: decisions recorded on an agenda item of a session held in the period; their
        state is the one on the day of the export: done; done on time (completed on or before
        the due date; decisions without a due date are not "on time"); overdue (to do or in
        progress with a due date before the day of the export).
    Patients: distinct patients with at least one situation presented in the period. Each is
        attached to the pathway of their first presentation of the period (earliest session,
        then pathway order), so the pathway columns add up to the total. Age in completed years
        on the last day of the period; bands 0–17, 18–39, 40–59, 60–74, 75 and over; "> 70 ans"
        means 71 or older on that day. Commune as recorded; a commune with fewer patients than
        the threshold over the whole period is grouped into "Autres communes".
    Crisis plans: case files whose first plan version (version 1) is dated in the period
        (created); case files with a later version (2 or more) dated in the period (reviewed).
    USIPA: inclusions dated in the period; episodes active during the period (included on or
        before its end, not exited before its start); exits dated in the period, by outcome;
        mean duration in days from inclusion to exit of those exits; contacts dated in the
        period per patient-week (days of active follow-up inside the period — up to the exit,
        or to the day of the export for an episode still open — divided by 7).
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    AgendaItem,
    Attendance,
    CaseFile,
    CrisisPlanVersion,
    Decision,
    DecisionStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Pathway,
    Patient,
    Presence,
    Professional,
    Setting,
    Sex,
    Triage,
    UsipaContact,
    UsipaEnrolment,
    UsipaOutcome,
    label,
)
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.disclosure import Cell, Key, Protection, Relation, protect
from rcp_desktop.services.errors import FieldError, ValidationError

HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.VALIDATED)
PATHWAYS: tuple[Pathway, ...] = tuple(Pathway)
ALL = "*"
NO_PATHWAY = "none"
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 17),
    ("18-39", 18, 39),
    ("40-59", 40, 59),
    ("60-74", 60, 74),
    ("75+", 75, None),
)
AGE_LABELS = {
    "0-17": _N("core", "0–17 ans"),
    "18-39": _N("core", "18–39 ans"),
    "40-59": _N("core", "40–59 ans"),
    "60-74": _N("core", "60–74 ans"),
    "75+": _N("core", "75 ans et plus"),
}
SEXES: tuple[Sex, ...] = (Sex.FEMALE, Sex.MALE, Sex.UNDETERMINED)
OUTCOMES: tuple[UsipaOutcome, ...] = tuple(UsipaOutcome)
PATHWAY_LABELS = {
    Pathway.MENTAL_HEALTH: _N("core", "Santé mentale"),
    Pathway.USIPA: _N("core", "USIPA"),
    Pathway.TND: _N("core", "TND"),
    Pathway.ELDERLY: _N("core", "Personnes âgées"),
    Pathway.OTHER: _N("core", "Autre parcours"),
}
# Own labels: enum members of different classes sharing a value ("other") share a label in
# models.enums, so the statistics name their outcomes themselves.
OUTCOME_LABELS = {
    UsipaOutcome.HOSPITALISATION_AVOIDED: _N("core", "Hospitalisation évitée"),
    UsipaOutcome.HOSPITALISED: _N("core", "Hospitalisé"),
    UsipaOutcome.LOST_TO_FOLLOW_UP: _N("core", "Perdu de vue"),
    UsipaOutcome.OTHER: _N("core", "Autre issue"),
}
OTHER_COMMUNES = "__other__"
NO_COMMUNE = "__none__"
OVER_AGE = 70

ProgressFn = Callable[[int, int], None]

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        _N("core", "Période"),
        _N("core", "Du premier au dernier jour indiqués, inclus, selon la date de la séance."),
    ),
    (
        _N("core", "Séance tenue"),
        _N(
            "core",
            "Séance au statut « Tenue » ou « Compte rendu validé » ; les séances planifiées "
            "ou en cours ne sont pas comptées. Les indicateurs de séance suivent le parcours "
            "de la séance (« Sans parcours » s'il n'est pas précisé) ; les indicateurs de "
            "dossier suivent le parcours du dossier.",
        ),
    ),
    (
        _N("core", "Présence, quorum"),
        _N(
            "core",
            "Professionnels notés présents. Présence moyenne = présences / séances tenues. "
            "Quorum : au moins {quorum} professions différentes présentes.",
        ),
    ),
    (
        _N("core", "Professionnels mobilisés"),
        _N(
            "core",
            "Professionnels distincts présents à au moins une séance tenue de la période ; "
            "membre de la CPTS selon l'annuaire au jour de l'export.",
        ),
    ),
    (
        _N("core", "Situations, présentations"),
        _N(
            "core",
            "Situation présentée : dossier distinct inscrit à l'ordre du jour d'une séance "
            "tenue de la période. Présentation : chaque inscription (nouveau ou suivi selon "
            "l'ordre du jour ; discutée ou listée sans discussion selon le tri).",
        ),
    ),
    (
        _N("core", "Délai médian"),
        _N(
            "core",
            "Jours entre l'ouverture du dossier (adressage) et sa toute première présentation "
            "en séance tenue, pour les dossiers présentés pour la première fois dans la "
            "période.",
        ),
    ),
    (
        _N("core", "Décisions"),
        _N(
            "core",
            "Décisions prises lors d'une séance tenue de la période, dans leur état au jour "
            "de l'export : réalisées ; réalisées dans les délais (au plus tard à l'échéance, "
            "les décisions sans échéance n'étant pas comptées) ; en retard (à faire ou en "
            "cours, échéance dépassée au jour de l'export).",
        ),
    ),
    (
        _N("core", "Patients"),
        _N(
            "core",
            "Patients distincts dont au moins une situation a été présentée dans la période. "
            "Chacun est rattaché au parcours de sa première présentation de la période, de "
            "sorte que les parcours s'additionnent. Âge révolu au dernier jour de la période "
            "(« plus de 70 ans » : 71 ans ou plus). Les communes de moins de {threshold} "
            "patients sont regroupées dans « Autres communes ».",
        ),
    ),
    (
        _N("core", "Plans de crise"),
        _N(
            "core",
            "Créés : dossiers dont la version 1 du plan est datée de la période. Révisés : "
            "dossiers dont une version 2 ou suivante est datée de la période.",
        ),
    ),
    (
        _N("core", "USIPA"),
        _N(
            "core",
            "Inclusions datées de la période ; patients suivis : prises en charge actives "
            "pendant la période ; sorties datées de la période, par issue ; durée moyenne "
            "(jours) de ces prises en charge ; contacts datés de la période par "
            "semaine-patient (jours de suivi compris dans la période, jusqu'à la sortie ou "
            "au jour de l'export, divisés par 7).",
        ),
    ),
    (
        _N("core", "Secret statistique"),
        _N(
            "core",
            "Tout effectif de patients de 1 à {small} est affiché « < {threshold} », de même "
            "qu'une case nulle masquée pour protéger une autre. « s » : valeur masquée (secret "
            "secondaire) pour qu'aucune case « < {threshold} » ne puisse être recalculée à "
            "partir des totaux, des autres tableaux de l'export ou de la différence entre "
            "l'ensemble et les parcours ; un nombre d'événements (présentations, décisions, "
            "contacts) concernant moins de {threshold} patients et une moyenne ou une médiane "
            "calculée sur moins de {threshold} patients sont aussi masqués. Aucune donnée "
            "nominative, date de naissance, NIR, adresse, texte libre ni identifiant ne "
            "figure dans l'export.",
        ),
    ),
)


# --- what leaves: shown values only ---------------------------------------------------------

Shown = int | float | str


@dataclass(frozen=True)
class PublishedTable:
    """A table of shown values. ``column_pathways`` tells, for the pathway picker, which
    pathway each column stands for (a :class:`Pathway` value, ``"none"`` or ``"*"``), or is
    None for a table that is not broken down by pathway."""

    id: str
    title: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Shown, ...]], ...]
    column_pathways: tuple[str, ...] | None = None
    note: str = ""
    decimals: int = 0

    def value(self, row: int | str, column: int | str) -> Shown:
        r = row if isinstance(row, int) else [label for label, _ in self.rows].index(row)
        c = column if isinstance(column, int) else self.columns.index(column)
        return self.rows[r][1][c]

    def column_for(self, pathway: str) -> int | None:
        if self.column_pathways is None:
            return None
        try:
            return self.column_pathways.index(pathway)
        except ValueError:
            return None


@dataclass(frozen=True)
class PublishedStatistics:
    start: dt.date
    end: dt.date
    generated_at: dt.datetime
    threshold: int
    cpts_name: str
    tables: tuple[PublishedTable, ...]
    definitions: tuple[tuple[str, str], ...]
    masked_cells: int = 0

    def table(self, table_id: str) -> PublishedTable:
        return next(t for t in self.tables if t.id == table_id)

    def table_by_title(self, title: str) -> PublishedTable:
        return next(t for t in self.tables if t.title == title)

    @property
    def period_label(self) -> str:
        return translate(_N("core", "du {start} au {end}")).format(
            start=self.start.strftime("%d/%m/%Y"), end=self.end.strftime("%d/%m/%Y")
        )

    @property
    def legend(self) -> str:
        return translate(
            _N(
                "core",
                "« < {threshold} » : effectif de patients inférieur à {threshold} (secret "
                "statistique) ; « s » : valeur masquée pour empêcher tout recalcul ; "
                "« n.d. » : non diffusé, trop peu de patients ; « — » : sans objet.",
            )
        ).format(threshold=self.threshold)


# --- raw figures, kept in this module --------------------------------------------------------


def _age_band(age: int) -> str:
    for code, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return AGE_BANDS[0][0]


def _age_on(birth: dt.date, day: dt.date) -> int:
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def _commune_key(name: str | None) -> str:
    if name is None or not name.strip():
        return NO_COMMUNE
    folded = unicodedata.normalize("NFKD", name.strip().casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(folded.replace("-", " ").replace("'", " ").split())


def _pathway_order(p: Pathway) -> int:
    return PATHWAYS.index(p)


@dataclass
class _Builder:
    """Cells, relations and tables of one export, before protection."""

    cells: dict[Key, Cell] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    tables: list[
        tuple[str, str, str, list[str], list[tuple[str, list[Key | None]]], tuple | None, str, int]
    ] = field(default_factory=list)

    def add(self, key: Key, cell: Cell) -> Key:
        self.cells[key] = cell
        return key

    def relate(self, total: Key, parts: Iterable[Key]) -> None:
        self.relations.append(Relation(total, tuple(parts)))

    def table(
        self, table_id, title, row_header, columns, rows, column_pathways=None, note="", decimals=0
    ) -> None:
        self.tables.append(
            (table_id, title, row_header, columns, rows, column_pathways, note, decimals)
        )


def _members_by_pathway(pairs: Iterable[tuple[Pathway, object]]) -> dict[str, set]:
    out: dict[str, set] = {p.value: set() for p in PATHWAYS}
    out[ALL] = set()
    for pathway, member in pairs:
        out[pathway.value].add(member)
        out[ALL].add(member)
    return out


CASE_COLUMNS = [*(p.value for p in PATHWAYS), ALL]
SESSION_COLUMNS = [*(p.value for p in PATHWAYS), NO_PATHWAY, ALL]


def pathway_label(code: str) -> str:
    """Short French label of a pathway code, "none" or "*" (as used in the tables)."""
    if code == ALL:
        return translate(_N("core", "Total"))
    if code == NO_PATHWAY:
        return translate(_N("core", "Sans parcours"))
    return translate(PATHWAY_LABELS[Pathway(code)])


def _column_labels(codes: Iterable[str]) -> list[str]:
    return [pathway_label(code) for code in codes]


def _setting(session, spec: settings_mod.SettingSpec):
    raw = session.scalar(select(Setting.value).where(Setting.key == spec.key))
    return spec.default if raw is None else spec.type(raw)


class StatisticsService(ServiceBase):
    def default_threshold(self) -> int:
        with self._read() as s:
            return _setting(s, settings_mod.STATS_THRESHOLD)

    def report(
        self,
        start: dt.date,
        end: dt.date,
        threshold: int | None = None,
        progress: ProgressFn | None = None,
    ) -> PublishedStatistics:
        """Every indicator for [start, end], protected with *threshold* (default: the setting)."""
        return self.compute(start, end, threshold, progress).published

    def compute(
        self,
        start: dt.date,
        end: dt.date,
        threshold: int | None = None,
        progress: ProgressFn | None = None,
    ) -> Computation:
        """The raw cells, their relations, the protection and the published tables. Only
        ``published`` may leave the process; the rest is for tests and audits."""
        problems = []
        if end < start:
            problems.append(
                FieldError("end", _N("core", "La fin de la période précède son début."))
            )
        if threshold is not None and not 2 <= threshold <= 1000:
            problems.append(
                FieldError("threshold", _N("core", "Le seuil doit être compris entre 2 et 1000."))
            )
        if problems:
            raise ValidationError(problems)
        notify = progress or (lambda done, total: None)
        notify(0, 3)
        with self._read() as s:
            if threshold is None:
                threshold = _setting(s, settings_mod.STATS_THRESHOLD)
            quorum = _setting(s, settings_mod.QUORUM_PROFESSIONS)
            cpts = _setting(s, settings_mod.CPTS_NAME)
            data = _Reader(s, start, end, self.ctx.today()).read()
        notify(1, 3)
        builder = _Builder()
        _build(builder, data, start, end, threshold, quorum)
        protection = protect(builder.cells, builder.relations, threshold)
        notify(2, 3)
        published = _publish(
            builder, protection, start, end, self.ctx.now(), threshold, quorum, cpts
        )
        notify(3, 3)
        return Computation(
            builder.cells,
            tuple(builder.relations),
            protection,
            published,
            tuple((t[0], t[4]) for t in builder.tables),
        )


@dataclass(frozen=True)
class Computation:
    cells: dict
    relations: tuple[Relation, ...]
    protection: Protection
    published: PublishedStatistics
    table_keys: tuple  # (table id, [(row label, [keys])])


# --- reading the period -----------------------------------------------------------------------


@dataclass
class _Data:
    meetings: list = field(default_factory=list)  # (id, pathway|None)
    presences: list = field(default_factory=list)  # (meeting_id, pro_id, profession, member)
    items: list = field(
        default_factory=list
    )  # (item_id, meeting_id, held_on, case_id, kind, triage)
    cases: dict = field(default_factory=dict)  # case_id -> (pathway, opened_on, patient_id)
    first_presented: dict = field(default_factory=dict)  # case_id -> first held_on ever
    patients: dict = field(default_factory=dict)  # patient_id -> (birth, sex, commune, ald, c2s)
    decisions: list = field(default_factory=list)  # (case_id, status, due_on, completed_on)
    plans: list = field(default_factory=list)  # (case_id, pathway, version)
    enrolments: list = field(default_factory=list)  # (id, pathway, inclusion, exit, outcome)
    contacts: Counter = field(default_factory=Counter)  # enrolment_id -> contacts in period
    today: dt.date = dt.date.min


class _Reader:
    def __init__(self, session, start: dt.date, end: dt.date, today: dt.date) -> None:
        self.s = session
        self.start = start
        self.end = end
        self.today = today

    def read(self) -> _Data:
        s, start, end = self.s, self.start, self.end
        d = _Data(today=self.today)
        held = select(Meeting.id).where(
            Meeting.status.in_(HELD_STATUSES), Meeting.held_on >= start, Meeting.held_on <= end
        )
        d.meetings = [
            tuple(r)
            for r in s.execute(select(Meeting.id, Meeting.pathway).where(Meeting.id.in_(held)))
        ]
        d.presences = [
            tuple(r)
            for r in s.execute(
                select(
                    Attendance.meeting_id,
                    Attendance.professional_id,
                    Professional.profession,
                    Professional.cpts_member,
                )
                .join(Professional, Professional.id == Attendance.professional_id)
                .where(Attendance.meeting_id.in_(held), Attendance.presence == Presence.PRESENT)
            )
        ]
        d.items = [
            tuple(r)
            for r in s.execute(
                select(
                    AgendaItem.id,
                    AgendaItem.meeting_id,
                    Meeting.held_on,
                    AgendaItem.case_id,
                    AgendaItem.kind,
                    AgendaItem.triage,
                )
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(AgendaItem.meeting_id.in_(held))
            )
        ]
        case_ids = {row[3] for row in d.items}
        # Cases touched by the period in any way (presentations, plans, USIPA).
        plan_rows = [
            tuple(r)
            for r in s.execute(
                select(CrisisPlanVersion.case_id, CrisisPlanVersion.version).where(
                    CrisisPlanVersion.drawn_up_on >= start, CrisisPlanVersion.drawn_up_on <= end
                )
            )
        ]
        enrol_rows = [
            tuple(r)
            for r in s.execute(
                select(
                    UsipaEnrolment.id,
                    UsipaEnrolment.case_id,
                    UsipaEnrolment.inclusion_on,
                    UsipaEnrolment.exit_on,
                    UsipaEnrolment.exit_outcome,
                )
                .where(UsipaEnrolment.inclusion_on <= end)
                .where((UsipaEnrolment.exit_on.is_(None)) | (UsipaEnrolment.exit_on >= start))
            )
        ]
        all_case_ids = case_ids | {r[0] for r in plan_rows} | {r[1] for r in enrol_rows}
        for cid, pathway, opened, patient_id in self._chunked(
            lambda chunk: select(
                CaseFile.id, CaseFile.pathway, CaseFile.opened_on, CaseFile.patient_id
            ).where(CaseFile.id.in_(chunk)),
            all_case_ids,
        ):
            d.cases[cid] = (pathway, opened, patient_id)
        # First presentation ever of the cases presented in the period.
        for cid, first in self._chunked(
            lambda chunk: (
                select(AgendaItem.case_id, Meeting.held_on)
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(Meeting.status.in_(HELD_STATUSES), AgendaItem.case_id.in_(chunk))
            ),
            case_ids,
        ):
            if cid not in d.first_presented or first < d.first_presented[cid]:
                d.first_presented[cid] = first
        patient_ids = {d.cases[c][2] for c in case_ids}
        for pid, birth, sex, commune, ald, c2s in self._chunked(
            lambda chunk: select(
                Patient.id,
                Patient.birth_date,
                Patient.sex,
                Patient.commune,
                Patient.ald,
                Patient.c2s,
            ).where(Patient.id.in_(chunk)),
            patient_ids,
        ):
            d.patients[pid] = (birth, sex, commune, ald, c2s)
        item_case = {row[0]: row[3] for row in d.items}
        d.decisions = [
            (item_case[item_id], status, due, completed)
            for item_id, status, due, completed in s.execute(
                select(Decision.item_id, Decision.status, Decision.due_on, Decision.completed_on)
                .join(AgendaItem, AgendaItem.id == Decision.item_id)
                .where(AgendaItem.meeting_id.in_(held))
            )
        ]
        d.plans = [(cid, d.cases[cid][0], version) for cid, version in plan_rows]
        d.enrolments = [
            (eid, d.cases[cid][0], cid, inclusion, exit_on, outcome)
            for eid, cid, inclusion, exit_on, outcome in enrol_rows
        ]
        enrol_ids = [r[0] for r in enrol_rows]
        for eid, _day in self._chunked(
            lambda chunk: select(UsipaContact.enrolment_id, UsipaContact.contact_on).where(
                UsipaContact.enrolment_id.in_(chunk),
                UsipaContact.contact_on >= start,
                UsipaContact.contact_on <= end,
            ),
            enrol_ids,
        ):
            d.contacts[eid] += 1
        return d

    def _chunked(self, make_query, ids, size: int = 900):
        ids = sorted(ids)
        for i in range(0, len(ids), size):
            yield from (tuple(r) for r in self.s.execute(make_query(ids[i : i + size])))


# --- building the cells -------------------------------------------------------------------------


def _build(b: _Builder, d: _Data, start: dt.date, end: dt.date, t: int, quorum: int) -> None:
    _build_sessions(b, d, quorum)
    _build_professionals(b, d)
    _build_presentations(b, d, start, end)
    _build_decisions(b, d)
    _build_patients(b, d, end, t)
    _build_crisis_plans(b, d)
    _build_usipa(b, d, start, end)


def _tr(text: str) -> str:
    return translate(text)


def _build_sessions(b: _Builder, d: _Data, quorum: int) -> None:
    meeting_pathway = {mid: (p.value if p else NO_PATHWAY) for mid, p in d.meetings}
    professions: dict[int, set] = defaultdict(set)
    presences: Counter = Counter()
    for mid, _pro, profession, _member in d.presences:
        professions[mid].add(profession)
        presences[mid] += 1
    rows: dict[str, list[Key]] = {
        name: [] for name in ("sessions", "presences", "mean", "quorum", "share")
    }
    for code in SESSION_COLUMNS:
        ids = [mid for mid, p in meeting_pathway.items() if code == ALL or p == code]
        n = len(ids)
        present = sum(presences[m] for m in ids)
        with_quorum = sum(1 for m in ids if len(professions[m]) >= quorum)
        rows["sessions"].append(b.add(("sessions", code), Cell.plain(n)))
        rows["presences"].append(b.add(("presences", code), Cell.plain(present)))
        rows["mean"].append(
            b.add(("attendance_mean", code), Cell.plain(present / n if n else None))
        )
        rows["quorum"].append(b.add(("quorum_sessions", code), Cell.plain(with_quorum)))
        rows["share"].append(
            b.add(("quorum_share", code), Cell.plain(100.0 * with_quorum / n if n else None))
        )
    b.table(
        "sessions",
        _tr(_N("core", "Séances tenues et participation")),
        _tr(_N("core", "Indicateur")),
        _column_labels(SESSION_COLUMNS),
        [
            (_tr(_N("core", "Séances tenues")), rows["sessions"]),
            (_tr(_N("core", "Présences de professionnels (cumul)")), rows["presences"]),
            (_tr(_N("core", "Présence moyenne par séance")), rows["mean"]),
            (_tr(_N("core", "Séances avec quorum")), rows["quorum"]),
            (_tr(_N("core", "Part des séances avec quorum (%)")), rows["share"]),
        ],
        tuple(SESSION_COLUMNS),
        _tr(_N("core", "Quorum : au moins {quorum} professions différentes présentes.")).format(
            quorum=quorum
        ),
        decimals=1,
    )


def _build_professionals(b: _Builder, d: _Data) -> None:
    meeting_pathway = {mid: (p.value if p else NO_PATHWAY) for mid, p in d.meetings}
    pro_info: dict[int, tuple] = {}
    by_pathway: dict[str, set] = defaultdict(set)
    for mid, pro, profession, member in d.presences:
        pro_info[pro] = (profession, bool(member))
        by_pathway[meeting_pathway[mid]].add(pro)
        by_pathway[ALL].add(pro)
    counts: Counter = Counter()
    for profession, member in pro_info.values():
        counts[(profession, member)] += 1
    professions = sorted(
        {p for p, _m in counts},
        key=lambda p: (-(counts[(p, True)] + counts[(p, False)]), label(p)),
    )
    rows = []
    for profession in professions:
        keys = [
            b.add(("pros", profession.value, "member"), Cell.plain(counts[(profession, True)])),
            b.add(("pros", profession.value, "other"), Cell.plain(counts[(profession, False)])),
            b.add(
                ("pros", profession.value, ALL),
                Cell.plain(counts[(profession, True)] + counts[(profession, False)]),
            ),
        ]
        rows.append((label(profession), keys))
    members = sum(1 for _p, m in pro_info.values() if m)
    rows.append(
        (
            _tr(_N("core", "Total")),
            [
                b.add(("pros", ALL, "member"), Cell.plain(members)),
                b.add(("pros", ALL, "other"), Cell.plain(len(pro_info) - members)),
                b.add(("pros", ALL, ALL), Cell.plain(len(pro_info))),
            ],
        )
    )
    b.table(
        "professions",
        _tr(_N("core", "Professionnels mobilisés par profession")),
        _tr(_N("core", "Profession")),
        [
            _tr(_N("core", "Membres de la CPTS")),
            _tr(_N("core", "Autres")),
            _tr(_N("core", "Total")),
        ],
        rows,
    )
    by_rows: dict[str, list[Key]] = {"member": [], "other": [], ALL: []}
    for code in SESSION_COLUMNS:
        pros = by_pathway.get(code, set())
        m = sum(1 for p in pros if pro_info[p][1])
        by_rows["member"].append(b.add(("pros_pathway", code, "member"), Cell.plain(m)))
        by_rows["other"].append(b.add(("pros_pathway", code, "other"), Cell.plain(len(pros) - m)))
        by_rows[ALL].append(b.add(("pros_pathway", code, ALL), Cell.plain(len(pros))))
    b.table(
        "professionals",
        _tr(_N("core", "Professionnels mobilisés par parcours de séance")),
        _tr(_N("core", "Professionnels distincts")),
        _column_labels(SESSION_COLUMNS),
        [
            (_tr(_N("core", "Membres de la CPTS")), by_rows["member"]),
            (_tr(_N("core", "Autres professionnels")), by_rows["other"]),
            (_tr(_N("core", "Total")), by_rows[ALL]),
        ],
        tuple(SESSION_COLUMNS),
        _tr(
            _N(
                "core",
                "Un professionnel venu à des séances de plusieurs parcours compte dans "
                "chacun : les parcours ne s'additionnent pas.",
            )
        ),
    )


def _case_counts(b: _Builder, measure: str, members: dict[str, set]) -> list[Key]:
    """A PATIENTS cell per pathway and in total, with the pathway relation."""
    keys = [
        b.add((measure, code), Cell.patients(members.get(code, set()))) for code in CASE_COLUMNS
    ]
    b.relate(keys[-1], keys[:-1])
    return keys


def _event_counts(b: _Builder, measure: str, events: Iterable[tuple[Pathway, object]]) -> list[Key]:
    """An EVENTS cell per pathway and in total (members: the case files behind the events)."""
    count: Counter = Counter()
    members: dict[str, set] = defaultdict(set)
    for pathway, case_id in events:
        for code in (pathway.value, ALL):
            count[code] += 1
            members[code].add(case_id)
    keys = [
        b.add((measure, code), Cell.events(count[code], members[code])) for code in CASE_COLUMNS
    ]
    b.relate(keys[-1], keys[:-1])
    return keys


def _build_presentations(b: _Builder, d: _Data, start: dt.date, end: dt.date) -> None:
    items = [
        (d.cases[case_id][0], case_id, kind, triage)
        for _i, _m, _h, case_id, kind, triage in d.items
    ]
    situations = _case_counts(
        b, "situations", _members_by_pathway((p, c) for p, c, _k, _t in items)
    )
    total = _event_counts(b, "presentations", ((p, c) for p, c, _k, _t in items))
    new = _event_counts(
        b, "presentations_new", ((p, c) for p, c, k, _t in items if k is ItemKind.NEW)
    )
    follow = _event_counts(
        b, "presentations_follow_up", ((p, c) for p, c, k, _t in items if k is ItemKind.FOLLOW_UP)
    )
    discussed = _event_counts(
        b,
        "presentations_discussed",
        ((p, c) for p, c, _k, t in items if t is Triage.FULL_DISCUSSION),
    )
    listed = _event_counts(
        b, "presentations_listed", ((p, c) for p, c, _k, t in items if t is Triage.LISTED)
    )
    for i in range(len(CASE_COLUMNS)):
        b.relate(total[i], (new[i], follow[i]))
        b.relate(total[i], (discussed[i], listed[i]))
    # Median delay referral → first presentation, for cases first presented in the period.
    delays: dict[str, list[int]] = defaultdict(list)
    firsts: dict[str, set] = defaultdict(set)
    for case_id, first in d.first_presented.items():
        if start <= first <= end:
            pathway, opened, _patient = d.cases[case_id]
            for code in (pathway.value, ALL):
                delays[code].append((first - opened).days)
                firsts[code].add(case_id)
    median = [
        b.add(
            ("delay_median", code),
            Cell.derived(
                float(pystats.median(delays[code])) if delays[code] else None, firsts[code]
            ),
        )
        for code in CASE_COLUMNS
    ]
    b.table(
        "situations",
        _tr(_N("core", "Situations et présentations")),
        _tr(_N("core", "Indicateur")),
        _column_labels(CASE_COLUMNS),
        [
            (_tr(_N("core", "Situations présentées (dossiers distincts)")), situations),
            (_tr(_N("core", "Présentations")), total),
            (_tr(_N("core", "dont nouveaux dossiers")), new),
            (_tr(_N("core", "dont suivis")), follow),
            (_tr(_N("core", "dont discutées")), discussed),
            (_tr(_N("core", "dont listées sans discussion")), listed),
            (_tr(_N("core", "Délai médian adressage → 1re présentation (jours)")), median),
        ],
        tuple(CASE_COLUMNS),
        decimals=1,
    )


def _build_decisions(b: _Builder, d: _Data) -> None:
    rows = [(d.cases[c][0], c, status, due, done) for c, status, due, done in d.decisions]
    open_states = (DecisionStatus.TODO, DecisionStatus.IN_PROGRESS)
    taken = _event_counts(b, "decisions", ((p, c) for p, c, *_ in rows))
    done = _event_counts(
        b, "decisions_done", ((p, c) for p, c, s, _due, _d in rows if s is DecisionStatus.DONE)
    )
    on_time = _event_counts(
        b,
        "decisions_on_time",
        (
            (p, c)
            for p, c, s, due, fin in rows
            if s is DecisionStatus.DONE and due is not None and fin is not None and fin <= due
        ),
    )
    overdue = _event_counts(
        b,
        "decisions_overdue",
        (
            (p, c)
            for p, c, s, due, _f in rows
            if s in open_states and due is not None and due < d.today
        ),
    )
    b.table(
        "decisions",
        _tr(_N("core", "Décisions et actions du plan personnalisé")),
        _tr(_N("core", "Indicateur")),
        _column_labels(CASE_COLUMNS),
        [
            (_tr(_N("core", "Décisions prises")), taken),
            (_tr(_N("core", "dont réalisées")), done),
            (_tr(_N("core", "dont réalisées dans les délais")), on_time),
            (_tr(_N("core", "dont en retard (non réalisées, échéance dépassée)")), overdue),
        ],
        tuple(CASE_COLUMNS),
        _tr(_N("core", "État des décisions au jour de l'export.")),
    )


def _build_patients(b: _Builder, d: _Data, end: dt.date, t: int) -> None:
    # Attach each patient to the pathway of their first presentation of the period.
    first: dict[int, tuple] = {}
    for _item, _meeting, held_on, case_id, _kind, _triage in d.items:
        pathway, _opened, patient_id = d.cases[case_id]
        rank = (held_on, _pathway_order(pathway))
        if patient_id not in first or rank < first[patient_id]:
            first[patient_id] = rank
    attached = {pid: PATHWAYS[rank[1]].value for pid, rank in first.items()}
    info = {}
    commune_names: dict[str, Counter] = defaultdict(Counter)
    for pid in attached:
        birth, sex, commune, ald, c2s = d.patients[pid]
        age = _age_on(birth, end)
        ckey = _commune_key(commune)
        if ckey != NO_COMMUNE:
            commune_names[ckey][commune.strip()] += 1
        info[pid] = (_age_band(age), sex.value, ckey, bool(ald), bool(c2s), age > OVER_AGE)
    # Global recoding of communes: fewer than t patients over the whole period → "Autres".
    commune_size = Counter(v[2] for v in info.values())
    for pid, (band, sex, ckey, ald, c2s, old) in list(info.items()):
        if ckey != NO_COMMUNE and commune_size[ckey] < t:
            info[pid] = (band, sex, OTHER_COMMUNES, ald, c2s, old)
    communes = sorted(
        {v[2] for v in info.values()} - {OTHER_COMMUNES, NO_COMMUNE},
        key=lambda c: commune_names[c].most_common(1)[0][0].casefold(),
    )
    commune_codes = [*communes, OTHER_COMMUNES, NO_COMMUNE]
    commune_labels = [commune_names[c].most_common(1)[0][0] for c in communes] + [
        _tr(_N("core", "Autres communes (regroupées)")),
        _tr(_N("core", "Non renseignée")),
    ]

    def members(pathway=ALL, band=ALL, sex=ALL, commune=ALL, flag=None) -> set:
        out = set()
        for pid, (pb, ps, pc, ald, c2s, old) in info.items():
            if pathway != ALL and attached[pid] != pathway:
                continue
            if band != ALL and pb != band:
                continue
            if sex != ALL and ps != sex:
                continue
            if commune != ALL and pc != commune:
                continue
            if (
                (flag == "ald" and not ald)
                or (flag == "c2s" and not c2s)
                or (flag == "over70" and not old)
            ):
                continue
            out.add(pid)
        return out

    def pkey(pathway=ALL, band=ALL, sex=ALL, commune=ALL):
        return ("patients", pathway, band, sex, commune)

    def cell(**kw) -> Key:
        key = pkey(**kw)
        if key not in b.cells:
            b.add(key, Cell.patients(members(**kw)))
        return key

    bands = [code for code, _lo, _hi in AGE_BANDS]
    sexes = [s.value for s in SEXES]
    pathways = [p.value for p in PATHWAYS]
    # Age band × sex (all pathways), with its margins.
    grid = {(a, s): cell(band=a, sex=s) for a in [*bands, ALL] for s in [*sexes, ALL]}
    for a in [*bands, ALL]:
        b.relate(grid[(a, ALL)], [grid[(a, s)] for s in sexes])
    for s in [*sexes, ALL]:
        b.relate(grid[(ALL, s)], [grid[(a, s)] for a in bands])
    b.table(
        "age_sex",
        _tr(_N("core", "Patients par tranche d'âge et sexe")),
        _tr(_N("core", "Tranche d'âge")),
        [label(s) for s in SEXES] + [_tr(_N("core", "Total"))],
        [
            (
                _tr(AGE_LABELS[a]) if a != ALL else _tr(_N("core", "Total")),
                [grid[(a, s)] for s in [*sexes, ALL]],
            )
            for a in [*bands, ALL]
        ],
    )

    def by_pathway(table_id, title, row_header, codes, labels, dim):
        rows = []
        for code, row_label in zip([*codes, ALL], [*labels, _tr(_N("core", "Total"))], strict=True):
            keys = [cell(pathway=p, **{dim: code}) for p in [*pathways, ALL]]
            b.relate(keys[-1], keys[:-1])
            rows.append((row_label, keys))
        for col in range(len(pathways) + 1):
            b.relate(rows[-1][1][col], [r[1][col] for r in rows[:-1]])
        b.table(
            table_id, title, row_header, _column_labels(CASE_COLUMNS), rows, tuple(CASE_COLUMNS)
        )

    by_pathway(
        "age_pathway",
        _tr(_N("core", "Patients par tranche d'âge et parcours")),
        _tr(_N("core", "Tranche d'âge")),
        bands,
        [_tr(AGE_LABELS[a]) for a in bands],
        "band",
    )
    by_pathway(
        "sex_pathway",
        _tr(_N("core", "Patients par sexe et parcours")),
        _tr(_N("core", "Sexe")),
        sexes,
        [label(s) for s in SEXES],
        "sex",
    )
    by_pathway(
        "commune_pathway",
        _tr(_N("core", "Patients par commune de résidence et parcours")),
        _tr(_N("core", "Commune")),
        commune_codes,
        commune_labels,
        "commune",
    )
    # Fragility.
    fragility_rows = [(_tr(_N("core", "Patients")), [cell(pathway=p) for p in [*pathways, ALL]])]
    for flag, row_label in (
        ("ald", _tr(_N("core", "dont en affection de longue durée (ALD)"))),
        ("c2s", _tr(_N("core", "dont bénéficiaires de la C2S"))),
        ("over70", _tr(_N("core", "dont âgés de plus de 70 ans"))),
    ):
        keys = [
            b.add(("patients_" + flag, p), Cell.patients(members(pathway=p, flag=flag)))
            for p in [*pathways, ALL]
        ]
        b.relate(keys[-1], keys[:-1])
        fragility_rows.append((row_label, keys))
    b.table(
        "fragility",
        _tr(_N("core", "Fragilité des patients")),
        _tr(_N("core", "Indicateur")),
        _column_labels(CASE_COLUMNS),
        fragility_rows,
        tuple(CASE_COLUMNS),
    )


def _build_crisis_plans(b: _Builder, d: _Data) -> None:
    created = _case_counts(
        b, "crisis_created", _members_by_pathway((p, c) for c, p, v in d.plans if v == 1)
    )
    reviewed = _case_counts(
        b, "crisis_reviewed", _members_by_pathway((p, c) for c, p, v in d.plans if v >= 2)
    )
    b.table(
        "crisis_plans",
        _tr(_N("core", "Plans de crise conjoints")),
        _tr(_N("core", "Dossiers")),
        _column_labels(CASE_COLUMNS),
        [
            (_tr(_N("core", "Plans créés (première version)")), created),
            (_tr(_N("core", "Plans révisés (nouvelle version)")), reviewed),
        ],
        tuple(CASE_COLUMNS),
    )


def _build_usipa(b: _Builder, d: _Data, start: dt.date, end: dt.date) -> None:
    episodes = d.enrolments  # (id, pathway, case_id, inclusion, exit, outcome), active in period
    inclusions = _case_counts(
        b,
        "usipa_inclusions",
        _members_by_pathway(
            (p, eid) for eid, p, _c, inc, _x, _o in episodes if start <= inc <= end
        ),
    )
    active = _case_counts(
        b, "usipa_active", _members_by_pathway((p, eid) for eid, p, *_ in episodes)
    )
    exited = [
        (eid, p, inc, ex, out)
        for eid, p, _c, inc, ex, out in episodes
        if ex is not None and start <= ex <= end
    ]
    exits = _case_counts(b, "usipa_exits", _members_by_pathway((p, eid) for eid, p, *_ in exited))
    by_outcome = []
    for outcome in OUTCOMES:
        by_outcome.append(
            _case_counts(
                b,
                "usipa_exits_" + outcome.value,
                _members_by_pathway((p, eid) for eid, p, _i, _x, out in exited if out is outcome),
            )
        )
    for col in range(len(CASE_COLUMNS)):
        b.relate(exits[col], [row[col] for row in by_outcome])
    durations: dict[str, list[int]] = defaultdict(list)
    for _eid, p, inc, ex, _out in exited:
        for code in (p.value, ALL):
            durations[code].append((ex - inc).days)
    duration = [
        b.add(
            ("usipa_duration", code),
            Cell.derived(
                sum(durations[code]) / len(durations[code]) if durations[code] else None,
                b.cells[exits[i]].members,
                base=exits[i],
            ),
        )
        for i, code in enumerate(CASE_COLUMNS)
    ]
    contacts = _event_counts(
        b,
        "usipa_contacts",
        ((p, eid) for eid, p, *_ in episodes for _n in range(d.contacts.get(eid, 0))),
    )
    weeks: dict[str, float] = defaultdict(float)
    for _eid, p, _c, inc, ex, _out in episodes:
        stop = min(ex if ex is not None else d.today, end)
        days = (stop - max(inc, start)).days + 1
        if days > 0:
            for code in (p.value, ALL):
                weeks[code] += days / 7
    rate = []
    for i, code in enumerate(CASE_COLUMNS):
        n_contacts = b.cells[contacts[i]].value
        value = n_contacts / weeks[code] if weeks[code] > 0 else None
        rate.append(
            b.add(
                ("usipa_rate", code),
                Cell.derived(value, b.cells[active[i]].members, base=active[i]),
            )
        )
    rows = [
        (_tr(_N("core", "Inclusions")), inclusions),
        (_tr(_N("core", "Patients suivis pendant la période")), active),
        (_tr(_N("core", "Sorties")), exits),
    ]
    rows += [
        (_tr(_N("core", "dont : {outcome}")).format(outcome=_tr(OUTCOME_LABELS[o])), keys)
        for o, keys in zip(OUTCOMES, by_outcome, strict=True)
    ]
    rows += [
        (_tr(_N("core", "Durée moyenne de prise en charge (jours)")), duration),
        (_tr(_N("core", "Contacts")), contacts),
        (_tr(_N("core", "Contacts par semaine-patient")), rate),
    ]
    b.table(
        "usipa",
        _tr(_N("core", "USIPA — suivi intensif ambulatoire")),
        _tr(_N("core", "Indicateur")),
        _column_labels(CASE_COLUMNS),
        rows,
        tuple(CASE_COLUMNS),
        _tr(_N("core", "Parcours du dossier de chaque prise en charge.")),
        decimals=1,
    )


# --- publishing ----------------------------------------------------------------------------------


def _publish(
    b: _Builder,
    protection: Protection,
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    t: int,
    quorum: int,
    cpts: str,
) -> PublishedStatistics:
    tables = []
    for table_id, title, row_header, columns, rows, pathways, note, decimals in b.tables:
        shown_rows = tuple(
            (row_label, tuple(protection.shown(k) if k is not None else "" for k in keys))
            for row_label, keys in rows
        )
        tables.append(
            PublishedTable(
                id=table_id,
                title=title,
                row_header=row_header,
                columns=tuple(columns),
                rows=shown_rows,
                column_pathways=pathways,
                note=note,
                decimals=decimals,
            )
        )
    definitions = tuple(
        (translate(term), translate(text).format(quorum=quorum, threshold=t, small=t - 1))
        for term, text in DEFINITIONS
    )
    return PublishedStatistics(
        start=start,
        end=end,
        generated_at=now.replace(microsecond=0),
        threshold=t,
        cpts_name=cpts,
        tables=tuple(tables),
        definitions=definitions,
        masked_cells=len(protection.masked_keys()),
    )
