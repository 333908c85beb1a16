"""Documents for the patient, the GP and the record: the dialogs that prepare them."""
