"""Reference numbers: readable, per kind and Hijri year, unique under concurrent creation."""

import threading
from datetime import date

import pytest
from django.db import close_old_connections, connection

from silah.core.references import next_reference, parse_reference

pytestmark = pytest.mark.django_db


def test_the_first_reference_of_a_year_is_number_one():
    assert next_reference("REQ", on=date(2026, 11, 25)) == "REQ-1448-000001"


def test_references_count_up_within_a_kind_and_year():
    next_reference("REQ", on=date(2026, 11, 25))
    assert next_reference("REQ", on=date(2026, 11, 26)) == "REQ-1448-000002"


def test_each_kind_of_record_has_its_own_sequence():
    next_reference("REQ", on=date(2026, 11, 25))
    assert next_reference("TKT", on=date(2026, 11, 25)) == "TKT-1448-000001"


def test_the_sequence_restarts_with_the_hijri_year():
    # 1 Muharram 1448 is 16 June 2026.
    assert next_reference("REQ", on=date(2026, 6, 15)) == "REQ-1447-000001"
    assert next_reference("REQ", on=date(2026, 6, 16)) == "REQ-1448-000001"


def test_a_bad_prefix_is_a_programming_error():
    with pytest.raises(ValueError):
        next_reference("req1")


@pytest.mark.parametrize(
    "typed",
    ["REQ-1448-000123", "req-1448-000123", " REQ - 1448 - 000123 ", "REQ-١٤٤٨-٠٠٠١٢٣"],
)
def test_typed_references_are_understood(typed):
    assert parse_reference(typed) == ("REQ", 1448, 123)


@pytest.mark.parametrize("typed", ["", "REQ", "REQ-48-1", "1448-000123", "REQ-1448-12"])
def test_text_that_is_not_a_reference_is_none(typed):
    assert parse_reference(typed) is None


@pytest.mark.django_db(transaction=True)
def test_references_are_unique_when_created_concurrently():
    threads, results, errors = 8, [], []
    per_thread = 15
    barrier = threading.Barrier(threads)

    def work():
        try:
            barrier.wait()
            for _ in range(per_thread):
                results.append(next_reference("REQ", on=date(2026, 11, 25)))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    assert len(results) == threads * per_thread
    assert len(set(results)) == len(results)
    assert max(results) == f"REQ-1448-{threads * per_thread:06d}"
