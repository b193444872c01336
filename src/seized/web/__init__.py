"""The analysts' workbench: `seized serve`, a web application over one case.

It reads the case store read-only and the search index built by the ``index`` stage; what the
analysts do (links confirmed or rejected, tags, notes, packages) goes to its own append-only
store in ``CASE/workbench/`` with custody entries. Every page, search result, graph node and API
answer passes one scope (:mod:`seized.web.scope`): an analyst sees the persons of the agency's
countries and what they touched, anyone else only as a redacted placeholder.

Modules: ``store`` (the workbench's SQLite store), ``users`` (Argon2 passwords), ``audit``
(the hash-chained audit log), ``scope``, ``entities``/``money``/``graph`` (scoped reads),
``index`` and ``stage`` (the search index), ``actions``, ``app`` (the ASGI application),
``pages`` and ``api`` (routes), ``server`` (`seized serve`).
"""
