"""The editors' workspace: fast entry with sources, review and publishing, history, CSV.

One module per concern:
- ``base``: what every model admin shares (history in the editors' words, readable dates);
- ``restricted``: every guard on restricted person fields;
- ``workflow``: the change form's visibility rule, the workflow actions, CSV import/export;
- ``inlines``: the records entered on a case's page, each with its citations;
- ``nesting``: rows inside rows (django-nested-admin) held to the rules of Django's inlines;
- ``people``: persons and cohorts, the hubs of a case;
- ``records``: every other record type;
- ``reports``: the triage list of readers' error reports.

Changelists select their related rows up front, so their query count stays flat.
"""

from casework.admin import access, people, records, reports, revisions  # noqa: F401  (registers the model admins)
