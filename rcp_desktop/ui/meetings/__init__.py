"""Séances: planning, agenda, attendance and decision dialogs and widgets."""
