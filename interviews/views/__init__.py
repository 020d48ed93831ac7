"""Pages of the interviews app, one module per audience (interviewer, recruiter)."""
