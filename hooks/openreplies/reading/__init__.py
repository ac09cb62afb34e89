"""Reading: a reply file → a `Reply` record (possibly partial) and what is doubtful about it.

intake (bytes → numbered lines, Word header tables included) → parsing (the recognisers of
title, 届次, number, addressee, units, handling and footer fields) → one `Reply`. Nothing here
knows MkDocs or the site; `names` holds the canonical name tables the recognisers use.
"""
