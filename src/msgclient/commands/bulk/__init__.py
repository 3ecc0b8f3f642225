"""msgclient bulk run|resume|status|list."""
