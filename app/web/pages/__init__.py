"""Page routes, one module per area; thin, they call the domain services."""
