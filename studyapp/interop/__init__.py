"""Exchange content and review history with other study programs' file formats."""
