"""Admin configuration of interviews: round types, versioned rubrics and loop templates."""
