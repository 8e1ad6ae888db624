"""/data/: the bulk snapshots `manage.py export_data` writes, listed and downloadable."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render

from casework import snapshots


def data_index(request):
    context = {
        "snapshots": snapshots.list_snapshots(),
        "licence": settings.DATA_LICENCE,
    }
    return render(request, "casework/data.html", context)


def data_file(request, name: str, filename: str):
    path = snapshots.downloadable(name, filename)
    if path is None:
        raise Http404
    content_type = {
        ".csv": "text/csv; charset=utf-8",
        ".jsonl": "application/jsonl; charset=utf-8",
        ".json": "application/json",
    }[path.suffix]
    response = FileResponse(path.open("rb"), as_attachment=True, filename=f"casework-{name}-{filename}")
    response["Content-Type"] = content_type
    return response
