"""/data/: the public list of bulk snapshots, with sizes, checksums and downloads."""

import hashlib
import json

import pytest
from django.core.management import call_command

from casework.models import Person
from casework.vocabularies import Visibility
from tests.conftest import SENTINEL, build_leak_world
from tests.factories import PersonFactory
from tests.test_no_leaks import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshots_dir(settings, tmp_path):
    settings.DATA_SNAPSHOTS_DIR = tmp_path
    return tmp_path


def export(*args: str):
    call_command("export_data", *args, verbosity=0)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_no_snapshot_yet_says_so(client, snapshots_dir):
    response = client.get("/data/")
    assert response.status_code == 200
    assert "No snapshot has been published yet" in response.content.decode()


def test_lists_each_snapshot_with_its_files_sizes_and_checksums(client, article, snapshots_dir):
    export()
    (full,) = snapshots_dir.iterdir()
    PersonFactory(slug="added-later")
    export("--since", str(full))
    html = client.get("/data/").content.decode()
    delta = next(path for path in snapshots_dir.iterdir() if path.name.endswith("-delta"))
    # Newest first.
    assert html.index(delta.name) < html.index(f"/data/{full.name}/")
    for snapshot in (full, delta):
        manifest = json.loads((snapshot / "manifest.json").read_text())
        for entry in manifest["files"]:
            assert f'href="/data/{snapshot.name}/{entry["name"]}"' in html
            assert entry["sha256"] in html
        assert f"/data/{snapshot.name}/manifest.json" in html
    assert "Full snapshot" in html and "Changes" in html
    assert f"Since snapshot {full.name}" in html
    assert 'rel="license"' in html and "CC BY 4.0" in html


def test_files_download_byte_for_byte(client, article, snapshots_dir):
    export()
    (snapshot,) = snapshots_dir.iterdir()
    for name in ("persons.jsonl", "persons.csv", "manifest.json"):
        response = client.get(f"/data/{snapshot.name}/{name}")
        assert response.status_code == 200
        content = body(response)
        assert content == (snapshot / name).read_bytes()
        assert "attachment" in response["Content-Disposition"]
    listed = {entry["name"]: entry["sha256"] for entry in json.loads((snapshot / "manifest.json").read_text())["files"]}
    assert hashlib.sha256(body(client.get(f"/data/{snapshot.name}/events.csv"))).hexdigest() == listed["events.csv"]
    assert client.get(f"/data/{snapshot.name}/events.csv")["Content-Type"].startswith("text/csv")


def test_only_files_a_complete_snapshot_lists_are_served(client, article, snapshots_dir):
    export()
    (snapshot,) = snapshots_dir.iterdir()
    (snapshot / "notes.csv").write_text("not for the public")
    half = snapshots_dir / ".partial-abc"
    half.mkdir()
    (half / "persons.csv").write_text("half")
    unfinished = snapshots_dir / "20200101T000000Z-full"
    unfinished.mkdir()
    (unfinished / "persons.csv").write_text("no manifest")
    for path in (
        f"/data/{snapshot.name}/notes.csv",
        "/data/.partial-abc/persons.csv",
        "/data/20200101T000000Z-full/persons.csv",
        f"/data/{snapshot.name}/..%2Fmanifest.json",
        f"/data/{snapshot.name}/%2Fetc%2Fpasswd",
        "/data/no-such/persons.csv",
    ):
        assert client.get(path).status_code == 404, path
    html = client.get("/data/").content.decode()
    assert "notes.csv" not in html and "partial" not in html and "20200101" not in html


def test_a_withdrawn_record_is_named_only_in_the_delta(client, article, snapshots_dir):
    PersonFactory(slug="soon-withdrawn", summary="Public once.")
    export()
    (full,) = snapshots_dir.iterdir()
    Person.objects.filter(slug="soon-withdrawn").update(visibility=Visibility.DRAFT, summary="Now a draft.")
    export("--since", str(full))
    delta = next(path for path in snapshots_dir.iterdir() if path.name.endswith("-delta"))
    withdrawn = body(client.get(f"/data/{delta.name}/withdrawn.jsonl")).decode()
    assert json.loads(withdrawn) == {"type": "persons", "slug": "soon-withdrawn"}
    for path in delta.iterdir():
        assert "Now a draft" not in path.read_text()


def test_page_in_russian(client, article, snapshots_dir):
    export()
    html = client.get("/ru/data/").content.decode()
    assert '<html lang="ru">' in html
    assert "Полный снимок" in html
    assert "Выгрузки данных" in html


def test_walking_the_site_reaches_every_snapshot_file_and_no_leak(client, article, snapshots_dir):
    build_leak_world()
    export()
    pages = walk(client)
    (snapshot,) = snapshots_dir.iterdir()
    files = [f"/data/{snapshot.name}/{path.name}" for path in snapshot.iterdir()]
    assert set(files) <= set(pages)
    for path, response in pages.items():
        assert response.status_code < 500, path
        assert SENTINEL not in body(response).decode("utf-8", "replace").lower(), f"leak on {path}"


def test_the_list_as_json_for_programs(client, article, snapshots_dir):
    export()
    (snapshot,) = snapshots_dir.iterdir()
    data = client.get("/data/snapshots.json").json()
    assert data["licence"]["name"] == "CC BY 4.0"
    (listed,) = data["snapshots"]
    manifest = json.loads((snapshot / "manifest.json").read_text())
    assert listed["name"] == snapshot.name
    assert listed["kind"] == "full" and listed["since"] is None
    assert listed["created_at"] == manifest["created_at"]
    assert listed["counts"] == manifest["counts"]
    assert listed["manifest"] == f"http://testserver/data/{snapshot.name}/manifest.json"
    for file in listed["files"]:
        assert file["url"] == f"http://testserver/data/{snapshot.name}/{file['name']}"
        assert hashlib.sha256(body(client.get(file["url"]))).hexdigest() == file["sha256"]
    assert client.get("/data/").content.decode().count('href="/data/snapshots.json"') == 1
