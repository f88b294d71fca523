"""Pages of investment attraction."""
