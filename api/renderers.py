"""CSV: every list as a spreadsheet, written row by row as the database yields them."""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Iterator

from rest_framework import renderers

# A cell that starts like a formula would run as one in a spreadsheet (CSV injection);
# a leading apostrophe makes spreadsheets show it as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The last line of a streamed export that failed part-way. The 200 and the header are
# already sent by then; without this line a broken export would read as a short result.
EXPORT_FAILED = "# EXPORT FAILED: this file is incomplete; {rows} rows were written before an error. Try again."

logger = logging.getLogger(__name__)


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        text = "; ".join(value)
    elif isinstance(value, list | dict):
        # Nested records (citations) keep their structure as JSON inside one cell.
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text


class _Line:
    """A file-like object csv.writer can write to, handing back each line."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(header)
    written = 0
    try:
        for row in rows:
            yield writer.writerow([cell(row.get(name)) for name in header])
            written += 1
    except Exception:
        logger.exception("CSV export failed after %d rows", written)
        yield EXPORT_FAILED.format(rows=written) + "\r\n"


class CSVRenderer(renderers.BaseRenderer):
    """``?format=csv``. Lists stream from the view (see api.views); this renders the
    rest, a single flat object, as one row."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        header = list(rows[0].keys()) if rows else []
        return "".join(csv_lines(header, rows)).encode(self.charset)
