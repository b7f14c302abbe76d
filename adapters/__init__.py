"""Everything at the edge: chat adapters, the SQL store, the scheduler and the ``mentor`` CLI."""
