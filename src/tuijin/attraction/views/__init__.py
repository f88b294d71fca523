"""Pages of investment attraction, one module per area: leads, contracts, fulfilment (milestones, funds, the
project link), events, teams, targets and settings; the overview and team ranking in ``overview``."""
