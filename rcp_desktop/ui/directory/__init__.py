"""The Annuaire page's dialogs: a professional's record, the file import and its report."""
