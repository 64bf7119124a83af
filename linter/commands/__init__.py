"""One module per sub-command; each only parses options and calls the API."""
