"""``python -m summarizer`` is the ``summarize`` command."""

from summarizer.entry import main

main()
