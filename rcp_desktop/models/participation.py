"""The patient and the people around them at a session: attendance of people without an RPPS
(the patient, a relative, a legal representative, staff of a partner structure), and the patient
informed of the conference's proposal for each presentation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcp_desktop.models.base import Base, enum_column, utcnow
from rcp_desktop.models.enums import AttendanceMode, GuestRole, InformationChannel, Presence
from rcp_desktop.models.meeting import AgendaItem, Meeting


class GuestAttendance(Base):
    """Someone without an RPPS at a session (for one agenda item or the whole session), with
    their role. The quorum counts professions only: guests never count."""

    __tablename__ = "guest_attendance"
    __table_args__ = (
        CheckConstraint("trim(name) <> ''", name="name_not_blank"),
        CheckConstraint(
            "role <> 'partner_staff' OR (structure IS NOT NULL AND trim(structure) <> '')",
            name="partner_has_structure",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True
    )
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[GuestRole] = mapped_column(enum_column(GuestRole, "guest_role"), nullable=False)
    # The partner structure (DAC, CMP, PMI, CCAS, EHPAD…) or the relationship to the patient.
    structure: Mapped[str | None] = mapped_column(String(200))
    presence: Mapped[Presence] = mapped_column(
        enum_column(Presence, "guest_presence"), nullable=False, default=Presence.PRESENT
    )
    mode: Mapped[AttendanceMode] = mapped_column(
        enum_column(AttendanceMode, "guest_mode"), nullable=False, default=AttendanceMode.ON_SITE
    )
    signed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    meeting: Mapped[Meeting] = relationship()
    item: Mapped[AgendaItem | None] = relationship()


class PatientInformation(Base):
    """ "Patient informé de la proposition": when, by whom, how — one per presentation."""

    __tablename__ = "patient_information"
    __table_args__ = (CheckConstraint("trim(informed_by) <> ''", name="informed_by_not_blank"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    informed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    informed_by: Mapped[str] = mapped_column(String(200), nullable=False)
    channel: Mapped[InformationChannel] = mapped_column(
        enum_column(InformationChannel, "information_channel"), nullable=False
    )
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    item: Mapped[AgendaItem] = relationship()
