"""Pages of problem coordination (problems), approval services (approvals) and site inspections (inspections)."""
