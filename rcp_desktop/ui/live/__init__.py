"""Live meeting mode: one projector-friendly screen for the referent."""
