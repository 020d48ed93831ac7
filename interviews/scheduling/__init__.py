"""Scheduling loops: the pure solver (`solver`), and the services, selectors and invites around it."""
