"""Write summarizer/data/schemas/{summary,extraction}.json from the pydantic models.

`summarize schema` prints these files without importing pydantic (see summarizer/entry.py). Run this after
changing summarizer/schema.py; tests/test_startup.py fails while they differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.entry import SCHEMA_DIR, SCHEMA_NAMES  # noqa: E402
from summarizer.schema import schema_json  # noqa: E402

if __name__ == "__main__":
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    for name in SCHEMA_NAMES:
        path = SCHEMA_DIR / f"{name}.json"
        path.write_text(schema_json(name), encoding="utf-8")
        print(f"wrote {path}")
