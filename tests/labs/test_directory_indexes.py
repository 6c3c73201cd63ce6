"""Each order the lab directory offers is served by its index on both engines (labs.models.DIRECTORY_ORDERS):
the first page of 20,000 labs is read from the index instead of sorting every active lab."""

import pytest
from django.db import connection, transaction

from labs.filters import LabFilter
from labs.models import Lab, LabStatus


def plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test database is too small for the planner to prefer an index by cost: forbid what the
            # index saves, so that only an index matching the ORDER BY can avoid it.
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize("sort", sorted(LabFilter.SORTS))
def test_each_directory_order_is_read_from_its_index(sort):
    filterset = LabFilter({"sort": sort}, queryset=Lab.objects.filter(status=LabStatus.ACTIVE))
    sql, params = filterset.qs[:50].query.sql_with_params()
    with transaction.atomic():
        explained = plan(sql, params)

    assert f"lab_directory_{sort}_order" in explained
    assert "TEMP B-TREE" not in explained and "Sort" not in explained.replace("Incremental Sort", "")
