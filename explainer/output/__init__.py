"""Where every output goes, and writing the site in one step (stage 7)."""
