"""Fitting the reading's decisions from the labelled dev texts: ``summarize train`` (see ``fit.py``).

``labels.py`` aligns each candidate with the gold label (with the eval's own name matcher: training may read the
ruler, the reading never does); ``fit.py`` fits one logistic regression per decision, measures the whole reading
by 5-fold cross-validation grouped by text and by leaving each publisher family out, and writes
``summarizer/fitted/weights.json``.
"""
