"""The blank request form (demande d'inscription en RCP) as a fillable PDF: AcroForm fields a
referring professional fills in any PDF reader and sends back; the import reads those fields
by name (``services/requests/reading.py``). The fields are ``services.requests.FIELDS``."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.reports.common import letterhead
from rcp_desktop.reports.pdf_base import build_pdf, para, styles
from rcp_desktop.services.documents import Letterhead
from rcp_desktop.services.requests import (
    EMPTY_CHOICE,
    FIELDS,
    FORM_MARKER,
    FORM_MARKER_FIELD,
    SECTIONS,
    FieldKind,
    FormField,
    choice_text,
)

FIELD_HEIGHT = 6.5 * mm
LONG_HEIGHT = 30 * mm
FIELD_WIDTH = 110 * mm
BORDER = colors.HexColor("#5e5c64")
FILL = colors.HexColor("#f3f6fb")


class FormFieldFlowable(Flowable):
    """One AcroForm field drawn where the layout puts it (coordinates relative to the
    flowable), so that the form flows over pages like any document."""

    def __init__(self, spec: FormField, width: float, height: float) -> None:
        super().__init__()
        self.spec = spec
        self.width = width
        self.height = height

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        form = self.canv.acroForm
        spec = self.spec
        width, height = round(self.width), round(self.height)
        tooltip = tr(spec.label)
        if spec.kind is FieldKind.CHECK:
            form.checkbox(
                name=spec.name,
                tooltip=tooltip,
                x=0,
                y=0,
                size=height,
                relative=True,
                borderColor=BORDER,
                fillColor=FILL,
                buttonStyle="check",
            )
        elif spec.kind is FieldKind.CHOICE:
            form.choice(
                name=spec.name,
                tooltip=tooltip,
                value=EMPTY_CHOICE,
                options=[EMPTY_CHOICE] + [choice_text(m) for m in spec.choices],
                x=0,
                y=0,
                width=width,
                height=height,
                fontName="Helvetica",
                fontSize=9,
                borderColor=BORDER,
                fillColor=FILL,
                borderWidth=1,
                fieldFlags="combo",
                relative=True,
            )
        else:
            long = spec.kind is FieldKind.LONG_TEXT
            form.textfield(
                name=spec.name,
                tooltip=tooltip,
                x=0,
                y=0,
                width=width,
                height=height,
                fontName="Helvetica",
                fontSize=9 if long else 10,
                borderColor=BORDER,
                fillColor=FILL,
                borderWidth=1,
                maxlen=spec.max_length,
                fieldFlags="multiline" if long else "",
                relative=True,
            )


class MarkerFlowable(Flowable):
    """The hidden, read-only field that tells this form from any other PDF form."""

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        self.canv.acroForm.textfield(
            name=FORM_MARKER_FIELD,
            value=FORM_MARKER,
            x=0,
            y=0,
            width=1,
            height=1,
            relative=True,
            fieldFlags="readOnly",
            annotationFlags="hidden",
            borderWidth=0,
        )


def _row(spec: FormField, sheet, width: float) -> Flowable:
    text = tr(spec.label) + (" *" if spec.required else "")
    if spec.hint:
        text += f" ({tr(spec.hint)})"
    label = para(text, sheet["cell"])
    if spec.kind is FieldKind.LONG_TEXT:
        return KeepTogether([label, Spacer(1, 1 * mm), FormFieldFlowable(spec, width, LONG_HEIGHT)])
    if spec.kind is FieldKind.CHECK:
        field = FormFieldFlowable(spec, 5 * mm, 5 * mm)
    else:
        wide = FIELD_WIDTH if spec.kind is not FieldKind.DATE else 30 * mm
        field = FormFieldFlowable(spec, wide, FIELD_HEIGHT)
    grid = Table([[label, field]], colWidths=[width - FIELD_WIDTH - 2 * mm, FIELD_WIDTH + 2 * mm])
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
            ]
        )
    )
    return grid


def form_title() -> str:
    return tr(_N("core", "Demande d'inscription en RCP"))


def build_request_form(head: Letterhead) -> bytes:
    """The blank form, ready to fill on screen (or printed and typed in on reception)."""
    sheet = styles()
    width = 180 * mm
    story: list[Flowable] = letterhead(
        head,
        form_title(),
        tr(_N("core", "Réunion de concertation pluriprofessionnelle — formulaire à remplir")),
    )
    story.append(
        para(
            tr(
                _N(
                    "core",
                    "Vous rencontrez une situation complexe ? Remplissez ce formulaire dans votre "
                    "lecteur PDF, enregistrez-le et renvoyez-le à la coordination de la CPTS par "
                    "messagerie sécurisée. Les champs marqués * sont obligatoires. Le patient doit "
                    "avoir été informé et avoir consenti au partage des informations utiles entre "
                    "les participants de la RCP.",
                )
            ),
            sheet["body"],
        )
    )
    story.append(MarkerFlowable())
    for section in SECTIONS:
        story.append(para(tr(section), sheet["h2"]))
        for spec in FIELDS:
            if spec.section == section:
                story.append(_row(spec, sheet, width))
    story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            tr(
                _N(
                    "core",
                    "Réservé à la coordination : la demande est enregistrée à réception ; vous "
                    "recevrez la réponse (inscription, demande de complément ou refus motivé).",
                )
            ),
            sheet["small"],
        )
    )
    return build_pdf(
        story,
        title=form_title(),
        footer=tr(
            _N("core", "{cpts} — demande d'inscription en RCP — document confidentiel")
        ).format(cpts=head.cpts_name),
    )
