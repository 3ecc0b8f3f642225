"""One shape for every command: an Options dataclass, run(opts, ctx) and a Typer adapter named
command that only parses; one module per verb (docs/architecture.md, "A command")."""
