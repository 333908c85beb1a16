"""The Année page's tabs: indemnisation of the participants' time, the annual report and its
targets, the evaluation of the RCP."""
