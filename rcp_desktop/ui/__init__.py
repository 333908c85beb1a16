"""Qt user interface. Pages call services; they never open a database session themselves."""
