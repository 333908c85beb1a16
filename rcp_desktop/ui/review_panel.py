"""The review of a pseudonymised document, beside its preview: what was masked (highlighted in
the preview), what still looks like an identifier (ticked: one click masks them all), and the
reader's word that the rest may stay. Printing and saving wait for that word while something
remains to check."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.services.pseudonymise import Review


class ReviewPanel(QWidget):
    """Lists of a :class:`Review`; ``mask_requested(terms)`` when "Masquer" is clicked;
    ``cleared(bool)`` when printing and saving may (or may no longer) go ahead."""

    mask_requested = Signal(list)
    cleared = Signal(bool)

    def __init__(self, review: Review, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.setMinimumWidth(300)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.masked_list = QListWidget()
        self.suspect_title = QLabel()
        self.suspect_title.setWordWrap(True)
        self.suspect_list = QListWidget()
        self.mask_button = QPushButton(self.tr("Masquer les éléments cochés"))
        self.mask_button.clicked.connect(self._mask)
        self.reviewed = QCheckBox(self.tr("J'ai relu : le reste peut figurer dans le document"))
        self.reviewed.toggled.connect(lambda _on: self.cleared.emit(self.is_cleared()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        heading = QLabel(self.tr("Relecture avant impression ou enregistrement"))
        heading.setObjectName("reviewHeading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.masked_list, 2)
        layout.addWidget(self.suspect_title)
        layout.addWidget(self.suspect_list, 3)
        layout.addWidget(self.mask_button)
        layout.addWidget(self.reviewed)
        self.show_review(review)

    def show_review(self, review: Review) -> None:
        self.review = review
        self.summary.setText(
            self.tr("{n} élément(s) masqué(s), surlignés en jaune dans l'aperçu :").format(
                n=len(review.masked)
            )
        )
        self.masked_list.clear()
        for item in review.masked:
            self.masked_list.addItem(f"{item.kind} — « {item.text} » — {item.where}")
        self.suspect_list.clear()
        for suspect in review.suspects:
            row = QListWidgetItem(f"« {suspect.text} » — {', '.join(suspect.places)}")
            row.setData(Qt.ItemDataRole.UserRole, suspect.text)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked)
            self.suspect_list.addItem(row)
        if review.suspects:
            self.suspect_title.setText(
                self.tr(
                    "Ressemble encore à un identifiant ({n}) : décochez ce qui peut rester, "
                    "puis masquez le reste."
                ).format(n=len(review.suspects))
            )
        else:
            self.suspect_title.setText(self.tr("Plus rien ne ressemble à un identifiant."))
        self.mask_button.setEnabled(bool(review.suspects))
        self.reviewed.setChecked(False)
        self.reviewed.setVisible(bool(review.suspects))
        self.cleared.emit(self.is_cleared())

    def checked_terms(self) -> list[str]:
        terms = []
        for row in range(self.suspect_list.count()):
            item = self.suspect_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                terms.append(item.data(Qt.ItemDataRole.UserRole))
        return terms

    def is_cleared(self) -> bool:
        """Nothing left to check, or the reader has said the rest may stay."""
        return not self.review.suspects or self.reviewed.isChecked()

    def set_busy(self, busy: bool) -> None:
        self.mask_button.setEnabled(not busy and bool(self.review.suspects))

    def _mask(self) -> None:
        terms = self.checked_terms()
        if terms:
            self.mask_requested.emit(terms)
