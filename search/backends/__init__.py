"""The bank's search backends, each implementing `search.contract.SearchBackend`.

`database` is the index of record and the fallback; `elastic` mirrors it when
`ELASTICSEARCH_URL` is set. Which one answers is decided in search/contract.py.
"""
