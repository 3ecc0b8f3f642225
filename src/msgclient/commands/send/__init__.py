"""msgclient send: flags, prompts, preview and result."""
