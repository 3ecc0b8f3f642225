"""One module per command: an Options dataclass, a run function and a thin Typer adapter."""
