"""Builders of small, explicit test data; each test states what it needs.

One module per layer, mirroring the apps: ``pages`` (the site and its sections), ``users``
(accounts in role groups), ``registry`` (municipalities and schools), and the feature apps'
own modules beside them.
"""
