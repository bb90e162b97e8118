"""The one lock every pdfium call of the process takes.

pdfium is not thread-safe, not even on two different documents: it keeps process-wide state (the
font mapper, caches), and two threads inside it at once crash the process (segfault, abort). The
page serves several requests on threads and OCR renders pages on its own threads, so a lock per
document is not enough; every reader takes this one (re-entrant: a page read inside a render is
one thread).
"""

from __future__ import annotations

import threading

PDFIUM = threading.RLock()
