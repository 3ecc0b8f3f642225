"""The sandbox's docs-only edna personality, derived from the contract."""
