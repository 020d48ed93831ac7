"""Pages of the hiring app, one module per resource. Routes in hiring/pages.py."""
