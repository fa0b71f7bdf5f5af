"""Assets by domain: one module per stage of the data flow (inventory, sources, metrics, reports, cpr)."""
