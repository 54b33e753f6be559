"""Fieldwork on laptops: offline entry, response packs and merging them."""
