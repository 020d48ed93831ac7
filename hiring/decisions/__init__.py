"""The committee's side of a loop: recommendation (audit trail), packet, votes and the decision."""
