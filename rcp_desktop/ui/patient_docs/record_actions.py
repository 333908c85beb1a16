"""The Séances page's Documents menu, for the record and the GP: the minutes and the fiche RCP
as PDF/A (archival), the fiche RCP as CDA R2, and "Envoyer au médecin traitant" (a message file
for the user's MSSanté client; the application itself never goes online)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from rcp_desktop.files import atomic_write_bytes
from rcp_desktop.models import DocumentKind
from rcp_desktop.ui.machine_settings import save_location


class RecordDocumentActions(QObject):
    """Added to a :class:`~rcp_desktop.ui.documents.MeetingDocumentActions` menu."""

    def __init__(self, documents) -> None:
        super().__init__(documents)
        self.documents = documents
        self.services = documents.services
        menu = documents.menu
        menu.addSeparator()
        self.minutes_pdfa = self._action(
            self.tr("Compte rendu PDF/A (archivage)…"), self.show_minutes_pdfa
        )
        self.case_sheet_pdfa = self._action(
            self.tr("Fiche RCP PDF/A (archivage)…"), self.show_case_sheet_pdfa
        )
        self.case_sheet_cda = self._action(
            self.tr("Fiche RCP CDA R2 (dossier du patient)…"), self.export_cda
        )
        self.send_to_gp = self._action(
            self.tr("Envoyer au médecin traitant…"), self.prepare_message
        )
        self.all = (self.minutes_pdfa, self.case_sheet_pdfa, self.case_sheet_cda, self.send_to_gp)
        menu.aboutToShow.connect(self.update_enabled)
        self.last_file: Path | None = None

    def _action(self, text: str, slot: Callable[[], None]):
        action = self.documents.menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def update_enabled(self) -> None:
        selected = self.documents.page.current_meeting_id() is not None
        for action in self.all:
            action.setEnabled(selected)

    # --- PDF/A ------------------------------------------------------------------------------

    def show_minutes_pdfa(self) -> None:
        from rcp_desktop.reports.minutes import build_minutes
        from rcp_desktop.reports.pdfa import archival

        meeting_id = self.documents._meeting_id()
        if meeting_id is None:
            return
        day, iso = self.documents._meeting_day(meeting_id)
        register = self.documents.register
        self.documents.generator.preview_document(
            self.tr("Préparation du compte rendu PDF/A…"),
            lambda _terms: register.produce(
                DocumentKind.MINUTES, meeting_id, archival(build_minutes)
            ),
            register,
            title=self.tr("compte rendu PDF/A du {day}").format(day=day),
            suggested_name=f"compte-rendu-{iso}-pdfa.pdf",
        )

    def _case(self, meeting_id: int) -> int | None:
        return self.documents.selected_case_id(meeting_id) or self.documents.choose_case(meeting_id)

    def _number(self, meeting_id: int, case_id: int) -> str:
        return next(
            (
                c.case_number
                for c in self.documents.documents.agenda_choices(meeting_id)
                if c.case_id == case_id
            ),
            str(case_id),
        )

    def show_case_sheet_pdfa(self) -> None:
        from rcp_desktop.reports.case_sheet import build_case_sheet
        from rcp_desktop.reports.pdfa import archival

        meeting_id = self.documents._meeting_id()
        if meeting_id is None:
            return
        case_id = self._case(meeting_id)
        if case_id is None:
            return
        day, iso = self.documents._meeting_day(meeting_id)
        number = self._number(meeting_id, case_id)
        register = self.documents.register
        self.documents.generator.preview_document(
            self.tr("Préparation de la fiche RCP PDF/A…"),
            lambda _terms: register.produce(
                DocumentKind.CASE_SHEET, meeting_id, archival(build_case_sheet), case_id=case_id
            ),
            register,
            title=self.tr("fiche RCP PDF/A du dossier {number}, séance du {day}").format(
                number=number, day=day
            ),
            suggested_name=f"fiche-rcp-{number}-{iso}-pdfa.pdf",
        )

    # --- files to save ----------------------------------------------------------------------

    def ask_path(self, title: str, suggested: str, pattern: str) -> str:
        name, _filter = QFileDialog.getSaveFileName(
            self.documents.page, title, save_location(suggested), pattern
        )
        return name

    def _write(self, title: str, name: str, suffix: str, content: bytes) -> Path | None:
        path = Path(name)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        try:
            atomic_write_bytes(path, content)
        except OSError as exc:
            QMessageBox.warning(
                self.documents.page,
                title,
                self.tr("Impossible d'écrire le fichier : {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                ),
            )
            return None
        self.last_file = path
        return path

    def export_cda(self) -> None:
        from rcp_desktop.reports.case_sheet import build_case_sheet
        from rcp_desktop.reports.cda import build_case_sheet_cda
        from rcp_desktop.reports.pdfa import archival

        meeting_id = self.documents._meeting_id()
        if meeting_id is None:
            return
        case_id = self._case(meeting_id)
        if case_id is None:
            return
        _day, iso = self.documents._meeting_day(meeting_id)
        number = self._number(meeting_id, case_id)
        title = self.tr("Fiche RCP CDA R2")
        patient_docs = self.services.patient_docs

        def write(result: tuple[bytes, int]) -> None:
            name = self.ask_path(
                title, f"fiche-rcp-{number}-{iso}.xml", self.tr("Document CDA (*.xml)")
            )
            if name:
                self._write(title, name, ".xml", result[0])

        self.documents.generator.run(
            self.tr("Préparation de la fiche RCP CDA R2…"),
            lambda: patient_docs.produce_cda(
                meeting_id, case_id, archival(build_case_sheet), build_case_sheet_cda
            ),
            write,
        )

    def prepare_message(self) -> None:
        """The .eml for the user's MSSanté client: to the GP's secure address, the fiche RCP
        (PDF/A) and its CDA attached; recorded on the case's timeline."""
        from rcp_desktop.reports.case_sheet import build_case_sheet
        from rcp_desktop.reports.cda import build_case_sheet_cda
        from rcp_desktop.reports.mssante import build_gp_message
        from rcp_desktop.reports.pdfa import archival

        meeting_id = self.documents._meeting_id()
        if meeting_id is None:
            return
        case_id = self._case(meeting_id)
        if case_id is None:
            return
        _day, iso = self.documents._meeting_day(meeting_id)
        number = self._number(meeting_id, case_id)
        title = self.tr("Envoyer au médecin traitant")
        patient_docs = self.services.patient_docs

        def write(prepared) -> None:
            name = self.ask_path(
                title, f"message-fiche-rcp-{number}-{iso}.eml", self.tr("Message (*.eml)")
            )
            if not name:
                return
            path = self._write(title, name, ".eml", prepared.content)
            if path is None:
                return
            QMessageBox.information(
                self.documents.page,
                title,
                self.tr(
                    "Message préparé pour {name} <{address}>, avec la fiche RCP (PDF/A et CDA) "
                    "en pièces jointes :\n{path}\n\nOuvrez ce fichier dans votre messagerie "
                    "sécurisée (MSSanté) pour l'envoyer : l'application n'envoie rien elle-même."
                ).format(
                    name=prepared.recipient.name,
                    address=prepared.recipient.secure_email,
                    path=path,
                ),
            )

        self.documents.generator.run(
            self.tr("Préparation du message au médecin traitant…"),
            lambda: patient_docs.prepare_gp_message(
                meeting_id,
                case_id,
                archival(build_case_sheet),
                build_case_sheet_cda,
                build_gp_message,
            ),
            write,
        )
