"""The thin HTTP client for the stand's REST API. It never prints."""
