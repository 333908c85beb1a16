"""The "Demandes" page's dialogs: a request typed in or completed, its triage."""
