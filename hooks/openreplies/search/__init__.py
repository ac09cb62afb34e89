"""Search: a term-partitioned lunr index built at build time and queried by lunr.js.

`terms` turns text into index terms (bigrams, segmenter words, exact numbers, whole 文号, title
keys and facet terms), `chars` holds the traditional → simplified map, `fields` defines the
search document and `documents` makes one per published reply, `index` writes the partitioned
index (with `spool` keeping its memory bounded), `worker` runs that in a second process while
MkDocs renders pages; `planner` reads a query into its parts, `ranking` chooses terms and
orders replies, and `lookup` runs a whole query over an index as the browser does (the three
are the Python twins of assets/search.js). `page` holds the search page and its browser files.
Nothing is imported here, so that the worker process loads only what it needs.
"""
