"""Recall-first candidates for the terms of a deal: the pattern files of ``patterns/`` (data, one file per
family) run by one engine (``engine.py``) over the parse, reading roles with ``roles.py``. Nothing here decides
what is a term: the fitted decisions (``summarizer/fitted/``) keep or drop candidates.
"""
