"""The Dossiers area: patient and case-file dialogs, the case view and its panels."""
