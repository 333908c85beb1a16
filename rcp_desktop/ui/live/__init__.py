"""Live meeting mode: one projector-friendly screen for the referent.

``window`` composes the screen; ``widgets`` the panels that show the meeting; ``editors`` the
fields typed during it; ``autosave`` commits them as they are typed; ``navigation`` moves
through the agenda and holds the keys. The text of a case, named or pseudonymised, and the
crisis-plan summary are Qt-free, in :mod:`rcp_desktop.services.case_text`.
"""
