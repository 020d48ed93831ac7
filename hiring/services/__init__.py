"""Writes of the hiring app, one module per sub-domain (like hiring/api/ and hiring/views/):
committees, use cases, requisitions, the hiring plan's settings, candidates and applications."""
