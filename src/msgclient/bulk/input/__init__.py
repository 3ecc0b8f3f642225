"""Reading bulk input: formats, rows, defaults, templating, keys."""
