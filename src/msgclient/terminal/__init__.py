"""The terminal: streams, rendering, prompts."""
