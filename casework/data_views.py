"""/data/: the bulk snapshots `manage.py export_data` writes, listed and downloadable."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from casework import snapshots

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".jsonl": "application/jsonl; charset=utf-8",
    ".json": "application/json",
}


def data_index(request):
    context = {
        "snapshots": snapshots.list_snapshots(),
        "licence": settings.DATA_LICENCE,
    }
    return render(request, "casework/data.html", context)


def data_index_json(request):
    """The same list for programs: what a researcher's sync script reads first."""

    def url(name: str, filename: str) -> str:
        return request.build_absolute_uri(reverse("data-file", kwargs={"name": name, "filename": filename}))

    listed = [
        {
            "name": snapshot.name,
            "kind": snapshot.kind,
            "created_at": snapshot.created_at.isoformat().replace("+00:00", "Z"),
            "since": snapshot.since,
            "counts": snapshot.counts,
            "manifest": url(snapshot.name, snapshots.MANIFEST),
            "files": [
                {
                    "name": file.name,
                    "resource": file.resource,
                    "format": file.format,
                    "bytes": file.bytes,
                    "sha256": file.sha256,
                    "url": url(snapshot.name, file.name),
                }
                for file in snapshot.files
            ],
        }
        for snapshot in snapshots.list_snapshots()
    ]
    licence = settings.DATA_LICENCE
    return JsonResponse(
        {"licence": {"name": licence["name"], "url": licence["url"]}, "snapshots": listed},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


def data_file(request, name: str, filename: str):
    path = snapshots.downloadable(name, filename)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=f"casework-{name}-{filename}")
    response["Content-Type"] = CONTENT_TYPES[path.suffix]
    return response
