"""Exchange-cue families that need more than one transfer verb: each its own module, each switched by its own family in
``summarizer/reading_config.py`` (``cues.lists``, ``cues.custody``, ``cues.payments``, ``cues.concessions``).
The core cues and the helpers they share (resolving a phrase to a candidate, an item's span) are in
``summarizer/prepass/exchanges.py``."""
