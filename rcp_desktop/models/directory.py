"""Directory of professionals."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rcp_desktop.models.base import ADDED_LATER, Base, Timestamped, enum_column
from rcp_desktop.models.enums import Civility, Profession, label


class Professional(Timestamped, Base):
    __tablename__ = "professional"
    __table_args__ = (
        CheckConstraint("trim(last_name) <> ''", name="last_name_not_blank"),
        CheckConstraint(
            "rpps IS NULL OR (length(rpps) = 11 AND rpps NOT GLOB '*[^0-9]*')",
            name="rpps_11_digits",
        ),
        CheckConstraint("adeli IS NULL OR length(adeli) = 9", name="adeli_9_chars"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_name: Mapped[str] = mapped_column(String(200), nullable=False)
    first_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # Madame / Monsieur: the gender of the profession label on documents (None: not known).
    civility: Mapped[Civility | None] = mapped_column(
        enum_column(Civility, "civility"), info=ADDED_LATER
    )
    profession: Mapped[Profession] = mapped_column(
        enum_column(Profession, "profession"), nullable=False
    )
    # Specialty or original label (e.g. an Annuaire Santé profession outside the nomenclature).
    profession_detail: Mapped[str | None] = mapped_column(String(200))
    rpps: Mapped[str | None] = mapped_column(String(11), unique=True)
    adeli: Mapped[str | None] = mapped_column(String(9))
    structure: Mapped[str | None] = mapped_column(String(300))
    commune: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    secure_email: Mapped[str | None] = mapped_column(String(320))
    cpts_member: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    notes: Mapped[str | None] = mapped_column(Text)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def profession_label(self) -> str:
        """The profession, in the feminine for a woman ("Infirmière")."""
        return label(self.profession, feminine=self.civility is Civility.MADAME)
