"""The local index of a stand's threads: kept by sync, read by every list and search."""
