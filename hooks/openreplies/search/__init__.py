"""Search: a term-partitioned lunr index built at build time and queried by lunr.js.

`terms` turns text into index terms (bigrams, segmenter words, exact numbers and 文号),
`fields` defines the search document and `documents` makes one per published reply, `index`
writes the partitioned index (with `spool` keeping its memory bounded), `worker` runs that in a
second process while MkDocs renders pages, `lookup` reads an index as the browser does, and
`page` holds the search page and its browser files. Nothing is imported here, so that the
worker process loads only what it needs.
"""
