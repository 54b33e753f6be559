"""Journey maps and their live scores."""
